import { sql, type Kysely } from 'kysely';
import { engineOf, isJson, withId } from '../dialect';

export async function up(db: Kysely<unknown>): Promise<void> {
  const engine = engineOf(db);
  // The people who sign in (team mode); while the table is empty, the app runs as the OS user.
  await db.schema
    .createTable('accounts')
    .$call(withId(engine))
    .addColumn('login', 'text', (c) => c.notNull())
    /** The login folded to lower case: unique, so that « CMartin » and « cmartin » are one account. */
    .addColumn('login_key', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('secretariat', 'instructor', 'member', 'readonly')`))
    /** An instructor's départements, as a JSON array of codes. */
    .addColumn('departments_json', 'text', (c) => c.notNull().defaultTo('[]').check(isJson(engine, 'departments_json')))
    .addColumn('member_id', 'integer', (c) => c.references('members.id'))
    /** An argon2id hash (PHC string); never the password. */
    .addColumn('password_hash', 'text', (c) => c.notNull())
    /** Folded to lower case, as Windows compares user names; '' for none. */
    .addColumn('windows_user', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    /** Wrong passwords in a row, and until when the account waits before the next try. */
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'text')
    .execute();
  await db.schema.createIndex('accounts_windows_user').on('accounts').column('windows_user').execute();
}
