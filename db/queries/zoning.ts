import type { Kysely } from 'kysely';
import type { Zoning } from '../../shared/dossier';
import type { ZoningEntry } from '../../shared/import-mapping';
import type { Database } from '../schema';

/** Replaces the whole table: an ARS publishes its zoning as one complete list. */
export async function replaceZoning(db: Kysely<Database>, args: { entries: ZoningEntry[]; at: string }): Promise<void> {
  await db.deleteFrom('zoning').execute();
  for (let i = 0; i < args.entries.length; i += 200) {
    await db
      .insertInto('zoning')
      .values(
        args.entries.slice(i, i + 200).map((e) => ({
          commune_code: e.communeCode,
          commune_name: e.communeName,
          zoning: e.zoning,
          apl: e.apl,
          imported_at: args.at,
        })),
      )
      .execute();
  }
}

export async function getZoning(db: Kysely<Database>, communeCode: string): Promise<ZoningEntry | undefined> {
  const row = await db.selectFrom('zoning').selectAll().where('commune_code', '=', communeCode).executeTakeFirst();
  return row && { communeCode: row.commune_code, communeName: row.commune_name, zoning: row.zoning as Zoning, apl: row.apl };
}

export async function countZoning(db: Kysely<Database>): Promise<number> {
  const { n } = await db.selectFrom('zoning').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return n;
}
