/**
 * Statements kept by the connection: the same answers as Kysely's own SQLite connection, each
 * SQL text prepared once, the least recently used dropped beyond the limit.
 */
import SQLite from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { PreparedStatements } from '../../db/prepared';

function database() {
  const sqlite = new SQLite(':memory:');
  sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL)');
  return sqlite;
}

describe('kept statements', () => {
  it('answer as Kysely does: rows for a reader, changes and the new row id otherwise', () => {
    const prepared = new PreparedStatements(database());
    const insert = CompiledQuery.raw('INSERT INTO t (name) VALUES (?)', ['a']);
    expect(prepared.execute(insert)).toEqual({ numAffectedRows: 1n, insertId: 1n, rows: [] });
    expect(prepared.execute(CompiledQuery.raw('INSERT INTO t (name) VALUES (?)', ['b']))).toMatchObject({ insertId: 2n });
    expect(prepared.execute(CompiledQuery.raw('SELECT name FROM t WHERE id > ? ORDER BY id', [0])).rows).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(prepared.execute(CompiledQuery.raw('INSERT INTO t (name) VALUES (?) RETURNING id', ['c'])).rows).toEqual([{ id: 3 }]);
  });

  it('prepare each SQL text once, and again only once it has been dropped', () => {
    const sqlite = database();
    const prepare = vi.spyOn(sqlite, 'prepare');
    const prepared = new PreparedStatements(sqlite);
    for (let i = 0; i < 100; i++) prepared.execute(CompiledQuery.raw('INSERT INTO t (name) VALUES (?)', [`n${i}`]));
    expect(prepare).toHaveBeenCalledTimes(1);
    // 64 other texts push the first one out; used again, it is prepared again.
    for (let i = 0; i < 64; i++) prepared.execute(CompiledQuery.raw(`SELECT ${i} AS n`, []));
    prepared.execute(CompiledQuery.raw('INSERT INTO t (name) VALUES (?)', ['again']));
    expect(prepare).toHaveBeenCalledTimes(66);
    expect(sqlite.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 101 });
  });
});
