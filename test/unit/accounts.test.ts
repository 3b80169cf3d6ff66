import { describe, expect, it } from 'vitest';
import { methodNames, type Input, type MethodName } from '../../shared/contract';
import { permissions } from '../../shared/permissions';
import { roles, type Role } from '../../shared/accounts';
import { RECHECK_MS } from '../../services/auth';
import { sampleIdentity, sampleUpload } from '../support/fixtures';
import { useRuntime, type TestRuntime } from '../support/runtime';

const runtime = useRuntime();
const PASSWORD = 'correct horse battery';

/** The first account (secretariat) created and signed in. */
async function withFirstAccount(r: TestRuntime) {
  return r.call('auth.createFirstAccount', { login: 'CPerrin', displayName: 'Claire Perrin', password: PASSWORD });
}

/** Creates an account as the signed-in secretariat, then signs in as it. */
async function signedInAs(r: TestRuntime, account: Omit<Input<'accounts.save'> & { account: { password: string } }, never>['account']) {
  await r.call('accounts.save', { account });
  await r.call('auth.signOut', {});
  return r.call('auth.signIn', { login: account.login, password: account.password });
}

const account = (role: Role, extra: Partial<{ departments: string[]; memberId: number; windowsUser: string }> = {}) => ({
  login: `compte-${role}`,
  displayName: `Compte ${role}`,
  role,
  password: PASSWORD,
  ...extra,
});

