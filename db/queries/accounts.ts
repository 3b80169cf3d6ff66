import type { Kysely, Selectable } from 'kysely';
import type { Account, Role } from '../../shared/accounts';
import type { AccountsTable, Database } from '../schema';

type Db = Kysely<Database>;
export type AccountRow = Selectable<AccountsTable>;

/** How logins and Windows user names compare: without regard to case. */
export const foldLogin = (login: string) => login.trim().toLowerCase();

export function accountOf(row: AccountRow): Account {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    role: row.role as Role,
    departments: JSON.parse(row.departments_json) as string[],
    memberId: row.member_id,
    windowsUser: row.windows_user,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

export async function anyAccount(db: Db): Promise<boolean> {
  return (await db.selectFrom('accounts').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export function accountRow(db: Db, by: { id: number } | { login: string } | { windowsUser: string }): Promise<AccountRow | undefined> {
  const query = db.selectFrom('accounts').selectAll();
  if ('id' in by) return query.where('id', '=', by.id).executeTakeFirst();
  if ('login' in by) return query.where('login_key', '=', foldLogin(by.login)).executeTakeFirst();
  return query.where('windows_user', '=', foldLogin(by.windowsUser)).where('windows_user', '!=', '').executeTakeFirst();
}

export async function listAccounts(db: Db): Promise<Account[]> {
  return (await db.selectFrom('accounts').selectAll().orderBy('login_key').execute()).map(accountOf);
}

export interface AccountValues {
  login: string;
  displayName: string;
  role: Role;
  departments: readonly string[];
  memberId: number | null;
  windowsUser: string;
}

const columns = (v: AccountValues) => ({
  login: v.login,
  login_key: foldLogin(v.login),
  display_name: v.displayName,
  role: v.role,
  departments_json: JSON.stringify(v.role === 'instructor' ? [...v.departments].sort() : []),
  member_id: v.role === 'member' ? v.memberId : null,
  windows_user: foldLogin(v.windowsUser),
});

export async function insertAccount(db: Db, values: AccountValues & { passwordHash: string; at: string; by: string }): Promise<number> {
  const row = await db
    .insertInto('accounts')
    .values({ ...columns(values), password_hash: values.passwordHash, created_at: values.at, created_by: values.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateAccount(db: Db, id: number, values: AccountValues): Promise<void> {
  await db.updateTable('accounts').set(columns(values)).where('id', '=', id).execute();
}

export async function setAccountState(
  db: Db,
  id: number,
  state: Partial<Pick<AccountRow, 'password_hash' | 'disabled' | 'failed_attempts' | 'locked_until' | 'last_sign_in_at'>>,
): Promise<void> {
  await db.updateTable('accounts').set(state).where('id', '=', id).execute();
}

/** Active secretariat accounts: the last one cannot be disabled or given another role. */
export async function activeSecretariats(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('accounts').select('id').where('role', '=', 'secretariat').where('disabled', '=', 0).execute();
  return rows.map((r) => r.id);
}
