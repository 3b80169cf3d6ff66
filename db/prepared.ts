/**
 * Queries run on statements prepared once per SQL text and kept, where Kysely's SQLite
 * connection prepares every query again: an import writes thousands of rows through the same few
 * statements, and preparing a 60-column insert costs as much as running it.
 */
import type SQLite from 'better-sqlite3';
import type { CompiledQuery, QueryResult } from 'kysely';

/** Enough for every statement an import repeats; the least recently used goes first beyond. */
const KEPT = 64;

export class PreparedStatements {
  private readonly statements = new Map<string, SQLite.Statement>();

  constructor(private readonly sqlite: SQLite.Database) {}

  private statement(sql: string): SQLite.Statement {
    let statement = this.statements.get(sql);
    if (statement) {
      // Most recently used last, so that the first is the one to drop.
      this.statements.delete(sql);
    } else {
      statement = this.sqlite.prepare(sql);
      if (this.statements.size >= KEPT) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(sql, statement);
    return statement;
  }

  /** What Kysely's SQLite connection gives for a query, from a kept statement. */
  execute<R>(query: CompiledQuery): QueryResult<R> {
    const statement = this.statement(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }
}
