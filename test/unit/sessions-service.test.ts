import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Input } from '../../shared/contract';
import { withItems } from '../../shared/session';
import { sampleIdentity, sampleUpload } from '../support/fixtures';
import { useRuntime, type TestRuntime } from '../support/runtime';

const runtime = useRuntime();

const roster: Input<'members.save'>['member'][] = [
  { firstName: 'Claire', lastName: 'Vandenberghe', organisation: 'ARS', title: "Directrice de l'offre de soins" },
  { civility: 'M.', firstName: 'Paul', lastName: 'Durand', organisation: 'CPAM du Nord' },
  { firstName: 'Inès', lastName: 'Martin', organisation: 'URPS médecins' },
  { firstName: 'Marc', lastName: 'Leroy', organisation: 'URPS infirmiers' },
  { firstName: 'Sophie', lastName: 'Bernard', organisation: 'Conseil départemental' },
  { firstName: 'Yann', lastName: 'Morel', organisation: 'France Assos Santé', voice: 'advisory' },
];

/** Six dossiers imported, the agency configured, the roster entered, and a session on three dossiers. */
async function prepared(r: TestRuntime) {
  await r.call('settings.update', { identity: sampleIdentity() });
  await r.call('import.run', sampleUpload('demarches-simplifiees/hdf-dossiers-export.xlsx'));
  const members = [];
  for (const member of roster) members.push(await r.call('members.save', { member }));
  const dossier = async (dsNumber: number) => (await r.call('dossiers.get', { dsNumber })).id;
  const ids = [await dossier(24001101), await dossier(24001103), await dossier(24001105)];
  const session = await r.call('sessions.create', {
    number: '2026-04',
    date: '2026-12-10',
    startTime: '14:00',
    place: 'ARS Hauts-de-France, Lille',
    chairMemberId: members[0]!.id,
    secretary: 'Julie Perrin',
  });
  return { members, ids, session };
}

const m = (members: { id: number }[], i: number) => members[i]!.id;

/** The machine's clock, read in local time: the session of 10 December is past by default. */
const setClock = (...local: [number, number, number, number?, number?]) => vi.setSystemTime(new Date(...(local as [number, number, number])));
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  setClock(2026, 11, 16, 10);
});
afterEach(() => {
  vi.useRealTimers();
});

/** The prepared session opened, with a quorum, its three items on the agenda and member 1 withdrawn from the third. */
async function opened(r: TestRuntime) {
  const { members, ids, session } = await prepared(r);
  await r.call('sessions.setRoll', {
    sessionId: session.id,
    members: [
      { memberId: m(members, 0), status: 'present' },
      { memberId: m(members, 1), status: 'present' },
      { memberId: m(members, 2), status: 'represented', proxyHolderId: m(members, 0) },
      { memberId: m(members, 3), status: 'excused' },
      { memberId: m(members, 4), status: 'absent' },
      { memberId: m(members, 5), status: 'present' },
    ],
  });
  const agenda = await r.call('agenda.set', { sessionId: session.id, items: ids.map((dossierId) => ({ dossierId, rapporteurMemberId: null })) });
  const [first, second, third] = agenda.items.map((i) => i.id) as [number, number, number];
  await r.call('conflicts.set', { sessionId: session.id, withdrawals: [{ memberId: m(members, 1), itemId: third, reason: 'Salarié de la structure' }] });
  await r.call('sessions.transition', { id: session.id, to: 'convened' });
  await r.call('sessions.transition', { id: session.id, to: 'in_progress' });
  return { members, ids, session, items: { first, second, third } };
}

const vote3 = { for: 3, against: 0, abstention: 0 };

