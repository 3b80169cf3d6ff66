import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attendanceStatuses,
  canClose,
  decisionDateProblem,
  decisionSchema,
  defaultDecision,
  defaultSessionRules,
  departuresFromOpinion,
  describeVoters,
  grantSchema,
  noQuorumMotivation,
  notYetHeld,
  opinionLabel,
  opinionSchema,
  quorum,
  sessionRollSchema,
  sessionRulesSchema,
  transitionProblem,
  voteProblem,
  votersFor,
  type Attendance,
  type AttendanceStatus,
  type Member,
  type Opinion,
  type SessionRoll,
  type SessionRules,
} from '../../shared/session-rules';

const names = [
  'Anne Roy',
  'Bruno Caron',
  'Chantal Masson',
  'David Henry',
  'Élise Perret',
  'Fabien Colin',
  'Gaëlle Royer',
  'Hervé Lucas',
  'Iris Renaud',
  'Jules Barbier',
];

const member = (id: number, voice: Member['voice'] = 'deliberative'): Member => {
  const [firstName, lastName] = (names[id - 1] ?? `Membre ${id}`).split(' ') as [string, string];
  return { id, firstName, lastName, organisation: id % 2 ? 'ARS' : 'CGSS', title: '', voice };
};
const present = (memberId: number, remote = false): Attendance => ({
  memberId,
  status: 'present',
  remote,
  proxyHolderId: null,
});
const represented = (memberId: number, holder: number): Attendance => ({
  memberId,
  status: 'represented',
  remote: false,
  proxyHolderId: holder,
});
const away = (memberId: number, status: AttendanceStatus = 'excused'): Attendance => ({
  memberId,
  status,
  remote: false,
  proxyHolderId: null,
});

/**
 * Ten voting members and two advisory ones: 1 to 7 present (7 by video), 8 and 9 represented by
 * 1 and 2, 10 excused; member 7 withdraws from item 1, holder 2 from item 2.
 */
const session: SessionRoll = {
  members: [...Array.from({ length: 10 }, (_, i) => member(i + 1)), member(11, 'advisory'), member(12, 'advisory')],
  attendance: [
    ...[1, 2, 3, 4, 5, 6].map((id) => present(id)),
    present(7, true),
    represented(8, 1),
    represented(9, 2),
    away(10),
    present(11),
  ],
  withdrawals: [
    { memberId: 7, itemId: 1, reason: 'Membre de l’association porteuse' },
    { memberId: 2, itemId: 2, reason: '' },
  ],
  reconvened: false,
};
const roll = (change: (r: SessionRoll) => void) => {
  const r = structuredClone(session);
  change(r);
  return r;
};
const messages = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((i) => `${i.path.join('.')} : ${i.message}`);

