import { sql, type Kysely } from 'kysely';
import { bytesType, engineOf } from '../dialect';

export async function up(db: Kysely<unknown>): Promise<void> {
  const engine = engineOf(db);
  // Team mode without a shared folder: attachments and documents kept in the database, by the
  // sha256 of their bytes, so that one content attached or produced twice is kept once.
  await db.schema
    .createTable('stored_files')
    .addColumn('sha256', 'text', (c) => c.primaryKey().check(sql`length(sha256) = 64`))
    .addColumn('size', 'integer', (c) => c.notNull().check(sql`size >= 0`))
    .addColumn('content', bytesType(engine), (c) => c.notNull())
    .addColumn('stored_at', 'text', (c) => c.notNull())
    .execute();
}
