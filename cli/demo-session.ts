/**
 * A whole commission, scripted through the contract as a user would drive it: the sample
 * exports imported, the agency configured, a roster, a session with one dossier of each outcome,
 * opinions, decisions, closing. Used by `npm run demo` and by the document tests.
 */
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Input, MethodName, Output } from '../shared/contract';
import type { Runtime } from '../services/runtime';

export const samplesDir = resolve(import.meta.dirname, '../test/fixtures/samples');

type Call = <M extends MethodName>(method: M, input: Input<M>) => Promise<Output<M>>;

/** Calls a method, and stops the script with the French message if it refuses. */
export function caller(runtime: Runtime): Call {
  return async (method, input) => {
    const result = await runtime.dispatch(method, input);
    if (!result.ok) throw new Error(`${method} : ${result.error.message}`);
    return result.value as never;
  };
}

const upload = (path: string) => ({ fileName: basename(path), contentBase64: readFileSync(path).toString('base64') });

export const demoIdentity: Input<'settings.update'>['identity'] = {
  regionCode: '32',
  agencyName: 'Agence régionale de santé Hauts-de-France',
  direction: "Direction de l'offre de soins",
  unit: 'Sous-direction des soins de proximité — premier recours',
  address: { street: '556 avenue Willy Brandt', postalCode: '59777', city: 'Euralille' },
  phone: '03 62 72 77 00',
  email: 'ars-hdf-premier-recours@ars.sante.fr',
  directorGeneral: { civility: 'M.', firstName: 'Hugo', lastName: 'Gilardi', title: 'Directeur général' },
  signatory: {
    civility: 'Mme',
    firstName: 'Claire',
    lastName: 'Vandenberghe',
    title: "Directrice de l'offre de soins",
    byDelegation: true,
  },
  appeal: { court: 'tribunal administratif de Lille', distanceDelay: 'none' },
  caseOfficer: { name: 'Julie Caron', email: 'ars-hdf-premier-recours@ars.sante.fr', phone: '03 62 72 77 00' },
  departments: [
    { code: '02', email: 'ars-hdf-dd02@ars.sante.fr', officerName: 'Thomas Lemaire', phone: '03 23 26 89 00' },
    { code: '59', email: 'ars-hdf-dd59@ars.sante.fr' },
    { code: '62', email: 'ars-hdf-dd62@ars.sante.fr' },
    { code: '80', email: 'ars-hdf-dd80@ars.sante.fr' },
  ],
};

const roster: Input<'members.save'>['member'][] = [
  { civility: 'Mme', firstName: 'Claire', lastName: 'Vandenberghe', organisation: 'ARS Hauts-de-France', title: "directrice de l'offre de soins" },
  { civility: 'M.', firstName: 'Paul', lastName: 'Durand', organisation: 'CPAM de Lille-Douai', title: 'directeur adjoint' },
  { civility: 'Mme', firstName: 'Inès', lastName: 'Martin', organisation: 'URPS médecins libéraux' },
  { civility: 'M.', firstName: 'Marc', lastName: 'Leroy', organisation: 'URPS infirmiers' },
  { civility: 'Mme', firstName: 'Sophie', lastName: 'Bernard', organisation: 'Conseil départemental du Nord' },
  { civility: 'M.', firstName: 'Yann', lastName: 'Morel', organisation: 'France Assos Santé', voice: 'advisory' },
];

const representatives: [number, { civility: 'Mme' | 'M.'; firstName: string; lastName: string; capacity: string }][] = [
  [24001101, { civility: 'Mme', firstName: 'Anne', lastName: 'Lefebvre', capacity: 'présidente de l’association ESP de Thiérache' }],
  [24001105, { civility: 'M.', firstName: 'Paul', lastName: 'Dubois', capacity: 'président de l’association ESP du Santerre' }],
];