describe('attendance and proxies', () => {
  it('accepts the sample session', () => {
    expect(sessionRollSchema().parse(session)).toEqual(session);
  });

  it('refuses proxies the CRPA does not allow, naming the field', () => {
    const refused = (change: (r: SessionRoll) => void, rules?: SessionRules) =>
      messages(sessionRollSchema(rules).safeParse(roll(change)));
    expect(refused((r) => (r.attendance[8] = represented(9, 1)))).toEqual([
      'attendance.8.proxyHolderId : Anne Roy détient 2 mandats (Hervé Lucas, Iris Renaud) : un seul mandat par membre.',
    ]);
    expect(
      refused((r) => (r.attendance[8] = represented(9, 1)), { ...defaultSessionRules, maxProxiesPerHolder: 2 }),
    ).toEqual([]);
    expect(refused((r) => (r.attendance[8] = represented(9, 10)))).toEqual([
      "attendance.8.proxyHolderId : Le mandat de Iris Renaud doit être confié à un membre présent : Jules Barbier ne l'est pas.",
    ]);
    expect(refused((r) => (r.attendance[8] = represented(9, 8)))).toEqual([
      'attendance.8.proxyHolderId : Pas de mandat en cascade : Hervé Lucas a donné son propre mandat et ne peut pas détenir celui de Iris Renaud.',
    ]);
    expect(refused((r) => (r.attendance[8] = represented(9, 11)))).toEqual([
      'attendance.8.proxyHolderId : Membre 11 siège avec voix consultative : le mandat de Iris Renaud ne peut pas lui être confié.',
    ]);
    expect(refused((r) => (r.attendance[8] = represented(9, 9)))).toEqual([
      'attendance.8.proxyHolderId : Iris Renaud ne peut pas détenir son propre mandat.',
    ]);
    expect(refused((r) => (r.attendance[8] = { ...represented(9, 2), proxyHolderId: null }))).toEqual([
      'attendance.8.proxyHolderId : Indiquer le membre qui détient le mandat de Iris Renaud.',
    ]);
    expect(refused((r) => (r.attendance[9] = { ...away(10), proxyHolderId: 3 }))).toEqual([
      "attendance.9.proxyHolderId : Un mandataire ne s'indique que pour un membre représenté (Jules Barbier : excusé).",
    ]);
    expect(refused((r) => (r.attendance[10] = represented(11, 3)))).toEqual([
      'attendance.10.status : Membre 11 siège avec voix consultative : pas de vote à confier par mandat.',
    ]);
    expect(refused((r) => r.attendance.push(present(13), away(3, 'absent')))).toEqual([
      'attendance.11.memberId : Le membre n° 13 ne fait pas partie de la commission.',
      'attendance.12.memberId : La présence de Chantal Masson est indiquée deux fois.',
    ]);
    expect(refused((r) => (r.attendance[9] = { ...away(10), remote: true }))).toEqual([
      'attendance.9.remote : Seul un membre présent participe à distance (Jules Barbier : excusé).',
    ]);
    expect(
      refused((r) =>
        r.withdrawals.push({ memberId: 7, itemId: 1, reason: '' }, { memberId: 20, itemId: 1, reason: '' }),
      ),
    ).toEqual([
      'withdrawals.2 : Le déport de Gaëlle Royer sur le point n° 1 est indiqué deux fois.',
      'withdrawals.3.memberId : Le membre déporté n° 20 ne fait pas partie de la commission.',
    ]);
    expect(refused(() => undefined, { ...defaultSessionRules, maxProxiesPerHolder: 0 })).toEqual([
      'attendance.7.status : Les mandats ne sont pas admis : Hervé Lucas ne peut pas être représenté.',
      'attendance.8.status : Les mandats ne sont pas admis : Iris Renaud ne peut pas être représenté.',
    ]);
  });
});

