import type { Kysely } from 'kysely';
import { engineOf, withId } from '../dialect';

export async function up(db: Kysely<unknown>): Promise<void> {
  const engine = engineOf(db);
  // The register of every generated PDF; a new generation is a new version, never an overwrite.
  await db.schema
    .createTable('documents')
    .$call(withId(engine))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id'))
    .addColumn('dossier_id', 'integer', (c) => c.references('dossiers.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('file_path', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    /** When a decision letter was sent to the sponsors: the notification the deadline tracks. */
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('documents_version', ['kind', 'session_id', 'dossier_id', 'version'])
    .execute();
  await db.schema.createIndex('documents_session').on('documents').columns(['session_id', 'kind']).execute();
  await db.schema.createIndex('documents_dossier').on('documents').column('dossier_id').execute();
}
