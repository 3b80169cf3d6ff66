/**
 * The rules of a commission session (PRODUCT.md §3 « Commission session »): members and their
 * attendance, proxies, withdrawals, quorum, vote counts, the opinion and its grant, the ARS
 * decision, and the session's lifecycle. The defaults follow the rules of French consultative
 * administrative commissions (Code des relations entre le public et l'administration, CRPA,
 * articles R133-9 to R133-12), which an ARS commission's internal rules may adapt.
 */
import { formatDate, formatEuros as formatAmount } from './french';
import { signatorySchema } from './people';
import { euros, isoDate, optionalText, requiredText, wholeNumber, z } from './validation';

/** « 0 vote », « 1 vote », « 2 votes »: French puts 0 and 1 in the singular. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n > 1 ? pluralForm : singular}`;
}

/** « 20 000 € », « 18 000,50 € »: cents only when there are some, as messages write amounts. */
export const formatEuros = (amount: number) => formatAmount(amount, { cents: 'whenPresent' });

/** Amounts are compared in whole cents, so that 0.1 + 0.2 adds up to 0.3. */
export const toCents = (amount: number) => Math.round(amount * 100);

// ---------------------------------------------------------------------------------------------
// Members, attendance, withdrawals

export const memberVoices = ['deliberative', 'advisory'] as const;
export type MemberVoice = (typeof memberVoices)[number];
export const memberVoiceLabels: Record<MemberVoice, string> = {
  deliberative: 'Voix délibérative',
  advisory: 'Voix consultative',
};

export const attendanceStatuses = ['present', 'excused', 'absent', 'represented'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];
export const attendanceStatusLabels: Record<AttendanceStatus, string> = {
  present: 'Présent',
  excused: 'Excusé',
  absent: 'Absent',
  represented: 'Représenté',
};

const rowId = (label: string) =>
  z
    .number({ error: `${label} doit être un nombre.` })
    .int({ error: `${label} doit être un nombre entier.` })
    .positive({ error: `${label} doit être positif.` });

export const memberSchema = z.strictObject({
  id: rowId("L'identifiant du membre"),
  firstName: requiredText('Le prénom du membre', 100),
  lastName: requiredText('Le nom du membre', 100),
  /** ARS, CGSS, CPAM, URPS… */
  organisation: requiredText("L'organisme du membre"),
  title: optionalText('La qualité du membre'),
  voice: z.enum(memberVoices, {
    error: 'La voix du membre doit être « deliberative » (délibérative) ou « advisory » (consultative).',
  }),
});
export type Member = z.infer<typeof memberSchema>;

export const attendanceSchema = z.strictObject({
  memberId: rowId("L'identifiant du membre"),
  status: z.enum(attendanceStatuses, {
    error: 'La présence doit être « present », « excused », « absent » ou « represented ».',
  }),
  /** Taking part by telephone or video: present for the quorum (CRPA R133-10), noted in the minutes. */
  remote: z.boolean({ error: 'Préciser si le membre participe à distance.' }).default(false),
  /** The present member who holds the proxy of a represented one. */
  proxyHolderId: rowId("L'identifiant du mandataire").nullable().default(null),
});
export type Attendance = z.infer<typeof attendanceSchema>;

/** A member linked to a dossier (déport, CRPA R133-12) leaves the debate and the vote on that item. */
export const withdrawalSchema = z.strictObject({
  memberId: rowId("L'identifiant du membre déporté"),
  itemId: rowId("L'identifiant du point de l'ordre du jour"),
  reason: optionalText('Le motif du déport', 500),
});
export type Withdrawal = z.infer<typeof withdrawalSchema>;

