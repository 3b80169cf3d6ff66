import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Base64 of the content's MD5, the checksum Démarches Simplifiées gives of each file: a sync
  // skips the files already attached without downloading them. Null for files kept before.
  await db.schema.alterTable('attachments').addColumn('content_md5', 'text').execute();
}
