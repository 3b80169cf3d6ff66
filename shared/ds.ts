/**
 * The connection to a Démarches Simplifiées procedure: which instance (the national platform or
 * a regional one), which procedure, which instructor group. The API token is not part of it: it
 * belongs to the instructor and stays in this machine's keychain (services/ds/connection.ts).
 */
import { z } from './validation';

export const NATIONAL_INSTANCE = 'https://www.demarches-simplifiees.fr';

/** Loopback hosts may be reached over plain HTTP (a local server); anything else needs HTTPS. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The instance's origin (scheme, host, port), whatever the user pasted after it (/admin/procedures/…). */
export const instanceUrlSchema = z
  .string({ error: "L'adresse de l'instance doit être un texte." })
  .trim()
  .min(1, { error: "L'adresse de l'instance est obligatoire." })
  .max(300, { error: "L'adresse de l'instance ne doit pas dépasser 300 caractères." })
  .transform((text, ctx) => {
    let url: URL;
    try {
      url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
    } catch {
      ctx.addIssue({ code: 'custom', message: "L'adresse de l'instance n'est pas une adresse web (https://www.demarches-simplifiees.fr par exemple)." });
      return z.NEVER;
    }
    if (url.username || url.password || !(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)))) {
      ctx.addIssue({ code: 'custom', message: "L'adresse de l'instance doit commencer par https:// et ne contenir ni identifiant ni mot de passe." });
      return z.NEVER;
    }
    return url.origin;
  });

const positiveNumber = (label: string, max: number) =>
  z
    .number({ error: `${label} doit être un nombre.` })
    .int({ error: `${label} doit être un nombre entier.` })
    .positive({ error: `${label} doit être positif.` })
    .max(max, { error: `${label} est trop grand.` });

export const procedureNumberSchema = positiveNumber('Le numéro de la démarche', 2_147_483_647);

export const dsConnectionSchema = z.strictObject({
  instanceUrl: instanceUrlSchema,
  procedureNumber: procedureNumberSchema,
  /** Only the dossiers of this instructor group (its number); null: the whole procedure. */
  instructorGroup: positiveNumber('Le numéro du groupe instructeur', 2_147_483_647).nullable().default(null),
});
export type DsConnection = z.output<typeof dsConnectionSchema>;

/** A token as the instructor's profile shows it: one word, no spaces. */
export const dsTokenSchema = z
  .string({ error: 'Le jeton doit être un texte.' })
  .trim()
  .min(10, { error: 'Le jeton est trop court : copiez-le en entier depuis votre profil Démarches Simplifiées.' })
  .max(500, { error: 'Le jeton ne doit pas dépasser 500 caractères.' })
  .regex(/^[\x21-\x7E]+$/, { error: 'Le jeton ne peut contenir ni espace ni caractère accentué.' });

/** What the form sends: the connection and, when it is typed again, the token. */
export const dsConnectionInputSchema = z.strictObject({
  connection: dsConnectionSchema,
  /** Absent: keep the one stored (or, without a keychain, the environment's DS_API_TOKEN). */
  token: dsTokenSchema.optional(),
});
export type DsConnectionInput = z.input<typeof dsConnectionInputSchema>;

export const dsConnectionViewSchema = z.object({
  instanceUrl: z.string(),
  procedureNumber: z.number(),
  instructorGroup: z.number().nullable(),
  tokenStored: z.boolean(),
  /** When the last successful sync began: the next one asks for what changed since. */
  lastSyncAt: z.string().nullable(),
  savedAt: z.string(),
  savedBy: z.string(),
});
export type DsConnectionView = z.infer<typeof dsConnectionViewSchema>;

/** Why a call to the platform failed; null: it did not. */
export const dsProblems = ['token', 'not_found', 'forbidden', 'network', 'rate_limited', 'server', 'answer'] as const;
export type DsProblem = (typeof dsProblems)[number];

export const dsTestSchema = z.object({
  ok: z.boolean(),
  problem: z.enum(dsProblems).nullable(),
  /** In French: what works (the procedure's title, the group), or what is wrong and what to do. */
  message: z.string(),
  procedureTitle: z.string().nullable(),
  groups: z.array(z.object({ number: z.number(), label: z.string() })),
});
export type DsTest = z.infer<typeof dsTestSchema>;
