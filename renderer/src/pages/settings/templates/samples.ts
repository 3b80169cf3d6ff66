import { eurosInWords, formatDate, formatEuros, formatTime } from '../../../../../shared/french';
import type { Identity } from '../../../../../shared/settings';
import { communePhrase, structurePhrase, titlePhrase } from '../../../../../shared/grammar';
import type { Placeholder, PlaceholderValue } from '../../../../../shared/templates';

const SAMPLE_GRANT = 20_000;

/**
 * What the live preview fills a paragraph with: the agency as set in Paramètres, an invented
 * dossier and session, written the way the documents write them.
 */
export function sampleValues(identity: Identity | null): Record<Placeholder, PlaceholderValue> {
  const person = (p: { firstName: string; lastName: string } | undefined, example: string) =>
    p && p.lastName ? `${p.firstName} ${p.lastName}`.trim() : example;
  return {
    'ars.nom': identity?.agencyName || 'Agence régionale de santé Hauts-de-France',
    'ars.direction': identity?.direction || "Direction de l'offre de soins",
    'ars.ville': identity?.address.city || 'Lille',
    'dg.nom': person(identity?.directorGeneral, 'Hugo Gilardi'),
    // The title says the gender when the agency has not given a civility yet.
    'dg.titre': titlePhrase(identity?.directorGeneral.title || 'Directeur général', null),
    'signataire.nom': person(identity?.signatory, 'Claire Vandenberghe'),
    'signataire.qualite': identity?.signatory.title || "Directrice de l'offre de soins",
    'signataire.titre': titlePhrase(identity?.signatory.title || "Directrice de l'offre de soins", null),
    'porteur.civilite': 'Mme',
    'porteur.nom': 'Anne Lefebvre',
    'porteur.qualite': 'référente',
    'dossier.nom': 'ESP de Thiérache',
    'dossier.structure': structurePhrase('ESP', 'ESP de Thiérache'),
    'dossier.numero': '24001101',
    'dossier.type': 'équipe de soins primaires',
    'dossier.commune': communePhrase('Le Nouvion-en-Thiérache', 2),
    'dossier.depot': formatDate('2026-09-28'),
    'seance.numero': '2026-04',
    'seance.date': formatDate('2026-12-10'),
    'seance.heure': formatTime('14:00'),
    'seance.lieu': 'ARS Hauts-de-France, salle du conseil, Euralille',
    'courrier.reference': 'CS-2026-04/01',
    'aide.montant': formatEuros(SAMPLE_GRANT),
    'aide.lettres': eurosInWords(SAMPLE_GRANT),
    'decision.date': formatDate('2026-12-15'),
    'avis.libelle': 'un avis favorable',
    'recours.tribunal': titlePhrase(identity?.appeal.court || 'tribunal administratif de Lille', 'm'),
    'recours.distance': '',
    'destinataire.appel': 'Madame',
  };
}