describe('accounts: signing in', () => {
  it('keeps a database without accounts as it was: the OS user acts with every right', async () => {
    const r = await runtime();
    expect(await r.call('auth.status', {})).toMatchObject({ accountsExist: false, account: null, osUser: 'secretariat' });
    await r.call('settings.update', { identity: sampleIdentity() });
    expect((await r.call('audit.list', {}))[0]).toMatchObject({ actor: 'secretariat', entityType: 'settings' });
  });

  it('creates the first account once, signs it in, and names it in every audit entry', async () => {
    const r = await runtime();
    const status = await withFirstAccount(r);
    expect(status).toMatchObject({ accountsExist: true, account: { login: 'CPerrin', role: 'secretariat', disabled: false } });
    expect(await r.refuse('auth.createFirstAccount', { login: 'autre', displayName: 'Autre', password: PASSWORD })).toMatchObject({
      code: 'CONFLICT',
      message: 'Un compte existe déjà sur cette base : connectez-vous.',
    });
    await r.call('settings.update', { identity: sampleIdentity() });
    const audit = await r.call('audit.list', {});
    expect(audit.map((e) => [e.actor, e.entityType, e.action])).toEqual([
      ['CPerrin', 'settings', 'create'],
      ['secretariat', 'account', 'create'],
    ]);
    // Neither the password nor its hash is kept anywhere but in the hash column.
    const stored = JSON.stringify(await r.query('SELECT * FROM audit_log'));
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain('argon2');
    const [row] = await r.query<{ password_hash: string }>('SELECT password_hash FROM accounts');
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses every method but the public ones once signed out, in French', async () => {
    const r = await runtime();
    await withFirstAccount(r);
    await r.call('auth.signOut', {});
    for (const method of methodNames) {
      const result = await r.dispatch(method, {});
      if (permissions[method].who === 'public') {
        // auth.signIn without a password tries the Windows sign-in, which has its own refusal.
        if (!result.ok) expect(result.error.message, method).not.toBe('Connectez-vous pour continuer.');
      } else {
        expect(result, method).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Connectez-vous pour continuer.' } });
      }
    }
    expect((await r.call('app.info', {})).version).toMatch(/\d/);
  });

  it('signs in with the right password only, whatever the case of the login, and throttles wrong ones', async () => {
    const r = await runtime();
    await withFirstAccount(r);
    await r.call('auth.signOut', {});
    const wrong = { code: 'UNAUTHENTICATED', message: 'Identifiant ou mot de passe incorrect.' };
    expect(await r.refuse('auth.signIn', { login: 'cperrin', password: 'pas le bon mot' })).toEqual(wrong);
    expect(await r.refuse('auth.signIn', { login: 'inconnu', password: PASSWORD })).toEqual(wrong);
    expect((await r.call('auth.signIn', { login: 'cperrin', password: PASSWORD })).account?.login).toBe('CPerrin');
    const [signedIn] = await r.query<{ last_sign_in_at: string | null; failed_attempts: number }>('SELECT last_sign_in_at, failed_attempts FROM accounts');
    expect(signedIn).toMatchObject({ failed_attempts: 0 });
    expect(signedIn!.last_sign_in_at).not.toBeNull();

    await r.call('auth.signOut', {});
    for (let i = 0; i < 5; i++) expect(await r.refuse('auth.signIn', { login: 'CPerrin', password: `erreur ${i}` })).toEqual(wrong);
    // Past five in a row, even the right password waits.
    const waiting = await r.refuse('auth.signIn', { login: 'CPerrin', password: PASSWORD });
    expect(waiting.message).toMatch(/^Trop de mots de passe erronés pour ce compte : réessayez dans \d+ secondes\.$/);
  });

  it('refuses a disabled account, and signs out an account disabled from another machine', async () => {
    const r = await runtime();
    await withFirstAccount(r);
    const reader = await r.call('accounts.save', { account: account('readonly') });
    await r.call('accounts.disable', { id: reader.id });
    await r.call('auth.signOut', {});
    expect(await r.refuse('auth.signIn', { login: 'compte-readonly', password: PASSWORD })).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'Ce compte est désactivé : adressez-vous au secrétariat.',
    });
    await r.call('auth.signIn', { login: 'CPerrin', password: PASSWORD });
    await r.call('accounts.disable', { id: reader.id, disabled: false });
    await r.call('auth.signOut', {});
    await r.call('auth.signIn', { login: 'compte-readonly', password: PASSWORD });
    expect(await r.call('settings.get', {})).toBeTruthy();
    await r.query('UPDATE accounts SET disabled = 1 WHERE id = ?', [reader.id]);
    // The window asks at once when the change feed names the account: the status says signed out.
    expect((await r.call('auth.status', {})).account).toBeNull();
    await r.query('UPDATE accounts SET disabled = 0 WHERE id = ?', [reader.id]);
    await r.call('auth.signIn', { login: 'compte-readonly', password: PASSWORD });
    await r.query('UPDATE accounts SET disabled = 1 WHERE id = ?', [reader.id]);
    // Another machine's change applies once this runtime's reading of the account is due again.
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS));
    expect((await r.refuse('settings.get', {})).code).toBe('UNAUTHENTICATED');
    expect((await r.call('auth.status', {})).account).toBeNull();
  });

  it('keeps the last active secretariat account, changes a password, and resets one', async () => {
    const r = await runtime();
    const first = (await withFirstAccount(r)).account!;
    expect(await r.refuse('accounts.disable', { id: first.id })).toMatchObject({ code: 'CONFLICT' });
    expect((await r.refuse('accounts.save', { id: first.id, account: { login: 'CPerrin', displayName: 'Claire Perrin', role: 'readonly' } })).message).toContain(
      'dernier compte actif du secrétariat',
    );
    expect(await r.refuse('auth.changePassword', { current: 'pas le bon', next: 'nouveau mot de passe' })).toMatchObject({ code: 'VALIDATION' });
    await r.call('auth.changePassword', { current: PASSWORD, next: 'nouveau mot de passe' });
    const other = await r.call('accounts.save', { account: account('readonly') });
    await r.call('accounts.resetPassword', { id: other.id, password: 'remis à zéro !' });
    await r.call('auth.signOut', {});
    await r.call('auth.signIn', { login: 'compte-readonly', password: 'remis à zéro !' });
    expect(await r.refuse('auth.signIn', { login: 'CPerrin', password: PASSWORD })).toMatchObject({ code: 'UNAUTHENTICATED' });
    await r.call('auth.signIn', { login: 'CPerrin', password: 'nouveau mot de passe' });
    expect(await r.refuse('accounts.save', { account: { ...account('readonly'), login: 'COMPTE-READONLY' } })).toMatchObject({ code: 'CONFLICT' });
    expect(await r.refuse('accounts.save', { account: account('instructor') })).toMatchObject({ code: 'VALIDATION' });
  });

  it('signs in by the Windows session user when the account carries it', async () => {
    const r = await runtime();
    await withFirstAccount(r);
    await r.call('accounts.save', { account: account('readonly', { windowsUser: 'SECRETARIAT' }) });
    await r.call('auth.signOut', {});
    expect((await r.call('auth.signIn', {})).account?.login).toBe('compte-readonly');
    await r.call('auth.signOut', {});
    expect((await r.refuse('auth.signIn', { login: 'CPerrin' })).message).toContain('session Windows « secretariat »');
  });
});