describe('quorum', () => {
  it('counts the voting members present or represented, half at least (CRPA R133-10)', () => {
    expect(quorum(session, null)).toEqual({
      reached: true,
      required: 5,
      counted: 9,
      details:
        'Quorum atteint : 9 membres à voix délibérative présents ou représentés sur 10 (7 présents dont 1 à distance, 2 représentés) ; il en faut au moins 5.',
    });
    // Advisory members 11 and 12 never count.
    const five = roll(
      (r) =>
        (r.attendance = [present(1), present(2), present(3), present(4), represented(5, 1), present(11), present(12)]),
    );
    expect(quorum(five, null)).toMatchObject({ reached: true, required: 5, counted: 5 });
    const four = roll(
      (r) => (r.attendance = [present(1), present(2), present(3), represented(4, 1), present(11), present(12)]),
    );
    expect(quorum(four, null)).toMatchObject({ reached: false, required: 5, counted: 4 });
    expect(quorum(four, null).details).toBe(
      'Quorum non atteint : 4 membres à voix délibérative présents ou représentés sur 10 (3 présents, 1 représenté) ; il en faut au moins 5.',
    );
    const strict = sessionRulesSchema.parse({ quorumComparison: 'more_than' });
    const exactlyHalf = roll((r) => (r.attendance = [1, 2, 3, 4, 5].map((id) => present(id))));
    expect(quorum(exactlyHalf, null)).toMatchObject({ reached: true, required: 5, counted: 5 });
    expect(quorum(exactlyHalf, null, strict)).toMatchObject({ reached: false, required: 6, counted: 5 });
    expect(quorum(exactlyHalf, null, strict).details).toMatch(/; il en faut plus de 5\.$/);
    const notCountingProxies = { ...defaultSessionRules, countRepresentedInQuorum: false };
    expect(quorum(four, null, notCountingProxies)).toMatchObject({ reached: false, counted: 3 });
  });

  it('is computed per agenda item, net of withdrawals', () => {
    expect(quorum(session, 1)).toMatchObject({ reached: true, required: 5, counted: 8 });
    expect(quorum(session, 1).details).toBe(
      'Quorum atteint : 8 membres à voix délibérative présents ou représentés sur 10 (6 présents, 2 représentés ; 1 membre déporté) ; il en faut au moins 5.',
    );
    // Holder 2 withdraws from item 2: the proxy of 9 is not cast on it either.
    expect(votersFor(session, 2)).toMatchObject({ present: 6, represented: 1, withdrawn: 1, lostProxies: 1, count: 7 });
    expect(quorum(session, 2).details).toBe(
      'Quorum atteint : 7 membres à voix délibérative présents ou représentés sur 10 (6 présents dont 1 à distance, 1 représenté ; 1 membre déporté, 1 mandat non exercé) ; il en faut au moins 5.',
    );
    const holderCasts = { ...defaultSessionRules, withdrawnHolderCastsProxy: true };
    expect(votersFor(session, 2, holderCasts)).toMatchObject({ represented: 2, lostProxies: 0, count: 8 });
    // A represented member who withdraws counts no more.
    const represented8 = roll((r) => r.withdrawals.push({ memberId: 8, itemId: 3, reason: '' }));
    expect(votersFor(represented8, 3)).toMatchObject({ present: 7, represented: 1, withdrawn: 1, count: 8 });
    const lenient = { ...defaultSessionRules, withdrawalReducesComposition: true };
    expect(votersFor(session, 1, lenient).composition).toBe(9);
    expect(votersFor(session, 1).composition).toBe(10);
  });

  it('agrees « présent » with the count: none or one member in the singular', () => {
    const nobody = roll((r) => (r.attendance = []));
    expect(quorum(nobody, null).details).toBe(
      'Quorum non atteint : 0 membre à voix délibérative présent ou représenté sur 10 (0 présent) ; il en faut au moins 5.',
    );
    const one = roll((r) => (r.attendance = [present(1)]));
    expect(quorum(one, null, { ...defaultSessionRules, countRepresentedInQuorum: false }).details).toBe(
      'Quorum non atteint : 1 membre à voix délibérative présent sur 10 (1 présent) ; il en faut au moins 5.',
    );
  });

  it('names the voters of an item: « 8 votants : 6 présents… », never « 4 : 2 présents »', () => {
    expect(describeVoters(votersFor(session, 1))).toBe('8 votants : 6 présents, 2 représentés, 1 membre déporté');
    expect(describeVoters(votersFor(roll((r) => (r.attendance = [present(1)])), null))).toBe('1 votant : 1 présent');
    expect(describeVoters(votersFor(roll((r) => (r.attendance = [])), null))).toBe('0 votant : 0 présent');
  });

  it('is not required after a new convocation', () => {
    const reconvened = roll((r) => ((r.reconvened = true), (r.attendance = [present(1), present(2)])));
    expect(quorum(reconvened, null)).toEqual({
      reached: true,
      required: 0,
      counted: 2,
      details:
        'Aucun quorum exigé : nouvelle convocation sur le même ordre du jour après un quorum non atteint (article R133-10 du CRPA) ; 2 membres à voix délibérative présents ou représentés sur 10 (2 présents).',
    });
  });
});

