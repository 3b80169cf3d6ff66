/**
 * Housekeeping, on a real database and audited: a session never held deleted, a withdrawal by
 * the applicants, a duplicate member warned of and merged.
 */
import { describe, expect, it } from 'vitest';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import { localDay } from '../../services/dates';
import { useRuntime, type TestRuntime } from '../support/runtime';
import { giveOpinion } from '../support/opinion';

const runtime = useRuntime();
const today = localDay(new Date());
const THIERACHE = 24001101;
const SAMBRE = 24001102;

async function imported(): Promise<TestRuntime> {
  const r = await runtime();
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { samplesDir } = await import('../../cli/demo-session');
  const file = join(samplesDir, 'demarches-simplifiees/hdf-dossiers-export.xlsx');
  await r.call('import.run', { fileName: 'export.xlsx', contentBase64: readFileSync(file).toString('base64') });
  return r;
}

async function member(r: TestRuntime, firstName: string, lastName: string, allowDuplicate = false) {
  return r.call('members.save', { member: { firstName, lastName, organisation: 'ARS' }, allowDuplicate });
}

async function draftSession(r: TestRuntime, number: string, chairMemberId: number) {
  return r.call('sessions.create', { number, date: today, startTime: '14:00', place: 'Lille', chairMemberId });
}

describe('deleting a session', () => {
  it('deletes a session convened and opened with an empty agenda, audited, and sends its dossiers back', async () => {
    const r = await imported();
    const chair = await member(r, 'Claire', 'Vandenberghe');
    const empty = await draftSession(r, '2026-05', chair.id);
    await r.call('sessions.transition', { id: empty.id, to: 'convened' });
    await r.call('sessions.transition', { id: empty.id, to: 'in_progress' });
    expect((await r.refuse('sessions.close', { id: empty.id })).message).toMatch(/L'ordre du jour est vide/);
    expect(await r.call('sessions.delete', { id: empty.id })).toBeNull();
    expect((await r.refuse('sessions.get', { id: empty.id })).code).toBe('NOT_FOUND');
    const [entry] = await r.call('audit.list', { entityType: 'session', entityId: String(empty.id) });
    expect(entry).toMatchObject({ action: 'delete', after: null, before: { number: '2026-05', status: 'in_progress', agenda: [] } });

    const planned = await draftSession(r, '2026-06', chair.id);
    const { id: dossierId, status } = await r.call('dossiers.get', { dsNumber: THIERACHE });
    await r.call('agenda.set', { sessionId: planned.id, items: [{ dossierId, rapporteurMemberId: null }] });
    expect((await r.call('dossiers.get', { id: dossierId })).status).toBe('on_agenda');
    await r.call('sessions.delete', { id: planned.id });
    expect((await r.call('dossiers.get', { id: dossierId })).status).toBe(status);
  });

  it('refuses a session held (an opinion recorded) and a closed one', async () => {
    const r = await imported();
    await giveOpinion(r.call.bind(r), THIERACHE);
    const [held] = await r.call('sessions.list', {});
    const refused = await r.refuse('sessions.delete', { id: held!.id });
    expect(refused).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/a été tenue \(1 avis enregistré\)/) });

    const r2 = await runtime();
    const closed = await scriptDemoSession(caller(r2));
    expect((await r2.refuse('sessions.delete', { id: closed.id })).code).toBe('LOCKED');
  });
});

describe('a withdrawal by the applicants', () => {
  it('takes the dossier off the agendas not closed, keeps it in the record, and keeps it off', async () => {
    const r = await imported();
    const chair = await member(r, 'Claire', 'Vandenberghe');
    const session = await draftSession(r, '2026-05', chair.id);
    const thierache = await r.call('dossiers.get', { dsNumber: THIERACHE });
    const sambre = await r.call('dossiers.get', { dsNumber: SAMBRE });
    const agenda = await r.call('agenda.set', {
      sessionId: session.id,
      items: [{ dossierId: thierache.id, rapporteurMemberId: null }, { dossierId: sambre.id, rapporteurMemberId: null }],
    });
    await r.call('conflicts.set', { sessionId: session.id, withdrawals: [{ memberId: chair.id, itemId: agenda.items[0]!.id, reason: 'Lien' }] });

    const future = await r.refuse('dossiers.withdraw', { dossierId: thierache.id, date: '2999-01-01', reason: 'Projet abandonné' });
    expect(future.details?.[0]?.field).toBe('date');
    const noReason = await r.refuse('dossiers.withdraw', { dossierId: thierache.id, date: today, reason: '' });
    expect(noReason.details?.[0]?.field).toBe('reason');

    const followUp = await r.call('dossiers.withdraw', { dossierId: thierache.id, date: today, reason: 'Projet abandonné par l’équipe' });
    expect(followUp.withdrawal).toEqual({ date: today, reason: 'Projet abandonné par l’équipe' });
    const after = await r.call('sessions.get', { id: session.id });
    expect(after.items.map((i) => i.dossier.dsNumber)).toEqual([SAMBRE]);
    // Still in the record: the dossier, its history.
    expect((await r.call('dossiers.get', { id: thierache.id })).data.name).toBe(thierache.data.name);
    const history = await r.call('audit.list', { entityType: 'dossier', entityId: String(thierache.id) });
    expect(history[0]).toMatchObject({ action: 'withdrawal', after: { date: today, agendas: ['2026-05'] } });

    const again = await r.refuse('agenda.set', { sessionId: session.id, items: [{ dossierId: thierache.id, rapporteurMemberId: null }] });
    expect(again).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/se sont désistés/) });
    expect((await r.refuse('dossiers.withdraw', { dossierId: thierache.id, date: today, reason: 'Encore' })).code).toBe('CONFLICT');

    await r.call('dossiers.cancelWithdrawal', { dossierId: thierache.id, reason: 'Saisi par erreur' });
    await r.call('agenda.set', { sessionId: session.id, items: [{ dossierId: thierache.id, rapporteurMemberId: null }] });
  });

  it('is refused while an open session has given its opinion on the dossier', async () => {
    const r = await imported();
    await giveOpinion(r.call.bind(r), THIERACHE);
    const { id } = await r.call('dossiers.get', { dsNumber: THIERACHE });
    const refused = await r.refuse('dossiers.withdraw', { dossierId: id, date: today, reason: 'Projet abandonné' });
    expect(refused.message).toMatch(/a déjà rendu un avis .* lors de la séance n° 2026-04, non clôturée/);
  });
});