/** Runs the scripted session and returns it closed. */
export async function scriptDemoSession(call: Call): Promise<Output<'sessions.get'>> {
  await call('settings.update', { identity: demoIdentity });
  await call('import.run', upload(join(samplesDir, 'demarches-simplifiees/hdf-dossiers-export.xlsx')));
  await call('zoning.import', upload(join(samplesDir, 'zonage/hdf-zonage-medecins.csv')));
  const members: Output<'members.save'>[] = [];
  for (const member of roster) members.push(await call('members.save', { member }));
  const id = (i: number) => members[i]!.id;
  const dossier = async (dsNumber: number) => (await call('dossiers.get', { dsNumber })).id;
  // Who signs the funding agreements for the two teams that receive a grant.
  for (const [dsNumber, representative] of representatives) {
    const { id: dossierId, data } = await call('dossiers.get', { dsNumber });
    await call('dossiers.update', { id: dossierId, data: { ...data, legalEntity: { ...data.legalEntity, representative } } });
  }

  let session = await call('sessions.create', {
    number: '2026-04',
    title: 'Commission régionale de reconnaissance des ESP, MSP et CPTS',
    date: '2026-11-26',
    startTime: '14:00',
    endTime: '16:30',
    place: 'ARS Hauts-de-France, salle du conseil, Euralille',
    chairMemberId: id(0),
    secretary: 'Julie Perrin',
  });
  await call('sessions.setRoll', {
    sessionId: session.id,
    members: [
      { memberId: id(0), status: 'present' },
      { memberId: id(1), status: 'present', remote: true },
      { memberId: id(2), status: 'present' },
      { memberId: id(3), status: 'represented', proxyHolderId: id(2) },
      { memberId: id(4), status: 'excused' },
      { memberId: id(5), status: 'present' },
    ],
  });
  const order = [24001101, 24001102, 24001105, 24001103, 24001104];
  session = await call('agenda.set', {
    sessionId: session.id,
    items: await Promise.all(order.map(async (n, i) => ({ dossierId: await dossier(n), rapporteurMemberId: id(i % 2 ? 1 : 2) }))),
  });
  const item = (n: number) => session.items.find((i) => i.dossier.dsNumber === n)!.id;
  await call('conflicts.set', {
    sessionId: session.id,
    withdrawals: [{ memberId: id(1), itemId: item(24001104), reason: 'Administrateur de la CPTS' }],
  });
  // The instructing officer confirms the suggested scores and judges the rest, at mid-scale.
  for (const n of order) {
    const dossierId = await dossier(n);
    const { grid, suggestions } = await call('scores.get', { dossierId });
    const values: Record<string, number> = {};
    for (const criterion of grid.axes.flatMap((a) => a.criteria)) {
      const suggested = suggestions.find((s) => s.criterionId === criterion.id)?.value;
      const allowed = criterion.scale ? criterion.scale.map((c) => c.points) : [Math.floor(criterion.max / 2)];
      values[criterion.id] = suggested ?? allowed.reduce((a, b) => (Math.abs(b - criterion.max / 2) < Math.abs(a - criterion.max / 2) ? b : a));
    }
    await call('scores.save', { dossierId, scorer: 'instructor', sheet: { values } });
  }
  await call('sessions.transition', { id: session.id, to: 'convened' });
  await call('sessions.transition', { id: session.id, to: 'in_progress' });

  const all = { for: 4, against: 0, abstention: 0 };
  await call('items.recordOpinion', {
    itemId: item(24001101),
    opinion: { kind: 'favorable', vote: all, grant: { amount: 20000, engineering: 8000, it: 7000, furniture: 5000 } },
  });
  await call('items.recordOpinion', { itemId: item(24001102), opinion: { kind: 'favorable', vote: all } });
  await call('items.recordOpinion', {
    itemId: item(24001105),
    opinion: {
      kind: 'favorable_with_reservations',
      reservations: [
        'Transmettre les statuts de l’association signés et déclarés en préfecture.',
        'Formaliser par écrit les deux protocoles pluriprofessionnels annoncés.',
      ],
      motivation: 'Projet cohérent avec les besoins du Santerre ; la structuration juridique reste à achever.',
      vote: { for: 3, against: 0, abstention: 1 },
      grant: { amount: 18000, engineering: 9000, it: 6000, furniture: 3000 },
    },
  });
  await call('items.recordOpinion', {
    itemId: item(24001103),
    opinion: {
      kind: 'unfavorable',
      motivation:
        "L'équipe ne comprend aucun médecin généraliste, alors que l'article L1411-11-1 du code de la santé publique et le cahier des charges régional exigent au moins un médecin généraliste ; la psychologue associée au projet n'exerce pas une profession de santé au sens de la quatrième partie de ce code.",
      vote: { for: 0, against: 4, abstention: 0 },
    },
  });
  await call('items.recordOpinion', {
    itemId: item(24001104),
    opinion: {
      kind: 'postponed',
      motivation: 'Le diagnostic territorial et la lettre de mission du coordinateur doivent être complétés avant un nouvel examen.',
      vote: { for: 3, against: 0, abstention: 0 },
    },
  });
  for (const n of order) await call('items.recordDecision', { itemId: item(n), date: '2026-11-30' });
  return call('sessions.close', { id: session.id });
}