/** Any valid roll: proxies go to present voting members, one each; some members withdraw from item 1. */
const rollArb = fc
  .record({ voting: fc.integer({ min: 1, max: 12 }), advisory: fc.integer({ min: 0, max: 3 }) })
  .chain(({ voting, advisory }) =>
    fc.record({
      voting: fc.constant(voting),
      statuses: fc.array(fc.constantFrom(...attendanceStatuses), {
        minLength: voting + advisory,
        maxLength: voting + advisory,
      }),
      withdrawn: fc.subarray(Array.from({ length: voting + advisory }, (_, i) => i + 1)),
    }),
  )
  .map(({ voting, statuses, withdrawn }): SessionRoll => {
    const members = statuses.map((_, i) => member(i + 1, i < voting ? 'deliberative' : 'advisory'));
    const holders = members.filter((m, i) => m.voice === 'deliberative' && statuses[i] === 'present').map((m) => m.id);
    const attendance = statuses.map((status, i): Attendance => {
      if (status !== 'represented') return away(i + 1, status);
      const holder = members[i]!.voice === 'deliberative' ? holders.shift() : undefined;
      return holder === undefined ? away(i + 1, 'absent') : represented(i + 1, holder);
    });
    return {
      members,
      attendance,
      withdrawals: withdrawn.map((memberId) => ({ memberId, itemId: 1, reason: '' })),
      reconvened: false,
    };
  });
const rulesArb = fc.record({
  quorumPercent: fc.integer({ min: 1, max: 100 }),
  quorumComparison: fc.constantFrom('at_least' as const, 'more_than' as const),
  countRepresentedInQuorum: fc.boolean(),
  maxProxiesPerHolder: fc.constant(1),
  withdrawnHolderCastsProxy: fc.boolean(),
  withdrawalReducesComposition: fc.boolean(),
});

describe('quorum properties', () => {
  it('generated rolls are valid', () => {
    fc.assert(
      fc.property(rollArb, (r) => {
        expect(messages(sessionRollSchema().safeParse(r))).toEqual([]);
      }),
    );
  });

  it('adding a present voting member never loses a reached quorum', () => {
    fc.assert(
      fc.property(rollArb, rulesArb, fc.constantFrom(null, 1), fc.nat(), (r, rules, item, pick) => {
        if (!quorum(r, item, rules).reached) return;
        const newcomer = { ...r, members: [...r.members, member(99)], attendance: [...r.attendance, present(99)] };
        expect(quorum(newcomer, item, rules).reached).toBe(true);
        const away = r.attendance.filter((a) => a.status === 'absent' || a.status === 'excused');
        if (!away.length) return;
        const arriving = away[pick % away.length]!.memberId;
        const arrived = {
          ...r,
          attendance: r.attendance.map((a) => (a.memberId === arriving ? present(arriving) : a)),
        };
        expect(quorum(arrived, item, rules).reached).toBe(true);
      }),
    );
  });

  it('a withdrawal never increases the members counted', () => {
    fc.assert(
      fc.property(rollArb, rulesArb, fc.nat(), (r, rules, pick) => {
        const memberId = r.members[pick % r.members.length]!.id;
        const withdrawn = { ...r, withdrawals: [...r.withdrawals, { memberId, itemId: 1, reason: '' }] };
        expect(quorum(withdrawn, 1, rules).counted).toBeLessThanOrEqual(quorum(r, 1, rules).counted);
        expect(votersFor(withdrawn, 1, rules).count).toBeLessThanOrEqual(votersFor(r, 1, rules).count);
      }),
    );
  });
});

describe('votes', () => {
  it('names what is wrong', () => {
    const voters = votersFor(session, 1);
    expect(voteProblem({ for: 6, against: 2, abstention: 1 }, voters)).toBe(
      'Le nombre de votes (9) dépasse le nombre de votants (8 : 6 présents, 2 représentés, 1 membre déporté).',
    );
    expect(voteProblem({ for: 5, against: 1, abstention: 1 }, voters)).toBeNull();
    expect(voteProblem({ for: 5, against: 1, abstention: 1 }, voters, true)).toBe(
      'Le nombre de votes (7) est inférieur au nombre de votants (8 : 6 présents, 2 représentés, 1 membre déporté) : 1 vote manque.',
    );
    expect(voteProblem({ for: 5, against: 1, abstention: 1 }, votersFor(session, 2))).toBeNull();
  });

  const split = (total: number) =>
    fc
      .integer({ min: 0, max: total })
      .chain((f) =>
        fc.integer({ min: 0, max: total - f }).map((a) => ({ for: f, against: a, abstention: total - f - a })),
      );

  it('accepts any split of the voters, refuses any total above', () => {
    fc.assert(
      fc.property(
        rollArb.chain((r) => {
          const voters = votersFor(r, 1);
          return fc.record({
            voters: fc.constant(voters),
            cast: fc.integer({ min: 0, max: voters.count }).chain(split),
            excess: fc.integer({ min: voters.count + 1, max: voters.count + 20 }).chain(split),
            all: split(voters.count),
          });
        }),
        ({ voters, cast, excess, all }) => {
          expect(voteProblem(cast, voters)).toBeNull();
          expect(voteProblem(all, voters, true)).toBeNull();
          expect(voteProblem(excess, voters)).toMatch(/^Le nombre de votes \(\d+\) dépasse le nombre de votants/);
          const total = cast.for + cast.against + cast.abstention;
          expect(voteProblem(cast, voters, true) === null).toBe(total === voters.count);
        },
      ),
    );
  });
});

