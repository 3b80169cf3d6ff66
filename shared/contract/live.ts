/**
 * The contract's methods that keep every machine's screens current: what changed since a
 * cursor (read from the audit log), and the item a session's live mode shows. Spread into `contract`.
 */
import { z } from '../validation';

const id = (label: string) => z.number({ error: `${label} doit être un nombre.` }).int().positive();
const sessionId = id("L'identifiant de la séance");

/** The most entries one answer reads; past it the caller reloads whatever it shows. */
export const CHANGES_BOUND = 1000;

const changeSchema = z.object({
  /** What changed: `dossier`, `session`, `member`, `settings`…, or `live` for the item a session's live mode shows. */
  kind: z.string(),
  /** Its identifier, as the audit log records it (the session's for `live`). */
  id: z.string(),
});
export type Change = z.infer<typeof changeSchema>;

const changesSchema = z.object({
  /** To pass to the next call. */
  cursor: z.number(),
  /** Each record changed once, in the order of their first change. */
  changes: z.array(changeSchema),
  /** false: more changed than one answer lists (or the database went back, restored): reload everything. */
  complete: z.boolean(),
});
export type Changes = z.infer<typeof changesSchema>;

const liveItemSchema = z.object({
  sessionId: z.number(),
  /** null until the live mode has shown an item. */
  itemId: z.number().nullable(),
  setAt: z.string().nullable(),
  setBy: z.string().nullable(),
});
export type LiveItem = z.infer<typeof liveItemSchema>;

export const liveMethods = {
  'changes.since': {
    description: `Ce qui a changé dans la base depuis le curseur (null : le curseur actuel, sans changement) : genre et identifiant de chaque fiche, au plus ${CHANGES_BOUND} écritures par réponse.`,
    input: z.strictObject({ cursor: z.number().int().min(0).nullable() }),
    output: changesSchema,
  },
  'live.get': {
    description: "Le point de l'ordre du jour que le mode séance affiche, pour l'affichage salle et les autres postes.",
    input: z.strictObject({ sessionId }),
    output: liveItemSchema,
  },
  'live.set': {
    description: "Affiche un point de l'ordre du jour en mode séance : tous les postes et l'affichage salle le suivent (journalisé).",
    input: z.strictObject({ sessionId, itemId: id("L'identifiant du point") }),
    output: liveItemSchema,
  },
} as const;
