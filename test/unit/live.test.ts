import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open';
import { insertAudits } from '../../db/queries/audit';
import { CHANGES_BOUND } from '../../shared/contract/live';
import { changesSince } from '../../services/live';
import { sampleIdentity, sampleUpload } from '../support/fixtures';
import { useRuntime, type TestRuntime } from '../support/runtime';
import { plansOnNewDatabase } from '../support/query-plans';
import { useTempDir } from '../support/temp';

const runtime = useRuntime();
const tempDir = useTempDir();

/** Two machines on one database: A prepares a session of three dossiers. */
async function twoMachines() {
  const a = await runtime();
  const b = await runtime(a);
  await a.call('settings.update', { identity: sampleIdentity() });
  await a.call('import.run', sampleUpload('demarches-simplifiees/hdf-dossiers-export.xlsx'));
  const chair = await a.call('members.save', { member: { firstName: 'Claire', lastName: 'Vandenberghe', organisation: 'ARS' } });
  const dossiers = (await a.call('dossiers.list', {})).rows.slice(0, 3).map((d) => d.id);
  const session = await a.call('sessions.create', { number: '2026-04', date: '2026-12-10', startTime: '14:00', place: 'Lille', chairMemberId: chair.id });
  const agenda = await a.call('agenda.set', { sessionId: session.id, items: dossiers.map((dossierId) => ({ dossierId })) });
  return { a, b, chair, session, dossiers, items: agenda.items.map((i) => i.id) };
}

const since = (r: TestRuntime, cursor: number | null) => r.call('changes.since', { cursor });

describe('changes.since, the feed every machine polls', () => {
  it('tells machine B what machine A wrote, each record once, then nothing more', async () => {
    const { a, b, session, dossiers } = await twoMachines();
    const start = await since(b, null);
    expect(start.changes).toEqual([]);

    await a.call('sessions.update', { id: session.id, fields: { number: session.number, date: session.date, place: 'Amiens' } });
    const dossier = await a.call('dossiers.get', { id: dossiers[0]! });
    await a.call('dossiers.update', { id: dossier.id, data: { ...dossier.data, name: 'MSP des Trois Rivières' } });
    await a.call('dossiers.update', { id: dossier.id, data: { ...dossier.data, name: 'MSP des Quatre Rivières' } });

    const seen = await since(b, start.cursor);
    expect(seen.complete).toBe(true);
    expect(seen.changes).toEqual([
      { kind: 'session', id: String(session.id) },
      { kind: 'dossier', id: String(dossier.id) },
    ]);
    expect(seen.cursor).toBeGreaterThan(start.cursor);
    expect(await since(b, seen.cursor)).toEqual({ cursor: seen.cursor, changes: [], complete: true });
    expect((await b.call('sessions.get', { id: session.id })).place).toBe('Amiens');
  });

  it('answers at most its bound: past it, the cursor of the end and « reload everything »', async () => {
    const { a, b } = await twoMachines();
    const start = await since(b, null);
    const opened = await openDatabase(a.location);
    try {
      const at = new Date().toISOString();
      const records = Array.from({ length: CHANGES_BOUND + 1 }, (_, i) => ({
        at, actor: 'import', entityType: 'dossier', entityId: String(i + 1), action: 'update', before: null, after: { i },
      }));
      await insertAudits(opened.db, records);
    } finally {
      await opened.close();
    }
    const over = await since(b, start.cursor);
    expect(over).toEqual({ cursor: start.cursor + CHANGES_BOUND + 1, changes: [], complete: false });
    expect(await since(b, over.cursor)).toEqual({ cursor: over.cursor, changes: [], complete: true });
    // Exactly the bound still fits in one answer.
    const fits = await since(b, start.cursor + 1);
    expect(fits.complete).toBe(true);
    expect(fits.changes).toHaveLength(CHANGES_BOUND);
  });

  it('a cursor past the end (a database restored since) asks for a reload from the end', async () => {
    const { b } = await twoMachines();
    const head = (await since(b, null)).cursor;
    expect(await since(b, head + 50)).toEqual({ cursor: head, changes: [], complete: false });
    expect((await b.refuse('changes.since', { cursor: -1 } as never)).code).toBe('VALIDATION');
  });
});