const ceiling = 20_000;
const grant = grantSchema(ceiling);

describe('grants', () => {
  const parts = fc
    .integer({ min: 1, max: ceiling * 100 })
    .chain((cents) =>
      fc.tuple(fc.constant(cents), fc.integer({ min: 0, max: cents }), fc.integer({ min: 0, max: cents })),
    )
    .map(([cents, a, b]) => {
      const [low, high] = a < b ? [a, b] : [b, a];
      return { cents, split: [low, high - low, cents - high] as const };
    });
  const euros = (cents: number) => cents / 100;

  it('accepts any split of an amount in cents into the three parts', () => {
    fc.assert(
      fc.property(parts, ({ cents, split: [engineering, it, furniture] }) => {
        const input = {
          amount: euros(cents),
          engineering: euros(engineering),
          it: euros(it),
          furniture: euros(furniture),
        };
        expect(messages(grant.safeParse(input))).toEqual([]);
      }),
    );
  });

  it('refuses any other sum', () => {
    fc.assert(
      fc.property(
        parts,
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: -200_000, max: 200_000 }).filter((d) => d !== 0),
        ({ cents, split }, which, delta) => {
          const changed = split.map((v, i) => (i === which ? v + delta : v));
          fc.pre(changed[which]! >= 0);
          const [engineering, it, furniture] = changed.map(euros);
          const issues = grant.safeParse({ amount: euros(cents), engineering, it, furniture }).error?.issues ?? [];
          expect(issues.some((i) => i.path.join('.') === 'amount' && i.message.startsWith('La ventilation'))).toBe(
            true,
          );
        },
      ),
    );
  });

  it('explains a wrong breakdown, a zero amount and the ceiling in French', () => {
    expect(messages(grant.safeParse({ amount: 20000, engineering: 8000, it: 7000, furniture: 4000.5 }))[0]).toMatch(
      /^amount : La ventilation \(ingénierie 8\s000\s€ \+ informatique 7\s000\s€ \+ mobilier 4\s000,50\s€ = 19\s000,50\s€\) ne correspond pas au montant de l'aide \(20\s000\s€\)\.$/,
    );
    expect(messages(grant.safeParse({ amount: 0, engineering: 0, it: 0, furniture: 0 }))).toEqual([
      "amount : Le montant de l'aide doit être supérieur à zéro ; sans aide, n'en indiquer aucune.",
    ]);
    expect(messages(grant.safeParse({ amount: 25000, engineering: 10000, it: 10000, furniture: 5000 }))).toEqual([
      expect.stringMatching(/^amount : Le montant de l'aide ne peut pas dépasser 20\s000 €\.$/),
    ]);
    // 0.1 + 0.2 is 0.30000000000000004 in binary, not in cents.
    expect(grant.safeParse({ amount: 0.3, engineering: 0.1, it: 0.2, furniture: 0 }).success).toBe(true);
  });
});

