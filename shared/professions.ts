/**
 * Classification of the profession a team member typed, against the 4th part of the Code de la
 * santé publique (PRODUCT.md §4): médicales (book I), pharmacie (book II), auxiliaires médicaux
 * (book III, titles I to VII). Book III's title VIII (aides-soignants, auxiliaires de
 * puériculture, ambulanciers, assistants dentaires) and book II's préparateurs and physiciens
 * médicaux are health professions but not auxiliaires médicaux: they count as health
 * professionals, not as paramedical. Psychologues, ostéopathes, social workers… are outside.
 */
import { foldText } from './text';

export const professionCategories = [
  'gp',
  'other_medical',
  'pharmacist',
  'paramedical',
  'other_health',
  'not_health',
  'unknown',
] as const;
export type ProfessionCategory = (typeof professionCategories)[number];
export const professionCategoryLabels: Record<ProfessionCategory, string> = {
  gp: 'Médecin généraliste',
  other_medical: 'Autre profession médicale',
  pharmacist: 'Pharmacien',
  paramedical: 'Paramédical (auxiliaire médical)',
  other_health: 'Autre profession de santé',
  not_health: 'Hors professions de santé',
  unknown: 'Profession non reconnue',
};

export function isHealthProfession(category: ProfessionCategory): boolean {
  return category !== 'not_health' && category !== 'unknown';
}

export interface ProfessionClassification {
  category: ProfessionCategory;
  /** The canonical French name ("Infirmier"); the text as typed when it is not recognised. */
  label: string;
  /** Infirmier en pratique avancée: the scoring grid rewards "a pharmacist or an IPA". */
  advancedPractice: boolean;
  /** False when the text names a family without the detail the rules need (« Médecin » alone). */
  precise: boolean;
}

interface ProfessionPattern {
  pattern: RegExp;
  category: ProfessionCategory;
  label: string;
  advancedPractice?: true;
  precise?: false;
}

/**
 * Tried in order on the folded text, the first match wins: names that contain a health
 * profession's stem without being it come before that stem, and a health profession before the
 * non-health title it may be combined with (« Infirmière coordinatrice », « Kiné ostéopathe »).
 */