describe('accounts: the roster', () => {
  it("keeps a member's account linked when their record is merged into another", async () => {
    const r = await runtime();
    await withFirstAccount(r);
    const kept = await r.call('members.save', { member: { firstName: 'Inès', lastName: 'Martin', organisation: 'URPS médecins' } });
    const removed = await r.call('members.save', { member: { firstName: 'Inès', lastName: 'Martin', organisation: 'URPS' }, allowDuplicate: true });
    const linked = await r.call('accounts.save', { account: account('member', { memberId: removed.id }) });
    await r.call('members.merge', { keepId: kept.id, removeId: removed.id });
    expect((await r.call('accounts.list', {})).find((a) => a.id === linked.id)?.memberId).toBe(kept.id);
  });
});

describe('accounts: roles', () => {
  it('has a permission for every contract method', () => {
    expect(Object.keys(permissions).sort()).toEqual([...methodNames].sort());
    for (const method of methodNames) {
      const { who, what } = permissions[method];
      if (Array.isArray(who)) {
        expect(who.every((role) => (roles as readonly string[]).includes(role)), method).toBe(true);
        expect(what, method).toMatch(/\S/);
      }
    }
  });

  it('lets each role call what the matrix says, and refuses the rest in French', async () => {
    const r = await runtime();
    await withFirstAccount(r);
    const member = await r.call('members.save', { member: { firstName: 'Inès', lastName: 'Martin', organisation: 'URPS médecins' } });
    const matrix: [MethodName, Role[]][] = [
      ['settings.get', ['secretariat', 'instructor', 'member', 'readonly']],
      ['settings.update', ['secretariat']],
      ['audit.list', ['secretariat', 'readonly']],
      ['accounts.list', ['secretariat']],
      ['import.run', ['secretariat']],
      ['dossiers.create', ['secretariat', 'instructor']],
      ['scores.save', ['secretariat', 'instructor', 'member']],
      ['items.recordOpinion', ['secretariat']],
      ['conflicts.declare', ['member']],
      ['dashboard.deadlines', ['secretariat', 'instructor', 'readonly']],
      ['backups.create', ['secretariat']],
    ];
    for (const role of roles.filter((role) => role !== 'secretariat')) {
      await r.call('accounts.save', { account: account(role, { departments: ['59'], memberId: member.id }) });
    }
    for (const role of roles) {
      await r.call('auth.signOut', {});
      await r.call('auth.signIn', role === 'secretariat' ? { login: 'CPerrin', password: PASSWORD } : { login: `compte-${role}`, password: PASSWORD });
      for (const [method, allowed] of matrix) {
        const result = await r.dispatch(method, {});
        const forbidden = !result.ok && result.error.code === 'FORBIDDEN';
        expect(forbidden, `${role} → ${method}`).toBe(!allowed.includes(role));
      }
    }
    // The refusal names the role and what it cannot do.
    expect(await r.refuse('settings.update', { identity: sampleIdentity() })).toEqual({
      code: 'FORBIDDEN',
      message: 'Votre rôle (lecture seule) ne permet pas de modifier les paramètres de l’agence.',
    });
  });
});

/** Six dossiers imported by the secretariat; two of them in different départements. */
async function imported(r: TestRuntime) {
  await r.call('settings.update', { identity: sampleIdentity() });
  await r.call('import.run', sampleUpload('demarches-simplifiees/hdf-dossiers-export.xlsx'));
  const { rows } = await r.call('dossiers.list', {});
  const departments = [...new Set(rows.map((d) => d.departmentCode))].sort();
  expect(departments.length).toBeGreaterThan(1);
  const mine = rows.filter((d) => d.departmentCode === departments[0]);
  const others = rows.filter((d) => d.departmentCode !== departments[0]);
  return { department: departments[0]!, mine, others };
}