describe('the opinion', () => {
  const schema = opinionSchema({ grantCeiling: ceiling, voters: votersFor(session, 1) });
  const base = { motivation: '', reservations: [], vote: null, grant: null };

  it('asks for a motivation for anything but a favorable opinion', () => {
    expect(schema.safeParse({ kind: 'favorable' }).success).toBe(true);
    expect(messages(schema.safeParse({ kind: 'unfavorable' }))).toEqual([
      'motivation : La motivation est obligatoire pour un avis « Défavorable ».',
    ]);
    expect(messages(schema.safeParse({ kind: 'postponed' }))).toEqual([
      'motivation : La motivation est obligatoire pour un avis « Ajourné ».',
    ]);
    expect(schema.safeParse({ ...base, kind: 'postponed', motivation: 'Projet de santé non signé.' }).success).toBe(
      true,
    );
  });

  it('asks for reservations with, and only with, a favorable opinion under reservations', () => {
    const kind = 'favorable_with_reservations';
    expect(messages(schema.safeParse({ kind, motivation: 'Protocoles à formaliser.' }))).toEqual([
      'reservations : Un avis « Favorable sous réserve » doit énoncer au moins une réserve.',
    ]);
    expect(
      schema.safeParse({
        kind,
        motivation: 'Protocoles à formaliser.',
        reservations: ['Deux protocoles signés sous six mois'],
      }).success,
    ).toBe(true);
    expect(messages(schema.safeParse({ kind: 'favorable', reservations: ['Adhérer à MSSanté'] }))).toEqual([
      "reservations : Des réserves ne s'accordent qu'avec un avis « Favorable sous réserve ».",
    ]);
    expect(messages(schema.safeParse({ kind, motivation: 'x', reservations: ['  '] }))).toEqual([
      'reservations.0 : Une réserve est obligatoire.',
    ]);
  });

  it('refuses a grant with an unfavorable or postponed opinion, and checks the vote', () => {
    const aid = { amount: 20000, engineering: 8000, it: 7000, furniture: 5000 };
    expect(schema.parse({ kind: 'favorable', grant: aid, vote: { for: 7, against: 0, abstention: 1 } }).grant).toEqual(
      aid,
    );
    expect(
      messages(schema.safeParse({ kind: 'unfavorable', motivation: 'Aucun médecin généraliste.', grant: aid })),
    ).toEqual(["grant : Pas d'aide avec un avis « Défavorable »."]);
    expect(messages(schema.safeParse({ kind: 'postponed', motivation: 'À revoir.', grant: aid }))).toEqual([
      "grant : Pas d'aide avec un avis « Ajourné ».",
    ]);
    expect(messages(schema.safeParse({ kind: 'favorable', vote: { for: 9, against: 0, abstention: 0 } }))).toEqual([
      'vote : Le nombre de votes (9) dépasse le nombre de votants (8 : 6 présents, 2 représentés, 1 membre déporté).',
    ]);
    const rollCall = opinionSchema({ grantCeiling: ceiling, voters: votersFor(session, 1), completeRollCall: true });
    expect(messages(rollCall.safeParse({ kind: 'favorable', vote: { for: 7, against: 0, abstention: 0 } }))).toEqual([
      'vote : Le nombre de votes (7) est inférieur au nombre de votants (8 : 6 présents, 2 représentés, 1 membre déporté) : 1 vote manque.',
    ]);
    expect(messages(schema.safeParse({ kind: 'excellent' }))).toEqual([
      "kind : L'avis doit être favorable, favorable sous réserve, défavorable ou ajourné.",
    ]);
  });
});