describe('the item live mode shows, across machines', () => {
  it('set on A is read on B, and B hears of each move', async () => {
    const { a, b, session, items } = await twoMachines();
    expect(await b.call('live.get', { sessionId: session.id })).toEqual({ sessionId: session.id, itemId: null, setAt: null, setBy: null });
    const start = await since(b, null);

    const shown = await a.call('live.set', { sessionId: session.id, itemId: items[1]! });
    expect(shown).toMatchObject({ sessionId: session.id, itemId: items[1], setBy: 'secretariat' });
    expect(await b.call('live.get', { sessionId: session.id })).toEqual(shown);
    const moved = await since(b, start.cursor);
    expect(moved.changes).toEqual([{ kind: 'live', id: String(session.id) }]);

    // The same item again writes nothing; the session's history is not one line per move.
    await a.call('live.set', { sessionId: session.id, itemId: items[1]! });
    expect((await since(b, moved.cursor)).changes).toEqual([]);
    expect((await b.call('audit.list', { entityType: 'session', entityId: String(session.id) })).map((e) => e.action)).not.toContain('show');
    const [entry] = await b.call('audit.list', { entityType: 'live', entityId: String(session.id) });
    expect(entry).toMatchObject({ action: 'show', before: null, after: { itemId: items[1] } });

    await a.call('live.set', { sessionId: session.id, itemId: items[2]! });
    expect((await b.call('live.get', { sessionId: session.id })).itemId).toBe(items[2]);
  });

  it('refuses an item of another session, follows the agenda, goes with the session deleted', async () => {
    const { a, session, items, dossiers } = await twoMachines();
    const other = await a.call('sessions.create', { number: '2026-05', date: '2026-12-17', startTime: '14:00', place: 'Lille', chairMemberId: 1 });
    const refused = await a.refuse('live.set', { sessionId: other.id, itemId: items[0]! });
    expect(refused).toMatchObject({ code: 'NOT_FOUND', message: `Le point ${items[0]} n'est pas à l'ordre du jour de cette séance.` });
    expect((await a.refuse('live.get', { sessionId: 999 })).code).toBe('NOT_FOUND');

    // The item shown leaves the agenda: nothing is shown any more.
    await a.call('live.set', { sessionId: session.id, itemId: items[2]! });
    await a.call('agenda.set', { sessionId: session.id, items: dossiers.slice(0, 2).map((dossierId) => ({ dossierId })) });
    expect((await a.call('live.get', { sessionId: session.id })).itemId).toBeNull();

    // A session deleted takes its live item with it.
    await a.call('live.set', { sessionId: session.id, itemId: items[0]! });
    await a.call('sessions.delete', { id: session.id });
    expect((await a.refuse('live.get', { sessionId: session.id })).code).toBe('NOT_FOUND');
  });
});

describe('signed in as two users', () => {
  it('a member on B follows the item of a session they sit on, and cannot move it', async () => {
    const { a, b, chair, session, items } = await twoMachines();
    await a.call('auth.createFirstAccount', { login: 'julie.perrin', displayName: 'Julie Perrin', password: 'secretariat-2026' });
    await a.call('sessions.setRoll', { sessionId: session.id, members: [{ memberId: chair.id, status: 'present' }] });
    const other = await a.call('sessions.create', { number: '2026-05', date: '2026-12-17', place: 'Lille', chairMemberId: null });
    const paul = await a.call('members.save', { member: { firstName: 'Paul', lastName: 'Durand', organisation: 'CPAM du Nord' } });
    await a.call('sessions.setRoll', { sessionId: other.id, members: [{ memberId: paul.id, status: 'present' }] });
    const login = { login: 'claire.vandenberghe', password: 'membre-claire-2026' };
    await a.call('accounts.save', { account: { ...login, displayName: 'Claire Vandenberghe', role: 'member', memberId: chair.id } });
    expect((await b.refuse('live.get', { sessionId: session.id })).code).toBe('UNAUTHENTICATED');
    await b.call('auth.signIn', login);

    const start = await since(b, null);
    await a.call('live.set', { sessionId: session.id, itemId: items[0]! });
    expect((await since(b, start.cursor)).changes).toEqual([{ kind: 'live', id: String(session.id) }]);
    expect(await b.call('live.get', { sessionId: session.id })).toMatchObject({ itemId: items[0], setBy: 'julie.perrin' });
    expect(await b.refuse('live.get', { sessionId: other.id })).toMatchObject({ code: 'FORBIDDEN', message: 'Vous ne siégez pas à cette séance.' });
    expect((await b.refuse('live.set', { sessionId: session.id, itemId: items[1]! })).code).toBe('FORBIDDEN');
    expect((await a.call('live.get', { sessionId: session.id })).itemId).toBe(items[0]);
  });
});

describe('the feed reads through the key of the audit log', () => {
  it('seeks after the cursor and to the end, never scans', async () => {
    const plans = await plansOnNewDatabase(tempDir(), async (db) => {
      await changesSince(db, 0);
      await changesSince(db, null);
    });
    expect(plans.map((plan) => plan.join(', '))).toEqual(['SEARCH audit_log USING INTEGER PRIMARY KEY (rowid>?)', 'SEARCH audit_log', 'SEARCH audit_log']);
  });
});