const patterns: ProfessionPattern[] = [
  { pattern: /\bprothesistes? dentaires?\b/, category: 'not_health', label: 'Prothésiste dentaire' },
  { pattern: /\bauxiliaires? de puericulture\b/, category: 'other_health', label: 'Auxiliaire de puériculture' },
  { pattern: /\bprepara\w* en pharmacie\b/, category: 'other_health', label: 'Préparateur en pharmacie' },
  { pattern: /\bassistant\w* (dentaire|de cabinet dentaire)/, category: 'other_health', label: 'Assistant dentaire' },
  {
    pattern: /\b(ipa|pratique avancee)\b/,
    category: 'paramedical',
    label: 'Infirmier en pratique avancée',
    advancedPractice: true,
  },
  {
    pattern: /\b(mg|generalistes?|medecine generale|medecins? traitants?|medecins? de famille|omnipraticien\w*)\b/,
    category: 'gp',
    label: 'Médecin généraliste',
  },
  { pattern: /\b(dentistes?|odontolog\w*|orthodontistes?)\b/, category: 'other_medical', label: 'Chirurgien-dentiste' },
  { pattern: /\b(sages? femmes?|maieuticien\w*)\b/, category: 'other_medical', label: 'Sage-femme' },
  { pattern: /\bpharmac(ie|ien\w*)\b/, category: 'pharmacist', label: 'Pharmacien' },
  { pattern: /\b(infirm\w*|idel?s?|ibode|iade)\b/, category: 'paramedical', label: 'Infirmier' },
  { pattern: /\bpuericult\w*/, category: 'paramedical', label: 'Infirmier puériculteur' },
  {
    pattern: /\b(kine\w*|mk|mkde|physiotherapeute\w*)\b/,
    category: 'paramedical',
    label: 'Masseur-kinésithérapeute',
  },
  { pattern: /\b(pedicure\w*|podolog\w*)\b/, category: 'paramedical', label: 'Pédicure-podologue' },
  { pattern: /\bergo(therap\w*)?\b/, category: 'paramedical', label: 'Ergothérapeute' },
  { pattern: /\bpsychomot\w*/, category: 'paramedical', label: 'Psychomotricien' },
  { pattern: /\b(orthophon\w*|logopede\w*)\b/, category: 'paramedical', label: 'Orthophoniste' },
  { pattern: /\borthopti\w*/, category: 'paramedical', label: 'Orthoptiste' },
  { pattern: /\bdietetic\w*/, category: 'paramedical', label: 'Diététicien' },
  {
    pattern: /\b(manipulat\w*|electroradiolog\w*|merm)\b/,
    category: 'paramedical',
    label: "Manipulateur d'électroradiologie médicale",
  },
  {
    pattern: /\btechnicien\w* (de |en )?(laboratoire|labo)\b/,
    category: 'paramedical',
    label: 'Technicien de laboratoire médical',
  },
  { pattern: /\baudioprothes\w*/, category: 'paramedical', label: 'Audioprothésiste' },
  { pattern: /\bopticien\w*/, category: 'paramedical', label: 'Opticien-lunetier' },
  {
    pattern: /\b(orthoprothes\w*|prothesiste\w*|orthesiste\w*|oculariste\w*|epithesiste\w*|orthopediste\w*)\b/,
    category: 'paramedical',
    label: 'Prothésiste et orthésiste',
  },
  { pattern: /\bphysicien\w* medica\w*/, category: 'other_health', label: 'Physicien médical' },
  { pattern: /\baides? soignant\w*/, category: 'other_health', label: 'Aide-soignant' },
  { pattern: /\bambulanc\w*/, category: 'other_health', label: 'Ambulancier' },
  {
    pattern: /^(medecins?|docteurs?|dr)$/,
    category: 'other_medical',
    label: 'Médecin (spécialité non précisée)',
    precise: false,
  },
  { pattern: /\b(medecins?|chirurgien\w*)\b/, category: 'other_medical', label: 'Médecin spécialiste' },
  { pattern: /\b(neuro)?psycholog\w*/, category: 'not_health', label: 'Psychologue' },
  { pattern: /\bpsychotherap\w*/, category: 'not_health', label: 'Psychothérapeute' },
  { pattern: /\bosteopath\w*/, category: 'not_health', label: 'Ostéopathe' },
  { pattern: /\bchiropra\w*/, category: 'not_health', label: 'Chiropracteur' },
  {
    pattern: /\b(assistant\w* (sociale?s?|de service social)|travailleu\w* social\w*)\b/,
    category: 'not_health',
    label: 'Assistant de service social',
  },
  { pattern: /\bassistant\w* medica\w*/, category: 'not_health', label: 'Assistant médical' },
  { pattern: /\bsecretai\w*/, category: 'not_health', label: 'Secrétaire' },
  { pattern: /\bcoord(in|onn)at\w*/, category: 'not_health', label: 'Coordinateur' },
  { pattern: /\bmediat\w*/, category: 'not_health', label: 'Médiateur en santé' },
  {
    pattern: /\bapa\b|activite physique adaptee/,
    category: 'not_health',
    label: 'Enseignant en activité physique adaptée',
  },
  { pattern: /\beducat\w*/, category: 'not_health', label: 'Éducateur' },
  { pattern: /\bsophrolog\w*/, category: 'not_health', label: 'Sophrologue' },
  { pattern: /\bnaturopath\w*/, category: 'not_health', label: 'Naturopathe' },
  // Specialists named by their specialty alone: pédiatre, cardiologue, psychiatre…
  { pattern: /(ologues?|iatres?|specialistes?)\b/, category: 'other_medical', label: 'Médecin spécialiste' },
];

/**
 * Dots, middle dots and brackets are dropped rather than spaced, so that inclusive and
 * abbreviated forms stay one word: « Infirmier(ère) », « infirmier·e », « I.D.E. ».
 */
function foldProfession(text: string): string {
  return foldText(text.replace(/[.·•()]/g, ''));
}

// A team's professions repeat across thousands of dossiers: classify each spelling once.
const classified = new Map<string, ProfessionClassification>();

export function classifyProfession(text: string): ProfessionClassification {
  let result = classified.get(text);
  if (!result) {
    result = classify(text);
    if (classified.size < 5000) classified.set(text, result);
  }
  return result;
}

function classify(text: string): ProfessionClassification {
  const folded = foldProfession(text);
  const match = patterns.find((p) => p.pattern.test(folded));
  if (!match) return { category: 'unknown', label: text.trim(), advancedPractice: false, precise: false };
  return {
    category: match.category,
    label: match.label,
    advancedPractice: match.advancedPractice ?? false,
    precise: match.precise ?? true,
  };
}
