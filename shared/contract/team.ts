/**
 * The contract's methods of team mode: which database this machine opens at its next start.
 * Spread into `contract`.
 */
import { sharedDatabaseInputSchema, sharedDatabaseSchema, tlsModes } from '../connection';
import { z } from '../validation';

const viewSchema = z.object({
  connection: sharedDatabaseSchema.nullable(),
  passwordStored: z.boolean(),
  keychain: z.boolean(),
  /** The engine of the database open now. */
  current: z.object({ engine: z.enum(['sqlite', 'postgres']), location: z.string() }),
  /** Whether the app can restart itself into the base chosen (Electron); elsewhere the user closes and reopens it. */
  canRestart: z.boolean(),
});

export const teamMethods = {
  'connection.get': {
    description: 'La base partagée que ce poste ouvrira au prochain démarrage (ou sa base locale), et celle ouverte maintenant.',
    input: z.strictObject({}),
    output: viewSchema,
  },
  'connection.test': {
    description: 'Se connecte une fois à la base partagée indiquée et dit en français ce qui va ou ne va pas.',
    input: sharedDatabaseInputSchema,
    output: z.object({
      ok: z.boolean(),
      message: z.string(),
      serverVersion: z.string().nullable(),
      schema: z.enum(['empty', 'same', 'older', 'newer']).nullable(),
    }),
  },
  'connection.save': {
    description: `Choisit la base partagée du prochain démarrage (chiffrement : ${tlsModes.join(', ')}), le mot de passe gardé par le trousseau du système ; connection: null revient à la base locale.`,
    input: z.strictObject({
      connection: sharedDatabaseSchema.nullable(),
      password: sharedDatabaseInputSchema.shape.password,
    }),
    output: viewSchema,
  },
  'connection.restart': {
    description: "Redémarre l'application pour ouvrir la base choisie ; refusé là où elle ne peut pas se relancer elle-même (CLI).",
    input: z.strictObject({}),
    output: z.object({ restarting: z.literal(true) }),
  },
} as const;