/** How a commission counts; the defaults are those of the CRPA for consultative commissions. */
export const sessionRulesSchema = z.strictObject({
  /** Share of the voting members the quorum needs, in percent of the collège. */
  quorumPercent: wholeNumber('Le quorum', 100).min(1, { error: 'Le quorum doit être d’au moins 1 %.' }).default(50),
  /** R133-10 says « la moitié au moins »: 5 of 10 reach it; `more_than` would need 6. */
  quorumComparison: z
    .enum(['at_least', 'more_than'], {
      error: 'Le quorum se compte « au moins » (at_least) ou « plus de » (more_than).',
    })
    .default('at_least'),
  /** R133-10 counts the members who « ont donné mandat ». */
  countRepresentedInQuorum: z
    .boolean({ error: 'Préciser si les membres représentés comptent pour le quorum.' })
    .default(true),
  /**
   * R133-9: « nul ne peut détenir plus d'un mandat », unless the commission's own text says
   * otherwise; 0 forbids proxies.
   */
  maxProxiesPerHolder: wholeNumber('Le nombre de mandats par membre', 10).default(1),
  /**
   * A withdrawn member leaves the room for the item (R133-12), so a proxy they hold cannot be
   * cast on it either: the represented member's vote is lost for that item. Some internal rules
   * let the holder cast it anyway when the represented member has no conflict.
   */
  withdrawnHolderCastsProxy: z
    .boolean({ error: 'Préciser si un mandataire déporté vote pour son mandant.' })
    .default(false),
  /**
   * By default the quorum stays measured against the whole collège (« membres composant la
   * commission »): a withdrawn member is simply not counted as taking part. Reducing the
   * collège by the withdrawn members is the lenient reading some commissions adopt.
   */
  withdrawalReducesComposition: z
    .boolean({ error: 'Préciser si un déport réduit le nombre de membres du collège.' })
    .default(false),
});
export type SessionRules = z.infer<typeof sessionRulesSchema>;
export const defaultSessionRules: SessionRules = sessionRulesSchema.parse({});

export interface SessionRoll {
  members: Member[];
  /** A member without an entry is absent. */
  attendance: Attendance[];
  withdrawals: Withdrawal[];
  /**
   * Convened again on the same agenda after a missed quorum, saying no quorum would be needed:
   * the commission then deliberates whatever the attendance (R133-10, second paragraph).
   */
  reconvened: boolean;
}

export const fullName = (p: { firstName: string; lastName: string }) =>
  [p.firstName, p.lastName].filter(Boolean).join(' ');

/** Attendance, proxies and withdrawals checked against each other and against `rules`. */
export function sessionRollSchema(rules: SessionRules = defaultSessionRules) {
  return z
    .strictObject({
      members: z.array(memberSchema).max(200, { error: 'Pas plus de 200 membres.' }),
      attendance: z.array(attendanceSchema).max(200, { error: 'Pas plus de 200 présences.' }).default([]),
      withdrawals: z.array(withdrawalSchema).max(5000, { error: 'Pas plus de 5 000 déports.' }).default([]),
      reconvened: z.boolean({ error: 'Préciser si la séance fait suite à une nouvelle convocation.' }).default(false),
    })
    .superRefine((roll, ctx) => {
      for (const { path, message } of rollProblems(roll, rules)) ctx.addIssue({ code: 'custom', path, message });
    }) satisfies z.ZodType<SessionRoll, unknown>;
}

