import type { Kysely } from 'kysely';
import type { Database } from '../schema';

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

/** Many entries in a few statements: an import of 2,000 dossiers writes 2,000 of them. */
export async function insertAudits(db: Kysely<Database>, records: readonly AuditRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 500) {
    await db
      .insertInto('audit_log')
      .values(
        records.slice(i, i + 500).map((record) => ({
          at: record.at,
          actor: record.actor,
          entity_type: record.entityType,
          entity_id: record.entityId,
          action: record.action,
          before_json: toJson(record.before),
          after_json: toJson(record.after),
        })),
      )
      .execute();
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