describe('postponing faute de quorum', () => {
  // Two of the ten voting members present: no quorum on item 1.
  const thin = quorum(
    roll((r) => {
      r.attendance = [present(1), present(2)];
    }),
    1,
  );
  const schema = opinionSchema({ grantCeiling: ceiling, voters: null, quorum: thin });

  it('postpones without a vote, the motivation saying why with the count', () => {
    expect(thin.reached).toBe(false);
    const opinion = schema.parse({ kind: 'postponed', noQuorum: true });
    expect(opinion).toMatchObject({ kind: 'postponed', noQuorum: true, vote: null });
    expect(opinion.motivation).toBe(noQuorumMotivation(thin));
    expect(opinion.motivation).toMatch(
      /^La commission n'a pas pu délibérer sur ce dossier faute de quorum\. Quorum non atteint : 2 membres à voix délibérative présents ou représentés sur 10 .* il en faut au moins 5\. Le dossier est ajourné/,
    );
    expect(opinionLabel(opinion)).toBe('Ajourné faute de quorum');
    expect(schema.parse({ kind: 'postponed', noQuorum: true, motivation: 'Trois membres déportés.' }).motivation).toBe(
      'Trois membres déportés.',
    );
  });

  it('is only a postponement, never voted, and only when the quorum is missed', () => {
    expect(messages(schema.safeParse({ kind: 'unfavorable', noQuorum: true }))).toEqual([
      "kind : Faute de quorum, le dossier ne peut être qu'ajourné : la commission n'a pas délibéré.",
    ]);
    expect(messages(schema.safeParse({ kind: 'postponed', noQuorum: true, vote: { for: 2, against: 0, abstention: 0 } }))).toEqual([
      "vote : Pas de vote sur un dossier ajourné faute de quorum : la commission n'a pas délibéré.",
    ]);
    const reached = quorum(session, 1);
    expect(reached.reached).toBe(true);
    const withQuorum = opinionSchema({ grantCeiling: ceiling, voters: null, quorum: reached });
    expect(messages(withQuorum.safeParse({ kind: 'postponed', noQuorum: true }))).toEqual([
      `noQuorum : Le quorum est atteint sur ce point : la commission délibère et vote. ${reached.details}`,
    ]);
    // An ordinary postponement still needs its motivation, and is named as such.
    expect(messages(schema.safeParse({ kind: 'postponed' }))).toEqual([
      'motivation : La motivation est obligatoire pour un avis « Ajourné ».',
    ]);
    expect(opinionLabel(schema.parse({ kind: 'postponed', motivation: 'Devis manquants.' }))).toBe('Ajourné');
  });
});

describe('the ARS decision', () => {
  const opinion: Opinion = opinionSchema({ grantCeiling: ceiling, voters: null }).parse({
    kind: 'favorable',
    grant: { amount: 20000, engineering: 8000, it: 7000, furniture: 5000 },
  });
  const signatory = {
    civility: 'Mme' as const,
    firstName: 'Hélène',
    lastName: 'Marchand',
    title: 'Directrice de l’offre de soins',
    byDelegation: true,
  };
  const schema = decisionSchema(opinion, { grantCeiling: ceiling, sessionDate: '2027-01-14', today: '2027-02-01' });

  it('follows the opinion by default', () => {
    const decision = defaultDecision(opinion, '2027-01-20', signatory);
    expect(schema.parse(decision)).toEqual(decision);
    expect(departuresFromOpinion(decision, opinion)).toEqual([]);
  });

  it('may depart from it, with a reason', () => {
    const refusal = { outcome: 'unfavorable', date: '2027-01-20', signatory };
    expect(messages(schema.safeParse(refusal))).toEqual([
      expect.stringMatching(
        /^reason : La décision \(Refus\) diffère de l'avis de la commission \(Favorable\) et l'aide décidée \(aucune aide\) diffère de celle proposée \(ingénierie 8\s000\s€ .* = 20\s000\s€\) : le motif est obligatoire\.$/,
      ),
    ]);
    expect(schema.safeParse({ ...refusal, reason: 'Crédits du FIR épuisés pour l’exercice.' }).success).toBe(true);
    const lower = {
      ...defaultDecision(opinion, '2027-01-20', signatory),
      grant: { amount: 15000, engineering: 5000, it: 6000, furniture: 4000 },
    };
    expect(messages(schema.safeParse(lower))[0]).toMatch(
      /^reason : L'aide décidée \(.*15\s000\s€\) diffère de celle proposée \(.*20\s000\s€\) : le motif est obligatoire\.$/,
    );
    expect(messages(schema.safeParse({ ...refusal, reason: 'x', grant: lower.grant }))).toEqual([
      "grant : Pas d'aide avec une décision de refus.",
    ]);
  });

  it('needs a date and a signatory named in full', () => {
    expect(
      messages(
        schema.safeParse({
          outcome: 'favorable',
          grant: opinion.grant,
          date: '2027-02-30',
          signatory: { ...signatory, lastName: ' ', title: '' },
        }),
      ),
    ).toEqual([
      "date : Cette date n'existe pas.",
      'signatory.lastName : Le nom du signataire est obligatoire.',
      'signatory.title : La qualité du signataire est obligatoire.',
    ]);
  });

  it('is dated on or after the session, and not after today', () => {
    const dated = (date: string) => messages(schema.safeParse(defaultDecision(opinion, date, signatory)));
    expect(dated('2027-01-14')).toEqual([]);
    expect(dated('2027-02-01')).toEqual([]);
    expect(dated('2026-03-03')).toEqual(['date : La date de décision (3\u00a0mars 2026) précède la séance du 14\u00a0janvier 2027.']);
    expect(dated('2027-02-02')).toEqual([
      "date : La date de décision (2\u00a0février 2027) est postérieure à aujourd'hui (1er\u00a0février 2027) : une décision ne se date pas à l'avance.",
    ]);
  });

  it('dates are compared as calendar days; a malformed one is left to its own check', () => {
    const dates = { sessionDate: '2026-12-10', today: '2026-12-16' };
    expect(decisionDateProblem('2026-03-03', dates)).toBe(
      'La date de décision (3\u00a0mars 2026) précède la séance du 10\u00a0décembre 2026.',
    );
    expect(decisionDateProblem('2026-12-10', dates)).toBeNull();
    expect(decisionDateProblem('2026-12-16', dates)).toBeNull();
    expect(decisionDateProblem('2026-02-30', dates)).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 }), (a, b, c) => {
        const day = (n: number) => new Date(Date.UTC(2020, 0, 1 + n)).toISOString().slice(0, 10);
        const [date, sessionDate, today] = [day(a), day(b), day(c)];
        const problem = decisionDateProblem(date, { sessionDate, today });
        expect(problem === null).toBe(sessionDate <= date && date <= today);
      }),
    );
  });
});

