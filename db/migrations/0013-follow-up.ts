import { sql, type Kysely } from 'kysely';
import { engineOf, withId } from '../dialect';

export async function up(db: Kysely<unknown>): Promise<void> {
  const engine = engineOf(db);
  // The funding agreement of a decided grant, once signed by both parties; one per agenda item.
  await db.schema
    .createTable('agreements')
    .$call(withId(engine))
    .addColumn('agenda_item_id', 'integer', (c) => c.notNull().unique().references('agenda_items.id'))
    .addColumn('dossier_id', 'integer', (c) => c.notNull().references('dossiers.id'))
    .addColumn('signed_on', 'text', (c) => c.notNull())
    /** The number of payments its article 4 provides. */
    .addColumn('instalments', 'integer', (c) => c.notNull().check(sql`instalments >= 1`))
    /** The signed scan; the purge of personal data may remove it, the agreement stays. */
    .addColumn('scan_attachment_id', 'integer', (c) => c.references('attachments.id').onDelete('set null'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agreements_dossier').on('agreements').column('dossier_id').execute();

  await db.schema
    .createTable('grant_payments')
    .$call(withId(engine))
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id'))
    .addColumn('paid_on', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'integer', (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('grant_payments_agreement').on('grant_payments').column('agreement_id').execute();

  // What the agreement's article 6 asks the beneficiary to send, and by when.
  await db.schema
    .createTable('agreement_reports')
    .$call(withId(engine))
    .addColumn('agreement_id', 'integer', (c) => c.notNull().references('agreements.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text')
    .execute();
  await db.schema.createIndex('agreement_reports_due').on('agreement_reports').columns(['due_on', 'agreement_id']).execute();

  // A withdrawal by the applicants (désistement): the dossier leaves the agendas and stays in the record.
  await db.schema.alterTable('dossiers').addColumn('withdrawn_on', 'text').execute();
  await db.schema.alterTable('dossiers').addColumn('withdrawal_reason', 'text', (c) => c.notNull().defaultTo('')).execute();
}