describe('duplicate members', () => {
  it('warns of a member with the same name, accents and case aside, unless confirmed', async () => {
    const r = await runtime();
    const first = await member(r, 'Inès', 'Martin');
    const twin = await r.refuse('members.save', { member: { firstName: 'ines', lastName: 'MARTIN', organisation: 'URPS' } });
    expect(twin).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^Inès Martin \(ARS\) figure déjà dans la liste des membres/) });
    expect(twin.details).toEqual([{ field: 'member.lastName', message: `Homonyme : membre n° ${first.id}.` }]);
    // Editing the member itself is no duplicate.
    await r.call('members.save', { member: { ...first, title: 'médecin' } });
    await member(r, 'Inès', 'Martin', true);
    expect(await r.call('members.list', {})).toHaveLength(2);
  });

  it('merges two members: roll entries, withdrawals, chairs and score sheets move to the kept one, in one transaction', async () => {
    const r = await imported();
    const kept = await member(r, 'Inès', 'Martin');
    const other = await member(r, 'Paul', 'Durand');
    const twin = await member(r, 'Ines', 'Martin', true);
    const session = await draftSession(r, '2026-05', twin.id);
    const { id: dossierId } = await r.call('dossiers.get', { dsNumber: THIERACHE });
    const agenda = await r.call('agenda.set', { sessionId: session.id, items: [{ dossierId, rapporteurMemberId: twin.id }] });
    await r.call('sessions.setRoll', {
      sessionId: session.id,
      members: [
        { memberId: kept.id, status: 'absent' },
        { memberId: twin.id, status: 'present' },
        { memberId: other.id, status: 'represented', proxyHolderId: twin.id },
      ],
    });
    await r.call('conflicts.set', { sessionId: session.id, withdrawals: [{ memberId: twin.id, itemId: agenda.items[0]!.id, reason: 'Associée du projet' }] });
    await r.call('scores.save', { dossierId, scorer: `member:${twin.id}`, sheet: { values: { zoning: 10 } } });

    const self = await r.refuse('members.merge', { keepId: kept.id, removeId: kept.id });
    expect(self.code).toBe('VALIDATION');
    const result = await r.call('members.merge', { keepId: kept.id, removeId: twin.id });
    expect(result).toMatchObject({ kept: { id: kept.id }, sessions: 1, withdrawals: 1, scoreSheets: 1, droppedScoreSheets: 0 });

    const detail = await r.call('sessions.get', { id: session.id });
    expect(detail.members.map((m) => [m.memberId, m.status, m.proxyHolderId])).toEqual([
      [kept.id, 'present', null],
      [other.id, 'represented', kept.id],
    ]);
    expect(detail.chairMemberId).toBe(kept.id);
    expect(detail.items[0]).toMatchObject({ rapporteurMemberId: kept.id, withdrawals: [{ memberId: kept.id, reason: 'Associée du projet' }] });
    const scores = await r.call('scores.get', { dossierId });
    expect(JSON.stringify(scores)).toContain(`member:${kept.id}`);
    expect(JSON.stringify(scores)).not.toContain(`member:${twin.id}`);
    expect((await r.call('members.list', {})).map((m) => m.id).sort()).toEqual([kept.id, other.id].sort());
    const audit = await r.call('audit.list', { entityType: 'member' });
    expect(audit.map((e) => [e.entityId, e.action]).slice(0, 2)).toEqual([
      [String(twin.id), 'delete'],
      [String(kept.id), 'merge'],
    ]);
  });

  it('refuses to merge two members both present at one session, and changes nothing', async () => {
    const r = await runtime();
    const kept = await member(r, 'Inès', 'Martin');
    const twin = await member(r, 'Ines', 'Martin', true);
    const session = await draftSession(r, '2026-05', kept.id);
    await r.call('sessions.setRoll', { sessionId: session.id, members: [{ memberId: kept.id, status: 'present' }, { memberId: twin.id, status: 'present' }] });
    const refused = await r.refuse('members.merge', { keepId: kept.id, removeId: twin.id });
    expect(refused).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/tous deux inscrits comme présents ou représentés à la séance n° 2026-05/) });
    expect(await r.call('members.list', {})).toHaveLength(2);
    expect((await r.call('sessions.get', { id: session.id })).members).toHaveLength(2);
  });
});
