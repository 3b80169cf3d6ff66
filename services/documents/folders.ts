import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { putSetting } from '../../db/queries/settings';
import type { ServiceContext } from '../context';

/** Not a settings section: the folders documents were ever written to, where a crash may have left files. */
const KEY = 'documents.folders';

export async function documentFolders(db: Kysely<Database>): Promise<string[]> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  const folders: unknown = row ? JSON.parse(row.value) : [];
  return Array.isArray(folders) ? folders.filter((f): f is string => typeof f === 'string') : [];
}

/** Committed on its own, before the first file: a batch killed at its first document leaves its folder known. */
export async function rememberDocumentFolder(ctx: Pick<ServiceContext, 'db' | 'now' | 'actor'>, folder: string): Promise<void> {
  if ((await documentFolders(ctx.db)).includes(folder)) return;
  await ctx.db.transaction().execute(async (trx) => {
    const folders = await documentFolders(trx);
    if (!folders.includes(folder)) await putSetting(trx, { key: KEY, value: [...folders, folder], at: ctx.now().toISOString(), by: ctx.actor });
  });
}
