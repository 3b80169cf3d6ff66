/**
 * Sending a closed session's decisions back to Démarches Simplifiées: what each dossier gets on
 * the platform, and why a dossier is left out.
 */
import { opinionKinds, type OpinionKind } from './session-rules';
import { dsStates } from './dossier';
import { closedSentence, formatDate } from './french';
import { optionalEmailAddress, optionalText, z } from './validation';

/**
 * What a dossier gets on the platform: accepted (dossierAccepter), refused (dossierRefuser), or
 * left « en instruction » with the letter of ajournement sent as a message (dossierEnvoyerMessage).
 */
export const dsPushActions = ['accept', 'refuse', 'postpone'] as const;
export type DsPushAction = (typeof dsPushActions)[number];

export const dsPushActionLabels: Record<DsPushAction, string> = {
  accept: 'Accepter',
  refuse: 'Refuser',
  postpone: 'Laisser en instruction (ajourné)',
};

/**
 * An accord (with or without reservations) accepts the dossier and a refusal refuses it; a
 * postponed dossier comes back at a later session, so it stays « en instruction » (« classé sans
 * suite » would tell the applicants it is closed) and the letter reaches them as a message.
 */
export const dsActionOf: Record<OpinionKind, DsPushAction> = {
  favorable: 'accept',
  favorable_with_reservations: 'accept',
  unfavorable: 'refuse',
  postponed: 'postpone',
};

export const dsPushSkipReasons = ['session_not_closed', 'no_ds_number', 'no_decision', 'no_letter', 'stale_letter', 'already_sent'] as const;
export type DsPushSkipReason = (typeof dsPushSkipReasons)[number];

const letterSchema = z.object({
  documentId: z.number(),
  version: z.number(),
  reference: z.string(),
  fileName: z.string(),
  sha256: z.string(),
});

export const dsPushEntrySchema = z.object({
  itemId: z.number(),
  dossierId: z.number(),
  dossierName: z.string(),
  dsNumber: z.number().nullable(),
  /** The ARS decision; null when there is none. */
  outcome: z.enum(opinionKinds).nullable(),
  action: z.enum(dsPushActions).nullable(),
  /** What goes as the platform's motivation. */
  motivation: z.string(),
  /** Its first 160 characters, for a list. */
  motivationExcerpt: z.string(),
  /** The latest decision letter in the register, sent as the justificatif. */
  letter: letterSchema.nullable(),
  /** The platform state the app last knew (import, sync or push). */
  platformState: z.enum(dsStates).nullable(),
  /** Null when it would be sent. */
  skip: z.object({ reason: z.enum(dsPushSkipReasons), message: z.string() }).nullable(),
  /** An earlier attempt for this letter stopped part-way: what it got through, in French. */
  resumes: z.string().nullable(),
});
export type DsPushEntry = z.infer<typeof dsPushEntrySchema>;

export const dsPushPreviewSchema = z.object({
  sessionId: z.number(),
  sessionNumber: z.string(),
  entries: z.array(dsPushEntrySchema),
  toSend: z.number(),
  skipped: z.number(),
});
export type DsPushPreview = z.infer<typeof dsPushPreviewSchema>;

export const dsPushResultSchema = z.object({
  itemId: z.number(),
  dossierId: z.number(),
  dsNumber: z.number().nullable(),
  dossierName: z.string(),
  action: z.enum(dsPushActions).nullable(),
  status: z.enum(['sent', 'skipped', 'failed']),
  /** What happened, in French. */
  message: z.string(),
  /** The dossier's state on the platform afterwards, when it could be read. */
  platformState: z.enum(dsStates).nullable(),
});
export type DsPushResult = z.infer<typeof dsPushResultSchema>;

export const dsPushRunSchema = z.object({
  sessionId: z.number(),
  sent: z.number(),
  skipped: z.number(),
  failed: z.number(),
  results: z.array(dsPushResultSchema),
});
export type DsPushRun = z.infer<typeof dsPushRunSchema>;

const sessionId = z.number({ error: "L'identifiant de la séance doit être un nombre." }).int().positive();

export const dsPushPreviewInputSchema = z.strictObject({ sessionId });

export const dsPushRunInputSchema = z.strictObject({
  sessionId,
  /** Also posts the letter in the dossier's messages (dossierEnvoyerMessage); a postponement's always is. */
  sendMessage: z.boolean({ error: 'sendMessage doit valoir true ou false.' }).default(false),
  /** The message's text; a default one names the letter. */
  messageBody: optionalText('Le texte du message', 5000),
  /**
   * The instructor the token belongs to, when the dossier's group has several: the platform
   * names its instructors but not the token's owner.
   */
  instructeurEmail: optionalEmailAddress("L'adresse électronique de l'instructeur"),
  /** The procedure's connection to use; the only one there is by default. */
  procedureNumber: z.number({ error: 'Le numéro de la démarche doit être un nombre.' }).int().positive().optional(),
  /** Only these dossiers; every one of the session by default. */
  dossierIds: z.array(z.number().int().positive()).max(1000).optional(),
});
export type DsPushRunInput = z.output<typeof dsPushRunInputSchema>;

/** What the screen asks before sending. */
export const dsPushOptionsSchema = dsPushRunInputSchema.pick({ sendMessage: true, instructeurEmail: true });

/** The motivation shortened for a list, cut at a word. */
export function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).trimEnd()}…`;
}

/**
 * A withdrawn dossier closed on the platform (dossierClasserSansSuite), the withdrawal as its
 * motivation: the applicants' renunciation, not the commission's decision.
 */
export const dsWithdrawalInputSchema = dsPushRunInputSchema.pick({ instructeurEmail: true, procedureNumber: true }).extend({
  dossierId: z.number({ error: "L'identifiant du dossier doit être un nombre." }).int().positive(),
});
export type DsWithdrawalInput = z.output<typeof dsWithdrawalInputSchema>;

/** What the screen asks before closing a withdrawn dossier on the platform. */
export const dsWithdrawalOptionsSchema = dsWithdrawalInputSchema.pick({ instructeurEmail: true });

export const dsWithdrawalResultSchema = z.object({
  dossierId: z.number(),
  dsNumber: z.number(),
  /** The platform's state afterwards: sans_suite. */
  platformState: z.enum(dsStates),
  /** False when the platform had already closed it (an earlier attempt whose answer was lost). */
  sent: z.boolean(),
  message: z.string(),
});
export type DsWithdrawalResult = z.infer<typeof dsWithdrawalResultSchema>;

/** « Désistement des porteurs le 3 décembre 2026 : … » — what the platform shows the applicants. */
export function withdrawalMotivation(date: string, reason: string): string {
  return `Désistement des porteurs le ${formatDate(date)} : ${closedSentence(reason)}`;
}
