/**
 * The contract's methods that send a closed session's decisions to Démarches Simplifiées.
 * Spread into `contract`.
 */
import { dsPushPreviewInputSchema, dsPushPreviewSchema } from '../ds-push';

export const dsPushMethods = {
  'ds.push.preview': {
    description:
      "Ce que « Transmettre les décisions » enverrait à Démarches Simplifiées pour une séance clôturée (dossier, n° DS, décision, extrait de la motivation, courrier), et ce qui est écarté et pourquoi, sans rien envoyer.",
    input: dsPushPreviewInputSchema,
    output: dsPushPreviewSchema,
  },
} as const;
