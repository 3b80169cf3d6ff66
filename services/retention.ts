/**
 * The purge at the end of the retention period: dossiers whose last decision is older than the
 * settings' years are anonymised (persons' names, e-mails, phones, RPPS, addresses), lose their
 * attachments and the personal values of their audit entries and of the closed sessions' frozen
 * records. Rewriting audit entries breaks their hash chain: it is sealed again from the first
 * entry rewritten, and the purge's own entry says so, so that `audit verify` passes and shows it.
 */
import { bumpVersions } from '../db/queries/versions';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { insertAudit } from '../db/queries/audit';
import { RESEAL_ACTION, resealAuditChain } from '../db/queries/audit-chain';
import { getDossiers, updateDossier } from '../db/queries/dossiers';
import { readSettings } from '../db/queries/settings';
import { compactSearchIndex } from '../db/search';
import type { Database } from '../db/schema';
import type { DossierData } from '../shared/dossier';
import { anonymiseDossierData, isPersonalField, retentionCutoff, scrubPersonal, type PurgeReport } from '../shared/retention';
import type { KeptFile } from './file-store';
import type { ServiceContext } from './context';
import { localToday } from './dates';
import { engineOf, jsonValue } from '../db/dialect';

type Db = Kysely<Database>;

/** Decided dossiers not yet anonymised whose last decision is on or before `cutoff`, and that no open session holds. */
async function pastRetention(db: Db, cutoff: string) {
  const decided = jsonValue(engineOf(db), 'a.decision_json', ['date'], 'text');
  const { rows } = await sql<{ id: number; ds_number: number | null; name: string; last_decision: string }>`
    SELECT d.id, d.ds_number, d.name, MAX(${decided}) AS last_decision
    FROM dossiers d JOIN agenda_items a ON a.dossier_id = d.id
    WHERE a.decision_json IS NOT NULL AND d.anonymised_at IS NULL
      AND NOT EXISTS (
        SELECT 1 FROM agenda_items b JOIN sessions s ON s.id = b.session_id
        WHERE b.dossier_id = d.id AND s.status <> 'closed')
    GROUP BY d.id
    HAVING MAX(${decided}) <= ${cutoff}
    ORDER BY d.id`.execute(db);
  return rows;
}

const CHUNK = 300;

async function inChunks<T>(ids: readonly number[], each: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const all: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) all.push(...(await each(ids.slice(i, i + CHUNK))));
  return all;
}

/** The audit entries of these dossiers that hold personal values, scrubbed. */
async function scrubbedAudit(db: Db, ids: readonly number[]) {
  const rows = await inChunks(ids, (chunk) =>
    db
      .selectFrom('audit_log')
      .select(['id', 'before_json', 'after_json'])
      .where('entity_type', '=', 'dossier')
      .where('entity_id', 'in', chunk.map(String))
      .execute(),
  );
  return rows.flatMap((row) => {
    const before = scrubPersonal(row.before_json === null ? null : JSON.parse(row.before_json));
    const after = scrubPersonal(row.after_json === null ? null : JSON.parse(row.after_json));
    const blanked = before.blanked + after.blanked;
    if (blanked === 0) return [];
    const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
    return [{ id: row.id, before: json(before.value), after: json(after.value), blanked }];
  });
}

/** The closed sessions' frozen records that print these dossiers, anonymised. */
async function scrubbedRecords(db: Db, ids: ReadonlySet<number>) {
  const rows = await db.selectFrom('session_records').select(['session_id', 'facts_json']).execute();
  return rows.flatMap((row) => {
    const facts = JSON.parse(row.facts_json) as { dossiers: [number, DossierData][] };
    if (!facts.dossiers.some(([id]) => ids.has(id))) return [];
    facts.dossiers = facts.dossiers.map(([id, data]) => [id, ids.has(id) ? anonymiseDossierData(data) : data]);
    return [{ sessionId: row.session_id, factsJson: JSON.stringify(facts) }];
  });
}

