/**
 * What the dossiers list says in each engine's own dialect: the text index over
 * `dossiers.search_text` (already folded by shared/text's foldText) — on SQLite an FTS5 table
 * with the trigram tokenizer, on PostgreSQL a trigram GIN index (pg_trgm) that LIKE uses — and
 * the choice of index a page walks (SQLite's hints; PostgreSQL plans by its statistics). The
 * rest of db/queries/dossiers.ts is plain SQL.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { engineOf, type Engine } from './dialect';

const TABLE = 'dossiers_search';

/**
 * The index and the triggers that keep it in step with every write of `dossiers` (create,
 * update, import, purge, a deleted row), then filled from the rows already there. External
 * content: the text is stored once, in `dossiers.search_text`; the index keeps only trigrams.
 */
export async function createSearchIndex(db: Kysely<unknown>): Promise<void> {
  if (engineOf(db) === 'postgres') {
    // pg_trgm is a trusted extension: the database's owner may create it.
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    await sql`CREATE INDEX ${sql.id(TABLE)} ON dossiers USING gin (search_text gin_trgm_ops)`.execute(db);
    return;
  }
  const statements = [
    // columnsize=0: no ranking, so no per-row sizes to write.
    `CREATE VIRTUAL TABLE ${TABLE} USING fts5(search_text, content='dossiers', content_rowid='id', tokenize='trigram', columnsize=0)`,
    `CREATE TRIGGER ${TABLE}_insert AFTER INSERT ON dossiers BEGIN
       INSERT INTO ${TABLE} (rowid, search_text) VALUES (new.id, new.search_text);
     END`,
    `CREATE TRIGGER ${TABLE}_delete AFTER DELETE ON dossiers BEGIN
       INSERT INTO ${TABLE} (${TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
     END`,
    // An import rewrites every column of a dossier it updates: the text is indexed again only if it changed.
    `CREATE TRIGGER ${TABLE}_update AFTER UPDATE OF search_text ON dossiers WHEN old.search_text IS NOT new.search_text BEGIN
       INSERT INTO ${TABLE} (${TABLE}, rowid, search_text) VALUES ('delete', old.id, old.search_text);
       INSERT INTO ${TABLE} (rowid, search_text) VALUES (new.id, new.search_text);
     END`,
    `INSERT INTO ${TABLE} (${TABLE}) VALUES ('rebuild')`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/**
 * Rewrites the index without the entries of replaced texts: FTS5 records a deletion beside the
 * old entry until segments merge, so an anonymised name would stay readable in the index.
 */
export async function compactSearchIndex<DB>(db: Kysely<DB>): Promise<void> {
  await sql`INSERT INTO ${sql.table(TABLE)} (${sql.table(TABLE)}) VALUES ('optimize')`.execute(db);
}

/** Trigrams need three characters: a shorter word is looked for with LIKE. */
export const INDEXED_WORD = 3;

/**
 * An FTS5 query asking for every word, each as a quoted string (its quotes doubled), so that
 * nothing typed is read as FTS5 syntax (AND, NEAR, *, column filters…).
 */
export function matchQuery(words: readonly string[]): string {
  return words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' AND ');
}

/** The ids of dossiers whose text holds every word, in id order; `limit` stops the index early. */
export async function matchingIds<DB>(db: Kysely<DB>, words: readonly string[], limit: number): Promise<number[]> {
  const { rows } =
    engineOf(db) === 'postgres'
      ? await sql<{ id: number }>`SELECT id FROM dossiers WHERE ${allWords(words)} ORDER BY id LIMIT ${limit}`.execute(db)
      : await sql<{ id: number }>`SELECT rowid AS id FROM ${sql.table(TABLE)} WHERE ${sql.table(TABLE)} MATCH ${matchQuery(words)} LIMIT ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

/** How many dossiers hold every word, from the index alone. */
export async function countMatching<DB>(db: Kysely<DB>, words: readonly string[]): Promise<number> {
  const { rows } = await sql<{ total: number }>`SELECT count(*) AS total FROM ${
    engineOf(db) === 'postgres' ? sql`dossiers WHERE ${allWords(words)}` : sql`${sql.table(TABLE)} WHERE ${sql.table(TABLE)} MATCH ${matchQuery(words)}`
  }`.execute(db);
  return rows[0]?.total ?? 0;
}

/** The dossier's folded text holds the word, read from its row (LIKE's wildcards escaped). */
export function containsWord(word: string): RawBuilder<boolean> {
  return sql<boolean>`search_text LIKE ${`%${word.replace(/[\\%_]/g, '\\$&')}%`} ESCAPE '\\'`;
}

/**
 * The dossiers table read through the named index, or by id only (no index): the caller knows
 * how many dossiers match, which the planner, without statistics, does not. When many match,
 * walking the sort index and stopping after a page beats seeking them all and sorting them;
 * when a few ids are known, reading those rows beats seeking a broad filter.
 */
export function dossiersThrough(engine: Engine, index: string | null): RawBuilder<unknown> {
  if (engine === 'postgres') return sql`dossiers`;
  return index === null ? sql`dossiers NOT INDEXED` : sql`dossiers INDEXED BY ${sql.id(index)}`;
}

/** The dossiers among these ids, bound as one value: one SQL text, prepared once, whatever their number. */
export function idAmong(engine: Engine, ids: readonly number[]): RawBuilder<boolean> {
  if (engine === 'postgres') return sql<boolean>`id = ANY(${[...ids]}::integer[])`;
  return sql<boolean>`id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
}

/** Every word in the row's text; on PostgreSQL, the trigram index serves these LIKEs. */
function allWords(words: readonly string[]): RawBuilder<boolean> {
  return sql.join(words.map(containsWord), sql` AND `) as RawBuilder<boolean>;
}

/** The dossiers whose text holds every (indexed) word, as a condition on `dossiers.id`. */
export function matchesAll(engine: Engine, words: readonly string[]): RawBuilder<boolean> {
  if (engine === 'postgres') return allWords(words);
  return sql<boolean>`id IN (SELECT rowid FROM ${sql.table(TABLE)} WHERE ${sql.table(TABLE)} MATCH ${matchQuery(words)})`;
}
