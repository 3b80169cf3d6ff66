import { z } from '../validation';
import { settingsSchema, settingsUpdateSchema } from '../settings';
import type { Result } from '../result';
import type { MethodName } from './methods';

export { methodNames, isMethodName, type MethodName } from './methods';

interface MethodSpec {
  /** French, shown by `cli methods`. */
  description: string;
  input: z.ZodType;
  output: z.ZodType;
}

const noInput = z.strictObject({});

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const regionSchema = z.object({
  code: z.string(),
  name: z.string(),
  departments: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type Region = z.infer<typeof regionSchema>;

/**
 * The one contract: every method's name, input schema and output type. Electron IPC, the CLI
 * and the test HTTP bridge are transports of it; the Node-side services implement it.
 */
export const contract = {
  'app.info': {
    description: "Version de l'application et emplacement de la base de données.",
    input: noInput,
    output: z.object({
      version: z.string(),
      databasePath: z.string(),
      schemaVersion: z.number(),
    }),
  },
  'settings.get': {
    description: "Paramètres de l'ARS : identité, signataire, départements, aide au démarrage.",
    input: noInput,
    output: settingsSchema,
  },
  'settings.update': {
    description:
      'Enregistre une ou plusieurs sections des paramètres (chaque section est remplacée entière) et journalise le changement.',
    input: settingsUpdateSchema,
    output: settingsSchema,
  },
  'reference.regions': {
    description: 'Régions et départements français (référentiel INSEE).',
    input: noInput,
    output: z.array(regionSchema),
  },
  'audit.list': {
    description: "Journal des modifications, du plus récent au plus ancien, filtré par type d'entité ou entité.",
    input: z.strictObject({
      entityType: z.string().trim().min(1).optional(),
      entityId: z.string().trim().min(1).optional(),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    output: z.array(auditEntrySchema),
  },
} as const satisfies { [M in MethodName]: MethodSpec };

export type Contract = typeof contract;
/** What a caller passes (defaults may be left out). */
export type Input<M extends MethodName> = z.input<Contract[M]['input']>;
/** What a handler receives, after parsing. */
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type Output<M extends MethodName> = z.output<Contract[M]['output']>;

export type Handlers<Ctx> = {
  [M in MethodName]: (input: ParsedInput<M>, ctx: Ctx) => Output<M> | Promise<Output<M>>;
};

/** The shape of `window.api` in the renderer, whatever the transport behind it. */
export type Api = {
  [M in MethodName]: (input: Input<M>) => Promise<Result<Output<M>>>;
};
