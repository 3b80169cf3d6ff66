import { eurosInWords, formatDate, formatEuros } from '../../../../../shared/french';
import type { Identity } from '../../../../../shared/settings';
import type { Placeholder } from '../../../../../shared/templates';

const SAMPLE_GRANT = 20_000;

/**
 * What the live preview fills a paragraph with: the agency as set in Paramètres, an invented
 * dossier and session, written the way the documents write them.
 */
export function sampleValues(identity: Identity | null): Record<Placeholder, string> {
  const person = (p: { firstName: string; lastName: string } | undefined, example: string) =>
    p && p.lastName ? `${p.firstName} ${p.lastName}`.trim() : example;
  return {
    'ars.nom': identity?.agencyName || 'Agence régionale de santé Hauts-de-France',
    'ars.direction': identity?.direction || "Direction de l'offre de soins",
    'ars.ville': identity?.address.city || 'Lille',
    'dg.nom': person(identity?.directorGeneral, 'Hugo Gilardi'),
    'signataire.nom': person(identity?.signatory, 'Claire Vandenberghe'),
    'signataire.qualite': identity?.signatory.title || "Directrice de l'offre de soins",
    'dossier.nom': 'ESP de Thiérache',
    'dossier.numero': '24001101',
    'dossier.type': 'équipe de soins primaires',
    'dossier.commune': 'Hirson',
    'dossier.depot': formatDate('2026-09-28'),
    'seance.numero': '2026-04',
    'seance.date': formatDate('2026-12-10'),
    'aide.montant': formatEuros(SAMPLE_GRANT),
    'aide.lettres': eurosInWords(SAMPLE_GRANT),
    'decision.date': formatDate('2026-12-15'),
    'destinataire.appel': 'Madame',
  };
}
