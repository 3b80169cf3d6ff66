import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export async function getSettingRows(db: Kysely<Database>): Promise<Map<string, unknown>> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  return new Map(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
}

export async function putSetting(
  db: Kysely<Database>,
  args: { key: string; value: unknown; at: string },
): Promise<void> {
  const value = JSON.stringify(args.value);
  await db
    .insertInto('settings')
    .values({ key: args.key, value, updated_at: args.at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: args.at }))
    .execute();
}
