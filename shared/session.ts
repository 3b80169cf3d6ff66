/**
 * What the contract says of commission sessions: inputs with French messages, and the shapes
 * the interface reads. The rules themselves are in session-rules.ts and scoring.ts.
 */
import type { DossierStatus, StructureType } from './dossier';
import {
  attendanceStatuses,
  canClose,
  grantSchema,
  memberVoices,
  opinionSchema,
  type Decision,
  type ItemVoters,
  type MemberVoice,
  type Opinion,
  type QuorumResult,
  type SessionState,
  type AttendanceStatus,
} from './session-rules';
import { scoringGridSchema, type ScoreResult, type ScoringGrid, type ScoreSheet } from './scoring';
import { boundedList, emailAddress, isoDate, optionalText, requiredText, z } from './validation';

const id = (label: string) =>
  z.number({ error: `${label} doit être un nombre.` }).int().positive({ error: `${label} doit être positif.` });

const time = (label: string) =>
  z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: `${label} doit être au format HH:MM (ex. : 14:30).` })
    .nullable()
    .default(null);

export const rosterMemberSchema = z.strictObject({
  id: id("L'identifiant du membre").optional(),
  civility: z.enum(['', 'Mme', 'M.'], { error: 'La civilité doit être « Mme » ou « M. ».' }).default(''),
  firstName: requiredText('Le prénom du membre', 100),
  lastName: requiredText('Le nom du membre', 100),
  organisation: requiredText("L'organisme du membre"),
  title: optionalText('La qualité du membre'),
  email: z.union([z.literal(''), emailAddress('Le courriel du membre')]).default(''),
  voice: z.enum(memberVoices, { error: 'La voix du membre doit être délibérative ou consultative.' }).default('deliberative'),
  active: z.boolean().default(true),
});
export type RosterMemberInput = z.input<typeof rosterMemberSchema>;
export type RosterMember = Required<z.infer<typeof rosterMemberSchema>>;
/** As `members.list` gives it: with the version its next save names. */
export type VersionedMember = RosterMember & { version: number };

/** A session's number names its documents' folder and files and its export's sheet: nothing a file system or Excel refuses. */
export const sessionNumberSchema = requiredText('Le numéro de la séance', 50).regex(
  /^[\p{L}\p{N}](?:[\p{L}\p{N} ._-]*[\p{L}\p{N}_-])?$/u,
  {
    error:
      'Le numéro de la séance commence par une lettre ou un chiffre, ne finit pas par un point et ne contient que des ' +
      'lettres, des chiffres, des espaces, « - », « _ » et « . » (ex. : 2026-04) : il nomme les fichiers de la séance.',
  },
);

/** An address a member can open: http or https, with a host. */
function isWebLink(text: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(text)) return false;
  try {
    return new URL(text).hostname.includes('.');
  } catch {
    return false;
  }
}

export const sessionFieldsSchema = z
  .strictObject({
    number: sessionNumberSchema,
    title: optionalText("L'intitulé de la séance", 200),
    date: isoDate,
    startTime: time("L'heure de début"),
    endTime: time("L'heure de fin"),
    place: optionalText('Le lieu', 300),
    videoLink: optionalText('Le lien de visioconférence', 500),
    chairMemberId: id("L'identifiant du président").nullable().default(null),
    secretary: optionalText('Le secrétaire de séance', 200),
    reconvened: z.boolean().default(false),
  })
  .superRefine((s, ctx) => {
    if (!s.place && !s.videoLink) {
      ctx.addIssue({ code: 'custom', path: ['place'], message: 'Indiquer le lieu de la séance ou son lien de visioconférence.' });
    }
    if (s.videoLink && !isWebLink(s.videoLink)) {
      ctx.addIssue({
        code: 'custom',
        path: ['videoLink'],
        message: 'Le lien de visioconférence doit être une adresse web complète, commençant par https:// (ou http://).',
      });
    }
    if (s.startTime && s.endTime && s.endTime <= s.startTime) {
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: "L'heure de fin doit suivre l'heure de début." });
    }
  });
export type SessionFieldsInput = z.input<typeof sessionFieldsSchema>;

export const rollEntrySchema = z.strictObject({
  memberId: id("L'identifiant du membre"),
  status: z.enum(attendanceStatuses, { error: 'La présence doit être présent, excusé, absent ou représenté.' }),
  remote: z.boolean().default(false),
  proxyHolderId: id("L'identifiant du mandataire").nullable().default(null),
});

export const agendaEntrySchema = z.strictObject({
  dossierId: id("L'identifiant du dossier"),
  rapporteurMemberId: id("L'identifiant du rapporteur").nullable().default(null),
});

export const withdrawalEntrySchema = z.strictObject({
  memberId: id("L'identifiant du membre"),
  itemId: id("L'identifiant du point de l'ordre du jour"),
  reason: optionalText('Le motif du déport', 500),
});

/** The opinion's shape at the boundary; the vote count and the ceiling are checked by the service. */
export const opinionInputSchema = opinionSchema({ grantCeiling: 1_000_000, voters: null });

export const decisionInputSchema = z.strictObject({
  /** Everything left out follows the commission's opinion. */
  outcome: z.enum(['favorable', 'favorable_with_reservations', 'unfavorable', 'postponed']).optional(),
  /** null: no grant; left out: the grant the commission proposed. */
  grant: grantSchema(1_000_000).nullable().optional(),
  reason: optionalText('Le motif de la décision', 10_000),
  /** Today when left out; never before the session nor after today. */
  date: isoDate.optional(),
});