describe('accounts: what each role reaches', () => {
  it('gives an instructor the dossiers of their départements only', async () => {
    const r = await runtime();
    await withFirstAccount(r);
    const { department, mine, others } = await imported(r);
    await signedInAs(r, account('instructor', { departments: [department] }));

    const listed = await r.call('dossiers.list', {});
    expect(listed.rows.map((d) => d.id).sort()).toEqual(mine.map((d) => d.id).sort());
    expect(listed.total).toBe(mine.length);
    expect((await r.call('dossiers.list', { departmentCodes: [others[0]!.departmentCode] })).total).toBe(0);
    expect((await r.call('eligibility.report', {})).map((d) => d.id).sort()).toEqual(mine.map((d) => d.id).sort());

    const own = await r.call('dossiers.get', { id: mine[0]!.id });
    const refused = await r.refuse('dossiers.get', { id: others[0]!.id });
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toContain(`hors de vos départements (${department})`);
    expect((await r.refuse('dossiers.update', { id: others[0]!.id, data: own.data })).code).toBe('FORBIDDEN');
    // Nor can a dossier of theirs be moved to another département.
    const moved = { ...own.data, departmentCode: others[0]!.departmentCode };
    expect((await r.refuse('dossiers.update', { id: own.id, data: moved })).code).toBe('FORBIDDEN');

    await r.call('dossiers.update', { id: own.id, data: { ...own.data, name: `${own.data.name} (corrigé)` } });
    const [entry] = await r.query<{ actor: string; action: string }>("SELECT actor, action FROM audit_log WHERE entity_type = 'dossier' ORDER BY id DESC LIMIT 1");
    expect(entry).toEqual({ actor: 'compte-instructor', action: 'update' });
    // The instructor's sheet, not the consensus.
    await r.call('scores.save', { dossierId: own.id, scorer: 'instructor', sheet: { values: {} } });
    expect((await r.refuse('scores.save', { dossierId: own.id, scorer: 'consensus', sheet: { values: {} } })).message).toBe('Le consensus est saisi par le secrétariat.');
  });

  it("gives a member the dossiers of their sessions, their own sheet, and their own declarations", async () => {
    const r = await runtime();
    await withFirstAccount(r);
    const { mine, others } = await imported(r);
    const inès = await r.call('members.save', { member: { firstName: 'Inès', lastName: 'Martin', organisation: 'URPS médecins' } });
    const paul = await r.call('members.save', { member: { firstName: 'Paul', lastName: 'Durand', organisation: 'CPAM du Nord' } });
    const onAgenda = mine[0]!.id;
    const session = await r.call('sessions.create', { number: '2026-04', date: '2027-01-14', place: 'Lille', chairMemberId: paul.id });
    await r.call('sessions.setRoll', { sessionId: session.id, members: [{ memberId: inès.id, status: 'present' }, { memberId: paul.id, status: 'present' }] });
    const agenda = await r.call('agenda.set', { sessionId: session.id, items: [{ dossierId: onAgenda }] });
    const itemId = agenda.items[0]!.id;
    await r.call('conflicts.set', { sessionId: session.id, withdrawals: [{ memberId: paul.id, itemId, reason: 'Lien avec le porteur' }] });
    const later = await r.call('sessions.create', { number: '2026-05', date: '2027-02-11', place: 'Lille' });
    await r.call('sessions.setRoll', { sessionId: later.id, members: [{ memberId: paul.id, status: 'present' }] });
    await r.call('scores.save', { dossierId: onAgenda, scorer: `member:${paul.id}`, sheet: { values: {} } });

    await signedInAs(r, account('member', { memberId: inès.id }));
    expect((await r.call('dossiers.list', {})).rows.map((d) => d.id)).toEqual([onAgenda]);
    expect((await r.call('sessions.list', {})).map((s) => s.number)).toEqual(['2026-04']);
    await r.call('dossiers.get', { id: onAgenda });
    expect(await r.refuse('dossiers.get', { id: others[0]!.id })).toEqual({
      code: 'FORBIDDEN',
      message: "Ce dossier n'est à l'ordre du jour d'aucune séance où vous siégez.",
    });

    await r.call('scores.save', { dossierId: onAgenda, scorer: `member:${inès.id}`, sheet: { values: {} } });
    expect((await r.refuse('scores.save', { dossierId: onAgenda, scorer: `member:${paul.id}`, sheet: { values: {} } })).code).toBe('FORBIDDEN');
    expect((await r.refuse('scores.save', { dossierId: onAgenda, scorer: 'consensus', sheet: { values: {} } })).code).toBe('FORBIDDEN');
    expect((await r.refuse('items.recordOpinion', { itemId, opinion: { kind: 'favorable' } } as never)).code).toBe('FORBIDDEN');
    const scores = await r.call('scores.get', { dossierId: onAgenda });
    expect(scores.sheets.map((s) => [s.scorer, s.updatedBy])).toEqual([[`member:${inès.id}`, 'compte-member']]);
    expect(scores.consensus).toBeNull();

    await r.call('conflicts.declare', { itemId, reason: 'Associée du porteur' });
    const detail = await r.call('sessions.get', { id: session.id });
    expect(detail.items[0]!.withdrawals.map((w) => w.memberId).sort()).toEqual([inès.id, paul.id].sort());
    await r.call('conflicts.declare', { itemId, declared: false });
    expect((await r.call('sessions.get', { id: session.id })).items[0]!.withdrawals.map((w) => w.memberId)).toEqual([paul.id]);
    const [entry] = await r.query<{ actor: string }>("SELECT actor FROM audit_log WHERE action = 'withdrawals' ORDER BY id DESC LIMIT 1");
    expect(entry!.actor).toBe('compte-member');
  });
});
