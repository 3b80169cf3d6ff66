import type { Kysely } from 'kysely';
import { engineOf, withId } from '../dialect';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A procedure of Démarches Simplifiées the dossiers are synced from; the token stays in each machine's keychain.
  await db.schema
    .createTable('ds_connections')
    .$call(withId(engineOf(db)))
    .addColumn('procedure_number', 'integer', (c) => c.notNull().unique())
    .addColumn('instance_url', 'text', (c) => c.notNull())
    /** Only this instructor group's dossiers; null: the whole procedure. */
    .addColumn('instructor_group', 'integer')
    /** When the last successful sync began: the next asks for what changed since. */
    .addColumn('last_sync_at', 'text')
    .addColumn('last_sync_batch_id', 'integer', (c) => c.references('import_batches.id'))
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addColumn('saved_by', 'text', (c) => c.notNull())
    .execute();
}
