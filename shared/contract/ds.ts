/**
 * The contract's methods of Démarches Simplifiées: the connection of a procedure, and the sync
 * of its dossiers. Spread into `contract`.
 */
import { dsConnectionInputSchema, dsConnectionSchema, dsConnectionViewSchema, dsTestSchema, dsTokenSchema } from '../ds';
import { z } from '../validation';

const connectionsSchema = z.object({
  connections: z.array(dsConnectionViewSchema),
  /** Whether this machine can keep a token (the OS keychain). */
  keychain: z.boolean(),
  /** Whether DS_API_TOKEN is set (the CLI's way, where there is no keychain). */
  environmentToken: z.boolean(),
});

export const dsMethods = {
  'ds.connection.get': {
    description: 'Les démarches de Démarches Simplifiées connectées (instance, numéro, groupe instructeur, dernière synchronisation) et si un jeton est gardé sur ce poste.',
    input: z.strictObject({}),
    output: connectionsSchema,
  },
  'ds.connection.save': {
    description:
      "Enregistre la connexion d'une démarche (adresse de l'instance, numéro, groupe instructeur facultatif) ; le jeton d'accès, s'il est donné, est gardé par le trousseau du système de ce poste.",
    input: dsConnectionInputSchema,
    output: connectionsSchema,
  },
  'ds.connection.test': {
    description: "Interroge une fois Démarches Simplifiées avec la connexion indiquée (le jeton gardé, sinon celui donné) et dit en français ce qui va ou ne va pas.",
    input: z.strictObject({ connection: dsConnectionSchema, token: dsTokenSchema.optional() }),
    output: dsTestSchema,
  },
} as const;
