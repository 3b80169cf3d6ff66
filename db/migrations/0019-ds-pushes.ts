import type { Kysely } from 'kysely';
import { engineOf, withId } from '../dialect';

export async function up(db: Kysely<unknown>): Promise<void> {
  const engine = engineOf(db);
  // A decision sent to Démarches Simplifiées with its letter: one row per letter version, so that
  // a version is never sent twice; each step's time says how far an interrupted push got.
  await db.schema
    .createTable('ds_pushes')
    .$call(withId(engine))
    .addColumn('document_id', 'integer', (c) => c.notNull().unique().references('documents.id'))
    .addColumn('letter_sha256', 'text', (c) => c.notNull())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id'))
    .addColumn('dossier_id', 'integer', (c) => c.notNull().references('dossiers.id'))
    .addColumn('ds_number', 'integer', (c) => c.notNull())
    /** accept, refuse or postpone (dsPushActions). */
    .addColumn('action', 'text', (c) => c.notNull())
    /** The platform's ids of the dossier and of the instructor who decides. */
    .addColumn('dossier_gid', 'text')
    .addColumn('instructeur_gid', 'text')
    .addColumn('instruction_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('message_at', 'text')
    /** All steps asked for are done: the letter version is sent. */
    .addColumn('completed_at', 'text')
    .addColumn('platform_state', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ds_pushes_session').on('ds_pushes').columns(['session_id', 'dossier_id']).execute();
  await db.schema.createIndex('ds_pushes_dossier').on('ds_pushes').column('dossier_id').execute();
}