describe('commission sessions', () => {
  it('runs a session from attendance to closing, with a proxy, a withdrawal, votes and decisions', async () => {
    const r = await runtime();
    const { members, ids, session } = await prepared(r);
    expect(session.members).toHaveLength(6);
    expect(session.quorum.reached).toBe(false);

    await r.call('sessions.setRoll', {
      sessionId: session.id,
      members: [
        { memberId: m(members, 0), status: 'present' },
        { memberId: m(members, 1), status: 'present', remote: true },
        { memberId: m(members, 2), status: 'represented', proxyHolderId: m(members, 0) },
        { memberId: m(members, 3), status: 'excused' },
        { memberId: m(members, 4), status: 'absent' },
        { memberId: m(members, 5), status: 'present' },
      ],
    });
    let detail = await r.call('agenda.set', {
      sessionId: session.id,
      items: ids.map((dossierId) => ({ dossierId, rapporteurMemberId: m(members, 1) })),
    });
    expect(detail.quorum).toMatchObject({ reached: true, counted: 3, required: 3 });
    expect((await r.call('dossiers.get', { id: ids[0]! })).status).toBe('on_agenda');

    const [thierache, chauny, santerre] = detail.items;
    const withdrawn = await r.call('conflicts.set', {
      sessionId: session.id,
      withdrawals: [{ memberId: m(members, 1), itemId: santerre!.id, reason: 'Médecin traitant de membres de l’équipe' }],
    });
    // Only the item whose withdrawals changed comes back; merged, it is the session the handler holds.
    expect(withdrawn.items.map((i) => i.id)).toEqual([santerre!.id]);
    expect(withdrawn.items[0]!.voters).toMatchObject({ count: 2, withdrawn: 1 });
    expect(withdrawn.items[0]!.quorum.reached).toBe(false);
    expect(withdrawn.withoutOpinion).toBe(3);
    detail = withItems(detail, withdrawn);
    expect(detail).toEqual(await r.call('sessions.get', { id: session.id }));

    const early = await r.refuse('items.recordOpinion', { itemId: thierache!.id, opinion: { kind: 'favorable' } });
    expect(early).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/n'est pas ouverte/) });
    await r.call('sessions.transition', { id: session.id, to: 'convened' });
    await r.call('sessions.transition', { id: session.id, to: 'in_progress' });

    const impossible = await r.refuse('items.recordOpinion', {
      itemId: thierache!.id,
      opinion: { kind: 'favorable', vote: { for: 3, against: 1, abstention: 0 } },
    });
    expect(impossible.details).toEqual([
      { field: 'opinion.vote', message: expect.stringMatching(/^Le nombre de votes \(4\) dépasse le nombre de votants/) },
    ]);
    const unmotivated = await r.refuse('items.recordOpinion', { itemId: chauny!.id, opinion: { kind: 'unfavorable' } });
    expect(unmotivated.details?.[0]).toMatchObject({ field: 'opinion.motivation' });
    expect((await r.call('sessions.get', { id: session.id })).items.every((i) => i.opinion === null)).toBe(true);

    await r.call('items.recordOpinion', {
      itemId: thierache!.id,
      opinion: {
        kind: 'favorable_with_reservations',
        reservations: ['Transmettre les statuts signés'],
        motivation: 'Projet solide ; statuts à transmettre.',
        vote: { for: 3, against: 0, abstention: 0 },
        grant: { amount: 20000, engineering: 8000, it: 7000, furniture: 5000 },
      },
    });
    const badGrant = await r.refuse('items.recordOpinion', {
      itemId: thierache!.id,
      opinion: { kind: 'favorable', vote: { for: 3, against: 0, abstention: 0 }, grant: { amount: 20000, engineering: 8000, it: 7000, furniture: 4000 } },
    });
    expect(badGrant.details?.[0]?.field).toMatch(/^opinion\.grant/);
    await r.call('items.recordOpinion', {
      itemId: chauny!.id,
      opinion: {
        kind: 'unfavorable',
        motivation: "L'équipe ne compte aucun médecin généraliste (article L1411-11-1 du code de la santé publique).",
        vote: { for: 0, against: 2, abstention: 1 },
      },
    });
    const noQuorum = await r.refuse('items.recordOpinion', { itemId: santerre!.id, opinion: { kind: 'postponed', motivation: 'Quorum' } });
    expect(noQuorum).toMatchObject({ code: 'CONFLICT', details: [{ field: 'quorum' }] });

    const refusedClose = await r.refuse('sessions.close', { id: session.id });
    expect(refusedClose.message).toMatch(/ESP du Santerre : aucun avis/);

    // The withdrawn member's place is taken by the member who was excused arriving late.
    await r.call('sessions.setRoll', {
      sessionId: session.id,
      members: [
        { memberId: m(members, 0), status: 'present' },
        { memberId: m(members, 1), status: 'present', remote: true },
        { memberId: m(members, 2), status: 'represented', proxyHolderId: m(members, 0) },
        { memberId: m(members, 3), status: 'present' },
        { memberId: m(members, 4), status: 'absent' },
        { memberId: m(members, 5), status: 'present' },
      ],
    });
    await r.call('items.recordOpinion', {
      itemId: santerre!.id,
      opinion: { kind: 'postponed', motivation: 'Budget prévisionnel à compléter par des devis.', vote: { for: 3, against: 0, abstention: 0 } },
    });
    const undecided = await r.call('sessions.get', { id: session.id });
    const decided = await r.call('items.recordDecision', {
      itemId: chauny!.id,
      outcome: 'unfavorable',
      date: '2026-12-15',
    });
    expect(decided.items[0]!.decision).toMatchObject({ outcome: 'unfavorable', date: '2026-12-15', signatory: { lastName: 'Martin' } });
    expect(decided.withoutOpinion).toBe(0);
    expect(withItems(undecided, decided)).toEqual(await r.call('sessions.get', { id: session.id }));
    const differs = await r.refuse('items.recordDecision', { itemId: thierache!.id, outcome: 'favorable' });
    expect(differs.details?.[0]).toMatchObject({ field: 'decision.reason', message: expect.stringMatching(/motif est obligatoire/) });

    const closed = await r.call('sessions.close', { id: session.id });
    expect(closed.status).toBe('closed');
    expect(closed.items.map((i) => i.decision?.outcome)).toEqual(['favorable_with_reservations', 'unfavorable', 'postponed']);
    expect((await r.call('dossiers.get', { id: ids[0]! })).status).toBe('decided');

    const locked = await r.refuse('items.recordOpinion', { itemId: chauny!.id, opinion: { kind: 'postponed', motivation: 'x' } });
    expect(locked.code).toBe('LOCKED');
    expect((await r.refuse('agenda.set', { sessionId: session.id, items: [] })).code).toBe('LOCKED');
    expect((await r.refuse('sessions.setRoll', { sessionId: session.id, members: [] })).code).toBe('LOCKED');

    await r.call('sessions.reopen', { id: session.id, reason: 'Erreur de saisie du vote sur le point 2' });
    const history = await r.call('audit.list', { entityType: 'session', entityId: String(session.id) });
    expect(history.map((h) => h.action)).toEqual(
      expect.arrayContaining(['create', 'roll', 'agenda', 'withdrawals', 'status', 'opinion', 'close', 'reopen']),
    );
    expect(history[0]).toMatchObject({ action: 'reopen', after: { reason: 'Erreur de saisie du vote sur le point 2' } });
    const dossierHistory = await r.call('audit.list', { entityType: 'dossier', entityId: String(ids[1]) });
    expect(dossierHistory.map((h) => h.action)).toEqual(expect.arrayContaining(['opinion', 'decision']));

    // The dossier's own page reads where it was examined, the opinion, its vote and the decision.
    const [examination, ...others] = await r.call('dossiers.examinations', { dossierId: ids[1]! });
    expect(others).toEqual([]);
    expect(examination).toMatchObject({
      itemId: chauny!.id,
      sessionId: session.id,
      sessionNumber: '2026-04',
      sessionStatus: 'in_progress',
      opinion: { kind: 'unfavorable', vote: expect.any(Object) },
      decision: { outcome: 'unfavorable', date: '2026-12-15' },
    });
    expect(examination!.opinionAt).not.toBeNull();
    expect(await r.call('dossiers.examinations', { dossierId: ids[2]! })).toMatchObject([{ opinion: { kind: 'postponed' } }]);
  });

  it('dates each decision between its session and today, and closes a session only once held', async () => {
    const r = await runtime();
    const { session, items } = await opened(r);
    await r.call('items.recordOpinion', { itemId: items.first, opinion: { kind: 'favorable', vote: vote3 } });
    await r.call('items.recordOpinion', { itemId: items.second, opinion: { kind: 'favorable', vote: vote3 } });
    await r.call('items.recordOpinion', { itemId: items.third, opinion: { kind: 'postponed', noQuorum: true } });

    const early = await r.refuse('items.recordDecision', { itemId: items.first, date: '2026-03-03' });
    expect(early).toMatchObject({
      code: 'VALIDATION',
      details: [{ field: 'decision.date', message: 'La date de décision (3\u00a0mars 2026) précède la séance du 10\u00a0décembre 2026.' }],
    });
    const ahead = await r.refuse('items.recordDecision', { itemId: items.first, date: '2026-12-17' });
    expect(ahead.details).toEqual([
      { field: 'decision.date', message: expect.stringMatching(/^La date de décision \(17\u00a0décembre 2026\) est postérieure à aujourd'hui \(16\u00a0décembre 2026\)/) },
    ]);
    expect((await r.call('sessions.get', { id: session.id })).items.every((i) => i.decision === null)).toBe(true);

    // Today is the machine's calendar day: 21:30 in Martinique is already the 17th in UTC.
    const zone = process.env.TZ;
    process.env.TZ = 'America/Martinique';
    try {
      setClock(2026, 11, 16, 21, 30);
      expect(new Date().toISOString().slice(0, 10)).toBe('2026-12-17');
      const decided = await r.call('items.recordDecision', { itemId: items.first });
      expect(decided.items[0]!.decision?.date).toBe('2026-12-16');
    } finally {
      process.env.TZ = zone;
    }
    setClock(2026, 11, 16, 10);

    // The session cannot be moved after a decision already taken.
    const moved = await r.refuse('sessions.update', {
      id: session.id,
      fields: { number: '2026-04', date: '2026-12-17', place: 'ARS Hauts-de-France, Lille' },
    });
    expect(moved.details).toEqual([
      { field: 'fields.date', message: expect.stringMatching(/^« ESP de Thiérache » : La date de décision \(16\u00a0décembre 2026\) précède la séance du 17\u00a0décembre 2026\./) },
    ]);

    for (const decisionDate of ['2026-12-09', '2026-12-17']) {
      const refused = await r.refuse('sessions.close', { id: session.id, decisionDate });
      expect(refused).toMatchObject({ code: 'VALIDATION', details: [{ field: 'decisionDate' }] });
    }
    const closed = await r.call('sessions.close', { id: session.id });
    expect(closed.status).toBe('closed');
    // The decision recorded keeps its day; closing dates the others on the session's, not today.
    expect(closed.items.map((i) => i.decision?.date)).toEqual(['2026-12-16', '2026-12-10', '2026-12-10']);
  });

  it('refuses to close a session that has not taken place yet, writing nothing', async () => {
    const r = await runtime();
    const { session, items } = await opened(r);
    for (const itemId of [items.first, items.second]) {
      await r.call('items.recordOpinion', { itemId, opinion: { kind: 'favorable', vote: vote3 } });
    }
    await r.call('items.recordOpinion', { itemId: items.third, opinion: { kind: 'postponed', noQuorum: true } });
    setClock(2026, 11, 9, 18);
    const refused = await r.refuse('sessions.close', { id: session.id });
    expect(refused).toMatchObject({
      code: 'CONFLICT',
      message: "La séance du 10\u00a0décembre 2026 n'a pas encore eu lieu : elle ne pourra être clôturée qu'à partir de ce jour.",
    });
    const after = await r.call('sessions.get', { id: session.id });
    expect(after.status).toBe('in_progress');
    expect(after.items.every((i) => i.decision === null)).toBe(true);

    // On the day itself it closes, with the date the secretary gives.
    setClock(2026, 11, 10, 17);
    expect((await r.refuse('sessions.close', { id: session.id, decisionDate: '2026-12-11' })).details?.[0]?.field).toBe('decisionDate');
    setClock(2026, 11, 14, 9);
    const closed = await r.call('sessions.close', { id: session.id, decisionDate: '2026-12-14' });
    expect(closed.items.map((i) => i.decision?.date)).toEqual(['2026-12-14', '2026-12-14', '2026-12-14']);
  });

  it('postpones faute de quorum, without a vote, an item whose quorum withdrawals took, and then closes', async () => {
    const r = await runtime();
    const { session, items } = await opened(r);
    const detail = await r.call('sessions.get', { id: session.id });
    expect(detail.items[2]!.quorum.reached).toBe(false);

    const deliberated = await r.refuse('items.recordOpinion', { itemId: items.third, opinion: { kind: 'postponed', motivation: 'Devis manquants.', vote: vote3 } });
    expect(deliberated).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/ajourné faute de quorum\.$/), details: [{ field: 'quorum' }] });
    const voted = await r.refuse('items.recordOpinion', {
      itemId: items.third,
      opinion: { kind: 'postponed', noQuorum: true, vote: { for: 2, against: 0, abstention: 0 } },
    });
    expect(voted.details).toEqual([{ field: 'opinion.vote', message: expect.stringMatching(/^Pas de vote sur un dossier ajourné faute de quorum/) }]);
    const withQuorum = await r.refuse('items.recordOpinion', { itemId: items.first, opinion: { kind: 'postponed', noQuorum: true } });
    expect(withQuorum).toMatchObject({ code: 'VALIDATION', details: [{ field: 'opinion.noQuorum' }] });

    const postponed = await r.call('items.recordOpinion', { itemId: items.third, opinion: { kind: 'postponed', noQuorum: true } });
    // The item recorded, alone; the two others still wait for theirs.
    expect(postponed.items.map((i) => i.id)).toEqual([items.third]);
    expect(postponed.withoutOpinion).toBe(2);
    expect(postponed.items[0]!.opinion).toMatchObject({ kind: 'postponed', noQuorum: true, vote: null });
    expect(postponed.items[0]!.opinion!.motivation).toBe(
      `La commission n'a pas pu délibérer sur ce dossier faute de quorum. ${detail.items[2]!.quorum.details} Le dossier est ajourné : il sera examiné lors d’une prochaine séance.`,
    );
    await r.call('items.recordOpinion', { itemId: items.first, opinion: { kind: 'favorable', vote: vote3 } });
    await r.call('items.recordOpinion', { itemId: items.second, opinion: { kind: 'favorable', vote: vote3 } });

    const closed = await r.call('sessions.close', { id: session.id });
    expect(closed.status).toBe('closed');
    expect(closed.items[2]!.decision).toMatchObject({ outcome: 'postponed', date: '2026-12-10' });
    expect(closed.items.map((i) => i.opinion?.noQuorum)).toEqual([false, false, true]);
  });

  it('refuses to drop an agenda item with a declared withdrawal, naming the member, and writes nothing', async () => {
    const r = await runtime();
    const { members, ids, session, items } = await opened(r);
    const before = await r.call('audit.list', { entityType: 'session', entityId: String(session.id) });
    const refused = await r.refuse('agenda.set', {
      sessionId: session.id,
      items: ids.slice(0, 2).map((dossierId) => ({ dossierId, rapporteurMemberId: null })),
    });
    expect(refused).toMatchObject({
      code: 'CONFLICT',
      message:
        "Le dossier « ESP du Santerre » ne peut pas être retiré de l'ordre du jour sans effacer un déport déclaré : retirez d'abord le déport de M. Paul Durand, ou ajournez le dossier.",
    });
    const after = await r.call('sessions.get', { id: session.id });
    expect(after.items.map((i) => i.id)).toEqual([items.first, items.second, items.third]);
    expect(after.items[2]!.withdrawals).toEqual([{ memberId: m(members, 1), reason: 'Salarié de la structure' }]);
    expect((await r.call('dossiers.get', { id: ids[2]! })).status).toBe('on_agenda');
    expect(await r.call('audit.list', { entityType: 'session', entityId: String(session.id) })).toHaveLength(before.length);

    // Once the withdrawal is taken back, the item can go; another one always could.
    const dropped = await r.call('agenda.set', { sessionId: session.id, items: [ids[0]!, ids[2]!].map((dossierId) => ({ dossierId, rapporteurMemberId: null })) });
    expect(dropped.items.map((i) => i.id)).toEqual([items.first, items.third]);
    await r.call('conflicts.set', { sessionId: session.id, withdrawals: [] });
    expect((await r.call('agenda.set', { sessionId: session.id, items: [{ dossierId: ids[0]!, rapporteurMemberId: null }] })).items).toHaveLength(1);
  });

  it('records an edit of the session with the same fields before and after', async () => {
    const r = await runtime();
    const { session } = await prepared(r);
    const fields = { number: '2026-04', date: '2026-12-11', startTime: '09:30', place: 'Visioconférence', videoLink: 'https://visio.example/ars' };
    await r.call('sessions.update', { id: session.id, fields });
    const [entry] = await r.call('audit.list', { entityType: 'session', entityId: String(session.id) });
    expect(entry).toMatchObject({ action: 'update', before: { date: '2026-12-10', startTime: '14:00' }, after: { date: '2026-12-11', startTime: '09:30' } });
    expect(Object.keys(entry!.before as object).sort()).toEqual(Object.keys(entry!.after as object).sort());
  });

  it('refuses a video link that is not a web address, naming the field', async () => {
    const r = await runtime();
    const { session } = await prepared(r);
    const fields = { number: '2026-04', date: '2026-12-11', place: '', videoLink: 'teams pas un lien' };
    const refused = await r.refuse('sessions.update', { id: session.id, fields });
    expect(refused.details).toEqual([
      {
        field: 'fields.videoLink',
        message: 'Le lien de visioconférence doit être une adresse web complète, commençant par https:// (ou http://).',
      },
    ]);
    await r.call('sessions.update', { id: session.id, fields: { ...fields, videoLink: 'https://teams.microsoft.com/l/meetup-join/19' } });
  });

  it('lists the members in French order, whatever the case and accents', async () => {
    const r = await runtime();
    for (const [firstName, lastName] of [['Anne', 'de La Tour'], ['Émile', 'Dallier'], ['Luc', 'Durand'], ['Zoé', 'Éluard'], ['Paul', 'Zola']]) {
      await r.call('members.save', { member: { firstName: firstName!, lastName: lastName!, organisation: 'ARS' } });
    }
    expect((await r.call('members.list', {})).map((m) => m.lastName)).toEqual(['Dallier', 'de La Tour', 'Durand', 'Éluard', 'Zola']);
  });

  it('refuses an impossible roll naming the member and writes nothing', async () => {
    const r = await runtime();
    const { members, session } = await prepared(r);
    const error = await r.refuse('sessions.setRoll', {
      sessionId: session.id,
      members: [
        { memberId: m(members, 0), status: 'present' },
        { memberId: m(members, 1), status: 'represented', proxyHolderId: m(members, 0) },
        { memberId: m(members, 2), status: 'represented', proxyHolderId: m(members, 0) },
      ],
    });
    expect(error.code).toBe('VALIDATION');
    expect(error.details?.[0]).toMatchObject({ field: 'members.2.proxyHolderId', message: expect.stringMatching(/un seul mandat/) });
    expect((await r.call('sessions.get', { id: session.id })).members.every((x) => x.status === 'absent')).toBe(true);
  });

  it('refuses to take a member with a declared withdrawal off the roll, and writes nothing', async () => {
    const r = await runtime();
    const { members, session } = await opened(r);
    const before = await r.call('sessions.get', { id: session.id });
    const error = await r.refuse('sessions.setRoll', {
      sessionId: session.id,
      members: before.members.filter((x) => x.memberId !== m(members, 1)).map(({ memberId, status, remote, proxyHolderId }) => ({ memberId, status, remote, proxyHolderId })),
    });
    expect(error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/a déclaré un déport dans cette séance : retirez d'abord ce déport/) });
    const after = await r.call('sessions.get', { id: session.id });
    expect(after.members).toEqual(before.members);
    expect(after.items.flatMap((i) => i.withdrawals)).toEqual([{ memberId: m(members, 1), reason: 'Salarié de la structure' }]);
  });

  it('scores a dossier with suggestions, several scorers and a consensus, on the session’s grid version', async () => {
    const r = await runtime();
    const { ids, session } = await prepared(r);
    const view = await r.call('scores.get', { dossierId: ids[0]! });
    expect(view.gridVersion).toBe(session.gridVersion);
    const zoning = view.suggestions.find((s) => s.criterionId === view.grid.axes[0]!.criteria[0]!.id);
    expect(zoning?.reason).toMatch(/\S/);
    const values = Object.fromEntries(view.suggestions.flatMap((s) => (s.value === null ? [] : [[s.criterionId, s.value]])));
    await r.call('scores.save', { dossierId: ids[0]!, scorer: 'instructor', sheet: { values } });
    await r.call('scores.save', { dossierId: ids[0]!, scorer: 'member:1', sheet: { values } });
    const scored = await r.call('scores.get', { dossierId: ids[0]! });
    expect(scored.sheets.map((s) => s.scorer)).toEqual(['instructor', 'member:1']);
    expect(scored.consensus?.sheet.values).toEqual(values);

    const bad = await r.refuse('scores.save', { dossierId: ids[0]!, scorer: 'instructor', sheet: { values: { nope: 3 } } });
    expect(bad.details?.[0]).toMatchObject({ field: 'sheet.values.nope' });

    // A new grid version does not change what the session was scored with.
    const grid = (await r.call('grid.get', {})).grid;
    const edited = { ...grid, thresholds: { ...grid.thresholds, favorable: 70 } };
    const next = await r.call('grid.update', { grid: edited });
    expect(next.version).toBe(session.gridVersion + 1);
    expect((await r.call('sessions.get', { id: session.id })).gridVersion).toBe(session.gridVersion);
    expect((await r.call('scores.get', { dossierId: ids[0]!, sessionId: session.id })).grid.thresholds.favorable).toBe(grid.thresholds.favorable);
  });

  it('refuses hostile input in French and writes nothing: numbers unsafe in file names, invisible reasons, unknown scorers, huge amounts', async () => {
    const r = await runtime();
    const { ids, session, items } = await opened(r);
    const audit = async () => (await r.call('audit.list', { limit: 1000 })).length;
    const before = await audit();

    for (const number of ['2026/04', 'CS[1]', '../../../../x']) {
      const error = await r.refuse('sessions.create', { number, date: '2027-01-14', place: 'Lille' });
      expect(error).toMatchObject({ code: 'VALIDATION', details: [{ field: 'number', message: expect.stringMatching(/nomme les fichiers de la séance/) }] });
    }
    const renamed = await r.refuse('sessions.update', { id: session.id, fields: { number: 'A:B', date: '2026-12-10', place: 'Lille' } });
    expect(renamed.details?.[0]?.field).toBe('fields.number');

    const scorer = await r.refuse('scores.save', { dossierId: ids[0]!, scorer: 'member:999', sheet: { values: {} } });
    expect(scorer).toMatchObject({ code: 'NOT_FOUND', message: 'Le notateur « member:999 » ne correspond à aucun membre de la commission.' });

    for (const amount of [1e21, 2 ** 53 + 2, 1e308]) {
      const opinion = { kind: 'favorable' as const, vote: vote3, grant: { amount, engineering: amount, it: 0, furniture: 0 } };
      expect((await r.refuse('items.recordOpinion', { itemId: items.first, opinion })).code).toBe('VALIDATION');
    }
    const notes = await r.refuse('items.recordOpinion', { itemId: items.first, opinion: { kind: 'favorable', vote: vote3 }, privateNotes: 'a\u0000' });
    expect(notes.details?.[0]).toMatchObject({ field: 'privateNotes', message: expect.stringMatching(/^Les notes privées contient un caractère de contrôle/) });

    await r.call('items.recordOpinion', { itemId: items.first, opinion: { kind: 'favorable', vote: vote3 } });
    await r.call('items.recordOpinion', { itemId: items.second, opinion: { kind: 'postponed', motivation: 'Dossier incomplet.', vote: vote3 } });
    await r.call('items.recordOpinion', { itemId: items.third, opinion: { kind: 'postponed', noQuorum: true } });
    await r.call('sessions.close', { id: session.id });
    const closed = await audit();
    expect(closed).toBeGreaterThan(before);
    for (const reason of ['\u200B', ' \u2060\uFEFF ', '\u202E']) {
      const error = await r.refuse('sessions.reopen', { id: session.id, reason });
      expect(error).toMatchObject({ code: 'VALIDATION', details: [{ field: 'reason', message: expect.stringMatching(/^Le motif de la réouverture (est obligatoire|contient)/) }] });
    }
    expect((await r.call('sessions.get', { id: session.id })).status).toBe('closed');
    expect(await audit()).toBe(closed);
  });
});