export const scorerSchema = z
  .string({ error: 'Le notateur doit être un texte.' })
  .regex(/^(instructor|consensus|member:[1-9]\d{0,14})$/, {
    error: 'Le notateur doit être « instructor », « consensus » ou « member:<identifiant> ».',
  });

/** Criteria and axes are named by identifiers of at most 50 characters (see scoring.ts). */
const gridKey = z.string().max(50, { error: "L'identifiant d'un critère ou d'un axe ne dépasse pas 50 caractères." });

/** The shape only; the grid the sheet is scored with checks the rest. */
export const scoreSheetInputSchema = z.strictObject({
  values: z
    .record(gridKey, z.number({ error: 'Une note doit être un nombre.' }))
    .refine((values) => Object.keys(values).length <= 1000, { error: 'Pas plus de 1 000 notes par fiche.' }),
  setAside: boundedList('Les axes écartés', gridKey, 20).default([]),
});

export const gridInputSchema = scoringGridSchema;

export interface SessionMemberView {
  memberId: number;
  civility: string;
  firstName: string;
  lastName: string;
  organisation: string;
  title: string;
  voice: MemberVoice;
  status: AttendanceStatus;
  remote: boolean;
  proxyHolderId: number | null;
}

export interface AgendaItemView {
  id: number;
  position: number;
  dossier: {
    id: number;
    dsNumber: number | null;
    name: string;
    structureType: StructureType;
    communeName: string;
    departmentCode: string;
    status: DossierStatus;
    eligible: boolean | null;
    grantRequested: number;
    summary: string;
  };
  rapporteurMemberId: number | null;
  withdrawals: { memberId: number; reason: string }[];
  voters: ItemVoters;
  quorum: QuorumResult;
  /** `noQuorum`: postponed « faute de quorum », without a vote (see opinionLabel). */
  opinion: Opinion | null;
  opinionAt: string | null;
  /** Kept from the projector view. */
  privateNotes: string;
  decision: Decision | null;
  /** The consensus sheet's score, else the instructing officer's. */
  score: ScoreResult | null;
  /** Of the opinion and the decision: sent back with them, a save from an older one is refused. */
  version: number;
}

export interface SessionDetail {
  id: number;
  number: string;
  title: string;
  date: string;
  startTime: string | null;
  endTime: string | null;
  place: string;
  videoLink: string;
  chairMemberId: number | null;
  secretary: string;
  reconvened: boolean;
  status: SessionState;
  gridVersion: number;
  closedAt: string | null;
  closedBy: string | null;
  /** Of its fields, roll, agenda and withdrawals: sent back with them, a save from an older one is refused. */
  version: number;
  members: SessionMemberView[];
  quorum: QuorumResult;
  items: AgendaItemView[];
  canClose: { ok: boolean; reasons: string[] };
}

/**
 * What a call on some items of a session answers (an opinion, a decision, the withdrawals): those
 * items as they now are, not the whole session, so that recording each item of a long agenda
 * costs the same at its end as at its start. `withItems` merges them into the session on screen.
 */
export interface ItemsUpdate {
  sessionId: number;
  /** The items the call changed, in agenda order. */
  items: AgendaItemView[];
  /** Items of the agenda still without an opinion: the session can close at 0. */
  withoutOpinion: number;
  /** The session's own version after the call (the withdrawals change it). */
  sessionVersion: number;
}

/** How the minutes and the messages name an item: « n° 24001101 — ESP de Thiérache ». */
export const itemLabel = (d: { dsNumber: number | null; name: string }) => `${d.dsNumber ? `n° ${d.dsNumber} — ` : ''}${d.name}`;

/** Whether a session can close, from its items. */
export const closingCheck = (items: readonly AgendaItemView[]) =>
  canClose(items.map((v) => ({ label: itemLabel(v.dossier), opinion: v.opinion })));

/** The session with the items of `update` replaced, and whether it can close recomputed. */
export function withItems(session: SessionDetail, update: ItemsUpdate): SessionDetail {
  if (update.sessionId !== session.id) return session;
  const changed = new Map(update.items.map((item) => [item.id, item]));
  const items = session.items.map((item) => changed.get(item.id) ?? item);
  return { ...session, items, version: update.sessionVersion, canClose: closingCheck(items) };
}

/** A dossier examined at a session: where, and what the commission and the agency said. */
export interface DossierExamination {
  itemId: number;
  sessionId: number;
  sessionNumber: string;
  sessionDate: string;
  sessionStatus: SessionState;
  opinion: Opinion | null;
  opinionAt: string | null;
  decision: Decision | null;
}

export interface SessionSummary {
  id: number;
  number: string;
  title: string;
  date: string;
  status: SessionState;
  items: number;
  opinions: number;
}

export interface ScoresView {
  /** The version these sheets were scored with. */
  gridVersion: number;
  /** The grid in force: a dossier scored before an edit keeps its own version. */
  currentVersion: number;
  grid: ScoringGrid;
  suggestions: { criterionId: string; value: number | null; reason: string }[];
  /** `version`: sent back with the scorer's next save; a save from an older one is refused. */
  sheets: { scorer: string; sheet: ScoreSheet; updatedAt: string; updatedBy: string; version: number; result: ScoreResult }[];
  consensus: { sheet: ScoreSheet; spread: { criterionId: string; scorers: number; min: number; max: number; spread: number }[] } | null;
  /** A closed session's scores are locked. */
  locked: boolean;
}