describe('the session lifecycle', () => {
  it('closes only once the session has taken place', () => {
    expect(notYetHeld('2026-12-10', '2026-12-10')).toBeNull();
    expect(notYetHeld('2026-12-10', '2027-01-04')).toBeNull();
    expect(notYetHeld('2026-12-10', '2026-12-09')).toBe(
      "La séance du 10\u00a0décembre 2026 n'a pas encore eu lieu : elle ne pourra être clôturée qu'à partir de ce jour.",
    );
  });

  it('goes from draft to closed, and reopens only explicitly', () => {
    expect(transitionProblem('draft', 'convened')).toBeNull();
    expect(transitionProblem('convened', 'in_progress')).toBeNull();
    expect(transitionProblem('in_progress', 'closed')).toBeNull();
    expect(transitionProblem('closed', 'in_progress')).toBeNull();
    expect(transitionProblem('draft', 'closed')).toBe(
      'Une séance « En préparation » ne peut pas passer à « Clôturée » (seulement « Convoquée »).',
    );
    expect(transitionProblem('closed', 'draft')).toBe(
      'Une séance « Clôturée » ne peut pas passer à « En préparation » (seulement « En cours »).',
    );
  });

  it('closes once every item has an opinion, a postponement counting as one', () => {
    expect(canClose([])).toEqual({ ok: false, reasons: ["L'ordre du jour est vide."] });
    const items = [
      { label: 'n° 24001101 — ESP de Thiérache', opinion: { kind: 'favorable' as const } },
      { label: 'n° 24001103 — ESP Chauny Centre', opinion: { kind: 'postponed' as const } },
      { label: 'n° 24001106 — MSP de Lens Nord', opinion: null },
    ];
    expect(canClose(items)).toEqual({
      ok: false,
      reasons: ["n° 24001106 — MSP de Lens Nord : aucun avis n'est enregistré (l'ajourner s'il n'a pas été examiné)."],
    });
    expect(canClose(items.slice(0, 2))).toEqual({ ok: true, reasons: [] });
  });
});
