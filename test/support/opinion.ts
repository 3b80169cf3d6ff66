import type { Input, MethodName, Output } from '../../shared/contract';

type Call = <M extends MethodName>(method: M, input: Input<M>) => Promise<Output<M>>;

/**
 * The commission's favourable opinion on the dossier, in a session held with three members of
 * its own: the dossier then has an opinion, as in a real session.
 */
export async function giveOpinion(call: Call, dsNumber: number, sessionNumber = '2026-04'): Promise<void> {
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
  const { id } = await call('dossiers.get', { dsNumber });
  const agenda = await call('agenda.set', { sessionId: session.id, items: [{ dossierId: id, rapporteurMemberId: null }] });
  await call('sessions.transition', { id: session.id, to: 'convened' });
  await call('sessions.transition', { id: session.id, to: 'in_progress' });
  await call('items.recordOpinion', { itemId: agenda.items[0]!.id, opinion: { kind: 'favorable', vote: { for: 3, against: 0, abstention: 0 } } });
}
