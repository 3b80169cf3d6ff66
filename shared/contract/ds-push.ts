/**
 * The contract's methods that send a closed session's decisions to Démarches Simplifiées.
 * Spread into `contract`.
 */
import { dsPushPreviewInputSchema, dsPushPreviewSchema, dsPushRunInputSchema, dsPushRunSchema, dsWithdrawalInputSchema, dsWithdrawalResultSchema } from '../ds-push';

export const dsPushMethods = {
  'ds.push.preview': {
    description:
      "Ce que « Transmettre les décisions » enverrait à Démarches Simplifiées pour une séance clôturée (dossier, n° DS, décision, extrait de la motivation, courrier), et ce qui est écarté et pourquoi, sans rien envoyer.",
    input: dsPushPreviewInputSchema,
    output: dsPushPreviewSchema,
  },
  'ds.push.run': {
    description:
      "Envoie à Démarches Simplifiées la décision de chaque dossier de la séance clôturée, avec sa motivation et le courrier en justificatif (jamais deux fois pour la même version du courrier, jamais un courrier à refaire), et relit l'état du dossier sur la plateforme.",
    input: dsPushRunInputSchema,
    output: dsPushRunSchema,
  },
  'ds.withdrawal.push': {
    description:
      "Classe sans suite sur Démarches Simplifiées un dossier dont les porteurs se sont désistés, le désistement (date et motif) en motivation ; le passe d'abord en instruction s'il est en construction ; refusé pour un dossier accepté ou refusé sur la plateforme.",
    input: dsWithdrawalInputSchema,
    output: dsWithdrawalResultSchema,
  },
} as const;
