import type { Kysely } from 'kysely';
import type { AuditLogTable, Database } from '../schema';
import { auditSealer } from './audit-chain';
import { insertSql, run } from './statements';

export interface AuditRecord {
  at: string;
  actor: string;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

export interface AuditRow extends AuditRecord {
  id: number;
}

const toJson = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
const fromJson = (v: string | null): unknown => (v === null ? null : JSON.parse(v));

export async function insertAudit(db: Kysely<Database>, record: AuditRecord): Promise<void> {
  await insertAudits(db, [record]);
}

const AUDIT_COLUMNS = ['at', 'actor', 'entity_type', 'entity_id', 'action', 'before_json', 'after_json', 'prev_hash', 'hash'] as const satisfies readonly (keyof AuditLogTable)[];
/**
 * Entries a statement: few enough that their JSON, which may run to kilobytes an entry, is
 * written and dropped before the next collection of young objects rather than kept until a
 * full one (an import of 100,000 dossiers writes as many entries).
 */
const CHUNK = 100;

/** Many entries in a few statements: an import of 2,000 dossiers writes 2,000 of them. */
export async function insertAudits(db: Kysely<Database>, records: readonly AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  // The chain's last hash is read and extended under one write lock.
  if (!db.isTransaction) return db.transaction().execute((trx) => insertAudits(trx, records));
  const chain = await auditSealer(db);
  for (let i = 0; i < records.length; i += CHUNK) {
    const chunk = records.slice(i, i + CHUNK);
    const values: unknown[] = [];
    for (const record of chunk) {
      const content = [record.at, record.actor, record.entityType, record.entityId, record.action, toJson(record.before), toJson(record.after)] as const;
      values.push(...content, ...chain.seal(content));
    }
    await run(db, insertSql('audit_log', AUDIT_COLUMNS, chunk.length), values);
  }
}

export async function listAudit(
  db: Kysely<Database>,
  args: { entityType?: string; entityId?: string; limit: number },
): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(args.limit);
  if (args.entityType) query = query.where('entity_type', '=', args.entityType);
  if (args.entityId) query = query.where('entity_id', '=', args.entityId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    entityType: r.entity_type,
    entityId: r.entity_id,
    action: r.action,
    before: fromJson(r.before_json),
    after: fromJson(r.after_json),
  }));
}
