import type { Input, MethodName, Output } from '../../shared/contract';

type Call = <M extends MethodName>(method: M, input: Input<M>) => Promise<Output<M>>;

/** A session opened with three members of its own, all present, on the dossiers given. */
export async function openSession(call: Call, dossierIds: readonly number[], sessionNumber = '2026-04') {
  const members = [];
  for (const [firstName, lastName, organisation] of [
    ['Claire', 'Vandenberghe', 'ARS'],
    ['Paul', 'Durand', 'CPAM du Nord'],
    ['Inès', 'Martin', 'URPS médecins'],
  ] as const) {
    members.push(await call('members.save', { member: { firstName, lastName, organisation } }));
  }
  const session = await call('sessions.create', {
    number: sessionNumber,
    date: '2026-12-10',
    startTime: '14:00',
    place: 'ARS Hauts-de-France, Lille',
    chairMemberId: members[0]!.id,
    secretary: 'Julie Perrin',
  });
  await call('sessions.setRoll', { sessionId: session.id, members: members.map((m) => ({ memberId: m.id, status: 'present' as const })) });
  const agenda = await call('agenda.set', { sessionId: session.id, items: dossierIds.map((dossierId) => ({ dossierId, rapporteurMemberId: null })) });
  await call('sessions.transition', { id: session.id, to: 'convened' });
  await call('sessions.transition', { id: session.id, to: 'in_progress' });
  return { sessionId: session.id, itemIds: agenda.items.map((i) => i.id) };
}

/**
 * The commission's favourable opinion on the dossier, in a session held with three members of
 * its own: the dossier then has an opinion, as in a real session.
 */
export async function giveOpinion(call: Call, dsNumber: number, sessionNumber = '2026-04'): Promise<void> {
  const { id } = await call('dossiers.get', { dsNumber });
  const { itemIds } = await openSession(call, [id], sessionNumber);
  await call('items.recordOpinion', { itemId: itemIds[0]!, opinion: { kind: 'favorable', vote: { for: 3, against: 0, abstention: 0 } } });
}
