import type { Kysely } from 'kysely';
import { resealAuditChain } from '../queries/audit-chain';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Tamper evidence: each entry carries the hash of the one before and its own.
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
  // The entries written so far are sealed as they stand, in order.
  await resealAuditChain(db, 1);

  // When the dossier's personal data was purged at the end of its retention period.
  await db.schema.alterTable('dossiers').addColumn('anonymised_at', 'text').execute();
}