/** Runs the purge, or with `dryRun` only says what it would do. */
export async function purgeRecords(input: { dryRun: boolean }, ctx: ServiceContext): Promise<PurgeReport> {
  const { records } = await readSettings(ctx.db);
  const cutoff = retentionCutoff(localToday(ctx), records.retentionYears);
  const at = ctx.now().toISOString();
  // The purged attachments' files, forgotten once the transaction is committed.
  let purgedFiles: KeptFile[] = [];
  const report = await ctx.db.transaction().execute(async (trx) => {
    const dossiers = await pastRetention(trx, cutoff);
    const ids = dossiers.map((d) => d.id);
    const stored = await inChunks(ids, (chunk) => getDossiers(trx, chunk));
    const attachments = await inChunks(ids, (chunk) =>
      trx.selectFrom('attachments').select(['stored_path as path', 'sha256']).where('dossier_id', 'in', chunk).execute(),
    );
    const audit = await scrubbedAudit(trx, ids);
    const sessionRecords = await scrubbedRecords(trx, new Set(ids));
    const manualFields = (
      await inChunks(ids, (chunk) => trx.selectFrom('dossier_manual_fields').select(['dossier_id', 'field']).where('dossier_id', 'in', chunk).execute())
    ).filter((m) => isPersonalField(m.field));
    const documents = await inChunks(ids, (chunk) => trx.selectFrom('documents').select('id').where('dossier_id', 'in', chunk).execute());
    const resealedFrom = audit.length ? Math.min(...audit.map((a) => a.id)) : null;
    const report: PurgeReport = {
      dryRun: input.dryRun,
      retentionYears: records.retentionYears,
      cutoff,
      dossiers: dossiers.map((d) => ({ id: d.id, dsNumber: d.ds_number, name: d.name, lastDecision: d.last_decision })),
      professionals: stored.reduce((n, d) => n + d.data.professionals.length, 0),
      attachments: attachments.length,
      auditEntries: audit.length,
      auditValues: audit.reduce((n, a) => n + a.blanked, 0),
      sessionRecords: sessionRecords.length,
      manualFields: manualFields.length,
      documentsKept: documents.length,
      resealedFrom,
    };
    if (input.dryRun || ids.length === 0) return report;
    purgedFiles = attachments;

    for (const dossier of stored) {
      await updateDossier(trx, { id: dossier.id, data: anonymiseDossierData(dossier.data), at });
    }
    // A form opened before the purge would write the personal data back: its save is refused.
    await bumpVersions(trx, { table: 'dossiers', ids, at, by: ctx.actor });
    await compactSearchIndex<Database>(trx);
    await inChunks(ids, async (chunk) => {
      await trx.updateTable('dossiers').set({ anonymised_at: at }).where('id', 'in', chunk).execute();
      await trx.deleteFrom('attachments').where('dossier_id', 'in', chunk).execute();
      return [];
    });
    for (const m of manualFields) {
      await trx.deleteFrom('dossier_manual_fields').where('dossier_id', '=', m.dossier_id).where('field', '=', m.field).execute();
    }
    for (const r of sessionRecords) {
      await trx.updateTable('session_records').set({ facts_json: r.factsJson }).where('session_id', '=', r.sessionId).execute();
    }
    const head = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
    for (const a of audit) {
      await trx.updateTable('audit_log').set({ before_json: a.before, after_json: a.after }).where('id', '=', a.id).execute();
    }
    if (resealedFrom !== null) await resealAuditChain<Database>(trx, resealedFrom);
    await insertAudit(trx, {
      at,
      actor: ctx.actor,
      entityType: 'records',
      entityId: 'purge',
      action: RESEAL_ACTION,
      before: resealedFrom === null ? null : { head: head?.hash ?? null },
      after: {
        ...report,
        dryRun: undefined,
        dossiers: report.dossiers.map((d) => d.id),
        message:
          resealedFrom === null
            ? `Données personnelles de ${ids.length} dossier(s) anonymisées à la fin de leur durée de conservation.`
            : `Données personnelles de ${ids.length} dossier(s) anonymisées ; ${audit.length} entrée(s) du journal réécrite(s), chaîne d'empreintes rescellée à partir de l'entrée n° ${resealedFrom}.`,
      },
    });
    return report;
  });
  if (!input.dryRun) {
    await ctx.files.release(ctx.db, purgedFiles);
    // Their folders too (in the database's case, this machine's copies).
    for (const d of report.dossiers) rmSync(join(ctx.dataDir, 'pieces', String(d.id)), { recursive: true, force: true });
  }
  return report;
}