function rollProblems(roll: SessionRoll, rules: SessionRules): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const members = new Map<number, Member>();
  roll.members.forEach((m, i) => {
    if (members.has(m.id)) {
      problems.push({ path: ['members', i, 'id'], message: `Le membre n° ${m.id} figure deux fois.` });
    }
    members.set(m.id, m);
  });
  const name = (id: number) => {
    const m = members.get(id);
    return m ? fullName(m) : `n° ${id}`;
  };
  const statuses = new Map<number, AttendanceStatus>();
  roll.attendance.forEach((a, i) => {
    if (!members.has(a.memberId)) {
      problems.push({
        path: ['attendance', i, 'memberId'],
        message: `Le membre n° ${a.memberId} ne fait pas partie de la commission.`,
      });
    } else if (statuses.has(a.memberId)) {
      problems.push({
        path: ['attendance', i, 'memberId'],
        message: `La présence de ${name(a.memberId)} est indiquée deux fois.`,
      });
    }
    statuses.set(a.memberId, a.status);
  });
  const proxies = new Map<number, number[]>();
  roll.attendance.forEach((a, i) => {
    const at = (field: string, message: string) => problems.push({ path: ['attendance', i, field], message });
    const giver = name(a.memberId);
    const status = attendanceStatusLabels[a.status].toLowerCase();
    if (a.remote && a.status !== 'present') {
      at('remote', `Seul un membre présent participe à distance (${giver} : ${status}).`);
    }
    if (a.status !== 'represented') {
      if (a.proxyHolderId !== null) {
        at('proxyHolderId', `Un mandataire ne s'indique que pour un membre représenté (${giver} : ${status}).`);
      }
      return;
    }
    if (members.get(a.memberId)?.voice === 'advisory') {
      at('status', `${giver} siège avec voix consultative : pas de vote à confier par mandat.`);
    }
    if (rules.maxProxiesPerHolder === 0) {
      at('status', `Les mandats ne sont pas admis : ${giver} ne peut pas être représenté.`);
    }
    const holderId = a.proxyHolderId;
    if (holderId === null) return at('proxyHolderId', `Indiquer le membre qui détient le mandat de ${giver}.`);
    const holder = members.get(holderId);
    if (holderId === a.memberId) return at('proxyHolderId', `${giver} ne peut pas détenir son propre mandat.`);
    if (!holder) return at('proxyHolderId', `Le mandataire n° ${holderId} ne fait pas partie de la commission.`);
    if (holder.voice === 'advisory') {
      return at(
        'proxyHolderId',
        `${fullName(holder)} siège avec voix consultative : le mandat de ${giver} ne peut pas lui être confié.`,
      );
    }
    const holderStatus = statuses.get(holderId) ?? 'absent';
    if (holderStatus === 'represented') {
      return at(
        'proxyHolderId',
        `Pas de mandat en cascade : ${fullName(holder)} a donné son propre mandat et ne peut pas détenir celui de ${giver}.`,
      );
    }
    if (holderStatus !== 'present') {
      return at(
        'proxyHolderId',
        `Le mandat de ${giver} doit être confié à un membre présent : ${fullName(holder)} ne l'est pas.`,
      );
    }
    proxies.set(holderId, [...(proxies.get(holderId) ?? []), i]);
  });
  if (rules.maxProxiesPerHolder > 0) {
    for (const [holderId, entries] of proxies) {
      if (entries.length <= rules.maxProxiesPerHolder) continue;
      const givers = entries.map((i) => name(roll.attendance[i]!.memberId)).join(', ');
      const limit = rules.maxProxiesPerHolder === 1 ? 'un seul mandat' : `${rules.maxProxiesPerHolder} mandats au plus`;
      for (const i of entries.slice(rules.maxProxiesPerHolder)) {
        problems.push({
          path: ['attendance', i, 'proxyHolderId'],
          message: `${name(holderId)} détient ${entries.length} mandats (${givers}) : ${limit} par membre.`,
        });
      }
    }
  }
  const withdrawn = new Set<string>();
  roll.withdrawals.forEach((w, i) => {
    const key = `${w.memberId}/${w.itemId}`;
    if (!members.has(w.memberId)) {
      problems.push({
        path: ['withdrawals', i, 'memberId'],
        message: `Le membre déporté n° ${w.memberId} ne fait pas partie de la commission.`,
      });
    } else if (withdrawn.has(key)) {
      problems.push({
        path: ['withdrawals', i],
        message: `Le déport de ${name(w.memberId)} sur le point n° ${w.itemId} est indiqué deux fois.`,
      });
    }
    withdrawn.add(key);
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Voters and quorum

/** Who takes part in the vote on one agenda item; counts of voting members only. */
export interface ItemVoters {
  /** Voting members composing the collège for this item (the quorum's reference). */
  composition: number;
  present: number;
  /** Among `present`. */
  remote: number;
  /** Represented members whose proxy is cast on this item. */
  represented: number;
  /** Voting members present or represented who withdrew from this item. */
  withdrawn: number;
  /** Proxies held by a withdrawn member, not cast on this item. */
  lostProxies: number;
  /** present + represented: the most votes the item can receive. */
  count: number;
}

/** The voters of one item; `itemId` null gives the session as a whole, before any withdrawal. */
export function votersFor(
  roll: SessionRoll,
  itemId: number | null,
  rules: SessionRules = defaultSessionRules,
): ItemVoters {
  const voting = roll.members.filter((m) => m.voice === 'deliberative');
  const isVoting = new Set(voting.map((m) => m.id));
  const isWithdrawn = (id: number) => roll.withdrawals.some((w) => w.memberId === id && w.itemId === itemId);
  const attendance = new Map(roll.attendance.map((a) => [a.memberId, a]));
  const voters: ItemVoters = {
    composition: 0,
    present: 0,
    remote: 0,
    represented: 0,
    withdrawn: 0,
    lostProxies: 0,
    count: 0,
  };
  for (const m of voting) {
    const a = attendance.get(m.id);
    const takesPart = a?.status === 'present' || a?.status === 'represented';
    if (isWithdrawn(m.id)) {
      if (!rules.withdrawalReducesComposition) voters.composition++;
      if (takesPart) voters.withdrawn++;
      continue;
    }
    voters.composition++;
    if (a?.status === 'present') {
      voters.present++;
      if (a.remote) voters.remote++;
    } else if (a?.status === 'represented' && a.proxyHolderId !== null && isVoting.has(a.proxyHolderId)) {
      if (isWithdrawn(a.proxyHolderId) && !rules.withdrawnHolderCastsProxy) voters.lostProxies++;
      else voters.represented++;
    }
  }
  voters.count = voters.present + voters.represented;
  return voters;
}

/** « 6 présents dont 1 à distance, 2 représentés, 1 membre déporté ». */
function voterBreakdown(v: ItemVoters): string {
  const present = plural(v.present, 'présent') + (v.remote ? ` dont ${v.remote} à distance` : '');
  const parts = [
    present,
    v.represented ? plural(v.represented, 'représenté') : '',
    v.withdrawn ? plural(v.withdrawn, 'membre déporté', 'membres déportés') : '',
    v.lostProxies
      ? plural(v.lostProxies, 'mandat non exercé (mandataire déporté)', 'mandats non exercés (mandataires déportés)')
      : '',
  ].filter(Boolean);
  return parts.join(', ');
}

/** « 8 votants : 6 présents dont 1 à distance, 2 représentés, 1 membre déporté ». */
export const describeVoters = (v: ItemVoters): string => `${plural(v.count, 'votant')} : ${voterBreakdown(v)}`;

export interface QuorumResult {
  reached: boolean;
  /** 0 when the session needs no quorum (reconvened). */
  required: number;
  counted: number;
  details: string;
}

/** The members R133-10 asks for: `quorumPercent` of the collège, rounded up (or exceeded). */
export function requiredForQuorum(composition: number, rules: SessionRules = defaultSessionRules): number {
  const share = rules.quorumPercent * composition;
  const required = rules.quorumComparison === 'at_least' ? Math.ceil(share / 100) : Math.floor(share / 100) + 1;
  // A collège without voting members cannot deliberate.
  return Math.max(1, required);
}

/** The quorum of the session (`itemId` null) or of one agenda item, net of its withdrawals. */
export function quorum(
  roll: SessionRoll,
  itemId: number | null,
  rules: SessionRules = defaultSessionRules,
): QuorumResult {
  const v = votersFor(roll, itemId, rules);
  const counted = v.present + (rules.countRepresentedInQuorum ? v.represented : 0);
  // « 0 membre … présent », « 2 membres … présents ».
  const agreed = (word: string) => (counted > 1 ? `${word}s` : word);
  const who = rules.countRepresentedInQuorum ? `${agreed('présent')} ou ${agreed('représenté')}` : agreed('présent');
  const breakdown = [
    plural(v.present, 'présent') + (v.remote ? ` dont ${v.remote} à distance` : ''),
    v.represented ? plural(v.represented, 'représenté') : '',
  ]
    .filter(Boolean)
    .join(', ');
  const excluded = [
    v.withdrawn ? plural(v.withdrawn, 'membre déporté', 'membres déportés') : '',
    v.lostProxies ? plural(v.lostProxies, 'mandat non exercé', 'mandats non exercés') : '',
  ]
    .filter(Boolean)
    .join(', ');
  const tally =
    `${plural(counted, 'membre à voix délibérative', 'membres à voix délibérative')} ${who} ` +
    `sur ${v.composition} (${breakdown}${excluded ? ` ; ${excluded}` : ''})`;
  if (roll.reconvened) {
    const why = 'nouvelle convocation sur le même ordre du jour après un quorum non atteint (article R133-10 du CRPA)';
    return { reached: true, required: 0, counted, details: `Aucun quorum exigé : ${why} ; ${tally}.` };
  }
  const required = requiredForQuorum(v.composition, rules);
  const reached = counted >= required;
  const need = rules.quorumComparison === 'at_least' ? `au moins ${required}` : `plus de ${required - 1}`;
  return {
    reached,
    required,
    counted,
    details: `Quorum ${reached ? 'atteint' : 'non atteint'} : ${tally} ; il en faut ${need}.`,
  };
}

// ---------------------------------------------------------------------------------------------
// Votes

const voteCount = (label: string) => wholeNumber(label, 1000);
export const voteSchema = z.strictObject({
  for: voteCount('Le nombre de voix pour'),
  against: voteCount('Le nombre de voix contre'),
  abstention: voteCount("Le nombre d'abstentions"),
});
export type Vote = z.infer<typeof voteSchema>;

/**
 * What is wrong with a vote count, or null. Abstentions are votes cast by members taking part;
 * `complete` (a finished roll call) asks that every voter be counted.
 */
export function voteProblem(vote: Vote, voters: ItemVoters, complete = false): string | null {
  const total = vote.for + vote.against + vote.abstention;
  const electorate = `nombre de votants (${voters.count} : ${voterBreakdown(voters)})`;
  if (total > voters.count) return `Le nombre de votes (${total}) dépasse le ${electorate}.`;
  if (complete && total < voters.count) {
    return `Le nombre de votes (${total}) est inférieur au ${electorate} : ${plural(voters.count - total, 'vote manque', 'votes manquent')}.`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Opinion and grant

export const opinionKinds = ['favorable', 'favorable_with_reservations', 'unfavorable', 'postponed'] as const;
export type OpinionKind = (typeof opinionKinds)[number];
export const opinionKindLabels: Record<OpinionKind, string> = {
  favorable: 'Favorable',
  favorable_with_reservations: 'Favorable sous réserve',
  unfavorable: 'Défavorable',
  postponed: 'Ajourné',
};
/** The same outcomes, as the ARS decides them. */
export const decisionOutcomeLabels: Record<OpinionKind, string> = {
  favorable: 'Accord',
  favorable_with_reservations: 'Accord sous réserve',
  unfavorable: 'Refus',
  postponed: 'Ajournement',
};

/** An unfavorable or postponed project receives nothing. */
export const grantAllowed = (kind: OpinionKind) => kind === 'favorable' || kind === 'favorable_with_reservations';

export const grantParts = ['engineering', 'it', 'furniture'] as const;
export type GrantPart = (typeof grantParts)[number];
export const grantPartLabels: Record<GrantPart, string> = {
  engineering: 'Ingénierie de projet',
  it: 'Investissement informatique',
  furniture: 'Mobilier et logistique',
};

/** « ingénierie 8 000 € + informatique 7 000 € + mobilier 5 000 € = 20 000 € ». */
export function breakdownText(parts: Record<GrantPart, number>): string {
  const short: Record<GrantPart, string> = { engineering: 'ingénierie', it: 'informatique', furniture: 'mobilier' };
  const sum = grantParts.reduce((cents, p) => cents + toCents(parts[p]), 0) / 100;
  return `${grantParts.map((p) => `${short[p]} ${formatEuros(parts[p])}`).join(' + ')} = ${formatEuros(sum)}`;
}

export const addsUp = (amount: number, parts: Record<GrantPart, number>) =>
  grantParts.reduce((cents, p) => cents + toCents(parts[p]), 0) === toCents(amount);

/** A grant of at most `ceiling` euros whose three parts add up to it exactly, to the cent. */
export function grantSchema(ceiling: number) {
  return z
    .strictObject({
      amount: euros("Le montant de l'aide", ceiling).refine((v) => v > 0, {
        error: "Le montant de l'aide doit être supérieur à zéro ; sans aide, n'en indiquer aucune.",
      }),
      engineering: euros("Le montant pour l'ingénierie de projet", ceiling),
      it: euros("Le montant pour l'investissement informatique", ceiling),
      furniture: euros('Le montant pour le mobilier et la logistique', ceiling),
    })
    .superRefine((grant, ctx) => {
      if (addsUp(grant.amount, grant)) return;
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: `La ventilation (${breakdownText(grant)}) ne correspond pas au montant de l'aide (${formatEuros(grant.amount)}).`,
      });
    });
}
export type Grant = z.infer<ReturnType<typeof grantSchema>>;

export interface OpinionContext {
  /** The most a project may receive (the start-up grant's ceiling). */
  grantCeiling: number;
  /** The item's voters, to check the vote count against; null when not known. */
  voters: ItemVoters | null;
  /** The roll call is over: every voter must be counted. */
  completeRollCall?: boolean;
  /** The item's quorum: a postponement « faute de quorum » needs it missed, and quotes it. */
  quorum?: QuorumResult | null;
}

const quoted = (kind: OpinionKind) => `« ${opinionKindLabels[kind]} »`;

/** The motivation of a postponement « faute de quorum », quoting the count that missed it. */
export function noQuorumMotivation(itemQuorum: Pick<QuorumResult, 'details'>): string {
  return (
    `La commission n'a pas pu délibérer sur ce dossier faute de quorum. ${itemQuorum.details} ` +
    'Le dossier est ajourné : il sera examiné lors d’une prochaine séance.'
  );
}

/**
 * The commission's opinion on one agenda item, as recorded in live mode. Without a quorum the
 * commission cannot deliberate: the item can only be postponed « faute de quorum » (`noQuorum`),
 * without a vote, so that the session can still close.
 */
export function opinionSchema(context: OpinionContext) {
  return z
    .strictObject({
      kind: z.enum(opinionKinds, {
        error: "L'avis doit être favorable, favorable sous réserve, défavorable ou ajourné.",
      }),
      /** The facts and grounds a letter states for any outcome but a plain favorable one (CRPA L211-2, L211-5). */
      motivation: optionalText("La motivation de l'avis", 10_000),
      reservations: z
        .array(requiredText('Une réserve', 1000), { error: 'Les réserves doivent être une liste de textes.' })
        .max(30, { error: 'Pas plus de 30 réserves.' })
        .default([]),
      vote: voteSchema.nullable().default(null),
      grant: grantSchema(context.grantCeiling).nullable().default(null),
      noQuorum: z.boolean({ error: 'Préciser si le dossier est ajourné faute de quorum.' }).default(false),
    })
    .superRefine((opinion, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      if (opinion.noQuorum) {
        if (opinion.kind !== 'postponed') {
          issue('kind', `Faute de quorum, le dossier ne peut être qu'ajourné : la commission n'a pas délibéré.`);
        }
        if (opinion.vote) issue('vote', "Pas de vote sur un dossier ajourné faute de quorum : la commission n'a pas délibéré.");
        if (context.quorum?.reached) {
          issue('noQuorum', `Le quorum est atteint sur ce point : la commission délibère et vote. ${context.quorum.details}`);
        }
      } else if (opinion.kind !== 'favorable' && !opinion.motivation) {
        // Faute de quorum, the motivation has a default (below).
        issue('motivation', `La motivation est obligatoire pour un avis ${quoted(opinion.kind)}.`);
      }
      if (opinion.kind === 'favorable_with_reservations' && opinion.reservations.length === 0) {
        issue('reservations', `Un avis ${quoted(opinion.kind)} doit énoncer au moins une réserve.`);
      }
      if (opinion.kind !== 'favorable_with_reservations' && opinion.reservations.length > 0) {
        issue('reservations', `Des réserves ne s'accordent qu'avec un avis ${quoted('favorable_with_reservations')}.`);
      }
      if (opinion.grant && !grantAllowed(opinion.kind)) {
        issue('grant', `Pas d'aide avec un avis ${quoted(opinion.kind)}.`);
      }
      const problem =
        opinion.vote && context.voters && voteProblem(opinion.vote, context.voters, context.completeRollCall);
      if (problem) issue('vote', problem);
    })
    .transform((opinion) =>
      opinion.noQuorum && !opinion.motivation && context.quorum
        ? { ...opinion, motivation: noQuorumMotivation(context.quorum) }
        : opinion,
    );
}
export type Opinion = z.infer<ReturnType<typeof opinionSchema>>;

/** « Favorable », …, « Ajourné faute de quorum »: how the screens and the minutes name an opinion. */
export const opinionLabel = (opinion: Pick<Opinion, 'kind' | 'noQuorum'>) =>
  opinion.noQuorum ? 'Ajourné faute de quorum' : opinionKindLabels[opinion.kind];

// ---------------------------------------------------------------------------------------------
// The ARS decision

/** The days a decision may bear: `today` is the local calendar day of the machine. */
export interface DecisionDates {
  sessionDate: string;
  today: string;
}

const isCalendarDate = (date: string) => isoDate.safeParse(date).success;

/**
 * Why a decision cannot bear `date`, or null: the ARS decides after hearing the commission, and
 * a decision is not dated in advance. A malformed date is left to the date's own check.
 */
export function decisionDateProblem(date: string, { sessionDate, today }: DecisionDates): string | null {
  if (!isCalendarDate(date) || !isCalendarDate(sessionDate) || !isCalendarDate(today)) return null;
  if (date < sessionDate) {
    return `La date de décision (${formatDate(date)}) précède la séance du ${formatDate(sessionDate)}.`;
  }
  if (date > today) {
    return `La date de décision (${formatDate(date)}) est postérieure à aujourd'hui (${formatDate(today)}) : une décision ne se date pas à l'avance.`;
  }
  return null;
}

/** Why a session dated `sessionDate` cannot close yet, or null once its day has come. */
export function notYetHeld(sessionDate: string, today: string): string | null {
  if (sessionDate <= today) return null;
  return `La séance du ${formatDate(sessionDate)} n'a pas encore eu lieu : elle ne pourra être clôturée qu'à partir de ce jour.`;
}

const sameGrant = (a: Grant | null, b: Grant | null) =>
  a === null || b === null
    ? a === b
    : toCents(a.amount) === toCents(b.amount) && grantParts.every((p) => toCents(a[p]) === toCents(b[p]));

/** How a decision departs from the opinion, in French; empty when it follows it. */
export function departuresFromOpinion(decision: Pick<Decision, 'outcome' | 'grant'>, opinion: Opinion): string[] {
  const departures: string[] = [];
  if (decision.outcome !== opinion.kind) {
    departures.push(
      `la décision (${decisionOutcomeLabels[decision.outcome]}) diffère de l'avis de la commission (${opinionKindLabels[opinion.kind]})`,
    );
  }
  if (!sameGrant(decision.grant, opinion.grant)) {
    const describe = (g: Grant | null) => (g ? breakdownText(g) : 'aucune aide');
    departures.push(
      `l'aide décidée (${describe(decision.grant)}) diffère de celle proposée (${describe(opinion.grant)})`,
    );
  }
  return departures;
}

/**
 * The ARS decision on one dossier: it follows `opinion` unless a reason says why not, and is
 * dated between the session and today.
 */
export function decisionSchema(opinion: Opinion, context: Pick<OpinionContext, 'grantCeiling'> & DecisionDates) {
  return z
    .strictObject({
      outcome: z.enum(opinionKinds, {
        error: 'La décision doit être un accord, un accord sous réserve, un refus ou un ajournement.',
      }),
      grant: grantSchema(context.grantCeiling).nullable().default(null),
      /** Why the decision departs from the opinion. */
      reason: optionalText('Le motif de la décision', 10_000),
      date: isoDate,
      signatory: signatorySchema,
    })
    .superRefine((decision, ctx) => {
      if (decision.grant && !grantAllowed(decision.outcome)) {
        ctx.addIssue({
          code: 'custom',
          path: ['grant'],
          message: `Pas d'aide avec une décision de ${decisionOutcomeLabels[decision.outcome].toLowerCase()}.`,
        });
      }
      const dateProblem = decisionDateProblem(decision.date, context);
      if (dateProblem) ctx.addIssue({ code: 'custom', path: ['date'], message: dateProblem });
      const departures = departuresFromOpinion(decision, opinion);
      if (departures.length && !decision.reason) {
        const what = departures.join(' et ');
        ctx.addIssue({
          code: 'custom',
          path: ['reason'],
          message: `${what.charAt(0).toUpperCase()}${what.slice(1)} : le motif est obligatoire.`,
        });
      }
    });
}
export type Decision = z.infer<ReturnType<typeof decisionSchema>>;

/** The decision as the ARS takes it by default: the commission's opinion and proposed grant. */
export function defaultDecision(opinion: Opinion, date: string, signatory: Decision['signatory']): Decision {
  return { outcome: opinion.kind, grant: opinion.grant, reason: '', date, signatory };
}

// ---------------------------------------------------------------------------------------------
// Session lifecycle

export const sessionStates = ['draft', 'convened', 'in_progress', 'closed'] as const;
export type SessionState = (typeof sessionStates)[number];
export const sessionStateLabels: Record<SessionState, string> = {
  draft: 'En préparation',
  convened: 'Convoquée',
  in_progress: 'En cours',
  closed: 'Clôturée',
};

/** A convocation may be withdrawn before the meeting; a closed session only reopens explicitly. */
export const sessionTransitions: Record<SessionState, readonly SessionState[]> = {
  draft: ['convened'],
  convened: ['draft', 'in_progress'],
  in_progress: ['closed'],
  closed: ['in_progress'],
};

/** Why a session cannot go from `from` to `to`, or null when it can. */
export function transitionProblem(from: SessionState, to: SessionState): string | null {
  if (sessionTransitions[from].includes(to)) return null;
  const allowed = sessionTransitions[from].map((s) => `« ${sessionStateLabels[s]} »`).join(' ou ');
  return `Une séance « ${sessionStateLabels[from]} » ne peut pas passer à « ${sessionStateLabels[to]} » (seulement ${allowed}).`;
}

export interface AgendaItemStatus {
  /** How the minutes name it: « n° 24001101 — ESP de Thiérache ». */
  label: string;
  opinion: { kind: OpinionKind } | null;
}

/** A session closes once every agenda item has an opinion; postponing an item gives it one. */
export function canClose(items: readonly AgendaItemStatus[]): { ok: boolean; reasons: string[] } {
  const reasons = items.length
    ? items
        .filter((item) => item.opinion === null)
        .map((item) => `${item.label} : aucun avis n'est enregistré (l'ajourner s'il n'a pas été examiné).`)
    : ["L'ordre du jour est vide."];
  return { ok: reasons.length === 0, reasons };
}
