/**
 * The audit log as a hash chain: each entry carries the hash of the one before (`prev_hash`) and
 * its own (`hash`, over that and its content). Changing, removing or inserting an entry breaks
 * the chain at that point, which `verifyAuditChain` names. Whoever can write the file can also
 * recompute the whole chain: the head hash, noted elsewhere or kept in a backup, is what shows it.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { AuditVerification } from '../../shared/retention';
import type { Database } from '../schema';

/** The `prev_hash` of the first entry. */
export const GENESIS = '0'.repeat(64);

/** An entry's columns as stored, in the order they are hashed. */
export type AuditContent = readonly [
  at: string,
  actor: string,
  entityType: string,
  entityId: string,
  action: string,
  beforeJson: string | null,
  afterJson: string | null,
];

/** The action of the entry a purge writes once it has sealed the chain again. */
export const RESEAL_ACTION = 'records.purge';

export function auditHash(previous: string, content: AuditContent): string {
  return createHash('sha256').update(JSON.stringify([previous, ...content])).digest('hex');
}

/** Chains entries written after the current last one; to be used inside the writing transaction. */
export interface AuditSealer {
  /** [prev_hash, hash] of the next entry. */
  seal(content: AuditContent): [string, string];
}

export async function auditSealer(db: Kysely<Database>): Promise<AuditSealer> {
  const last = await db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  let previous = last?.hash ?? GENESIS;
  return {
    seal(content) {
      const link: [string, string] = [previous, auditHash(previous, content)];
      previous = link[1];
      return link;
    },
  };
}

type ChainRow = { id: number; at: string; actor: string; entity_type: string; entity_id: string; action: string; before_json: string | null; after_json: string | null };

const contentOf = (r: ChainRow): AuditContent => [r.at, r.actor, r.entity_type, r.entity_id, r.action, r.before_json, r.after_json];

const PAGE = 2000;

/** Every entry from `fromId` on, in order, a page at a time: the log may hold hundreds of thousands. */
async function* entriesFrom<DB>(db: Kysely<DB>, fromId: number) {
  for (let after = fromId - 1; ; ) {
    const { rows } = await sql<ChainRow & { prev_hash: string | null; hash: string | null }>`
      SELECT id, at, actor, entity_type, entity_id, action, before_json, after_json, prev_hash, hash
      FROM audit_log WHERE id > ${after} ORDER BY id LIMIT ${PAGE}`.execute(db);
    if (rows.length === 0) return;
    yield* rows;
    after = rows.at(-1)!.id;
  }
}

/**
 * Recomputes the chain from entry `fromId` to the end, after a deliberate rewrite (a purge, the
 * migration that introduced it). Runs inside the caller's transaction.
 */
export async function resealAuditChain<DB>(db: Kysely<DB>, fromId: number): Promise<void> {
  const { rows: before } = await sql<{ hash: string | null }>`SELECT hash FROM audit_log WHERE id < ${fromId} ORDER BY id DESC LIMIT 1`.execute(db);
  let previous = before[0]?.hash ?? GENESIS;
  for await (const row of entriesFrom(db, fromId)) {
    const hash = auditHash(previous, contentOf(row));
    if (row.prev_hash !== previous || row.hash !== hash) {
      await sql`UPDATE audit_log SET prev_hash = ${previous}, hash = ${hash} WHERE id = ${row.id}`.execute(db);
    }
    previous = hash;
  }
}

/** Walks the whole chain and names its first broken link, in French. */
export async function verifyAuditChain(db: Kysely<Database>): Promise<AuditVerification> {
  let previous: { id: number; hash: string } | null = null;
  let entries = 0;
  const reseals: AuditVerification['reseals'] = [];
  for await (const row of entriesFrom(db, 1)) {
    entries++;
    const expected = previous?.hash ?? GENESIS;
    const problem =
      row.hash === null || row.prev_hash === null
        ? `L'entrée n° ${row.id} n'a pas d'empreinte : elle a été ajoutée hors de l'application.`
        : row.prev_hash !== expected
          ? previous
            ? `L'entrée n° ${row.id} ne suit plus l'entrée n° ${previous.id} : une entrée a été supprimée ou insérée entre elles, ou l'entrée n° ${previous.id} a été modifiée.`
            : `L'entrée n° ${row.id}, la première du journal, ne commence pas la chaîne : des entrées ont été supprimées avant elle.`
          : row.hash !== auditHash(row.prev_hash, contentOf(row))
            ? `L'entrée n° ${row.id} a été modifiée après son enregistrement : son empreinte ne correspond plus à son contenu.`
            : null;
    if (problem) {
      return {
        ok: false,
        entries,
        head: null,
        broken: { id: row.id, at: row.at, action: row.action, entityType: row.entity_type, entityId: row.entity_id, message: problem },
        reseals,
      };
    }
    if (row.action === RESEAL_ACTION) {
      const fromId = (JSON.parse(row.after_json ?? '{}') as { resealedFrom?: unknown }).resealedFrom;
      if (typeof fromId === 'number') reseals.push({ id: row.id, at: row.at, actor: row.actor, fromId });
    }
    previous = { id: row.id, hash: row.hash! };
  }
  return { ok: true, entries, head: previous?.hash ?? null, broken: null, reseals };
}
