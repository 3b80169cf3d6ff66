/**
 * Checks of the identifiers a dossier carries (PRODUCT.md §4): the professionals' RPPS or ADELI
 * number, the structure's SIREN, SIRET or RNA number, FINESS numbers and INSEE commune codes.
 * Every failure says why, in French, so the secretariat can correct the entry.
 */

/**
 * `warning` marks a number that is well formed but doubtful (an RPPS number whose unofficial key
 * fails): the caller shows it without blocking, unlike `valid: false`.
 */
export type IdentifierCheck = { valid: true; warning?: string } | { valid: false; reason: string };

const valid: IdentifierCheck = { valid: true };
const invalid = (reason: string): IdentifierCheck => ({ valid: false, reason });

/** People type identifiers with spaces (« 102 345 678 90 »), non-breaking ones included, and in lower case. */
export function normalizeIdentifier(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/** The Luhn key to append to `payload` (digits only). */
export function luhnCheckDigit(payload: string): string {
  if (!/^\d*$/.test(payload)) throw new RangeError(`Clé de Luhn : « ${payload} » ne contient pas que des chiffres.`);
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    // Counted from the right of the completed number, the key is position 0: every even position
    // of the payload read from its end is doubled.
    let digit = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

export function isLuhnValid(digits: string): boolean {
  return /^\d+$/.test(digits) && luhnCheckDigit(digits.slice(0, -1)) === digits.slice(-1);
}

/** The format error of a number made of `length` digits, if any. */
function digitsError(label: string, length: number, id: string): string | undefined {
  if (id.length !== length) return `${label} doit comporter ${length} chiffres.`;
  if (!/^\d+$/.test(id)) return `${label} ne doit comporter que des chiffres.`;
  return undefined;
}

export function checkRpps(input: string): IdentifierCheck {
  const id = normalizeIdentifier(input);
  const error = digitsError('Le numéro RPPS', 11, id);
  if (error) return invalid(error);
  // Neither the prefix nor the key is official: a doubt is worth a warning, never a refusal.
  const doubts: string[] = [];
  if (!id.startsWith('10')) doubts.push('il ne commence pas par 10 comme les numéros attribués');
  if (!isLuhnValid(id)) doubts.push('sa clé de contrôle (Luhn) ne correspond pas');
  if (doubts.length === 0) return valid;
  return { valid: true, warning: `Le numéro RPPS est à vérifier, car ${doubts.join(' et ')}.` };
}

export function checkAdeli(input: string): IdentifierCheck {
  const id = normalizeIdentifier(input);
  const error = digitsError('Le numéro ADELI', 9, id);
  if (error) return invalid(error);
  return isLuhnValid(id)
    ? valid
    : invalid('La clé de contrôle du numéro ADELI est fausse (numéro mal recopié ?).');
}

export const professionalIdentifierKinds = ['RPPS', 'ADELI'] as const;
export type ProfessionalIdentifierKind = (typeof professionalIdentifierKinds)[number];

/** RPPS numbers have 11 digits, ADELI numbers 9: the length alone tells them apart. */
export function professionalIdentifierKind(input: string): ProfessionalIdentifierKind | undefined {
  const length = normalizeIdentifier(input).length;
  if (length === 11) return 'RPPS';
  if (length === 9) return 'ADELI';
  return undefined;
}

export function checkProfessionalIdentifier(input: string): IdentifierCheck {
  switch (professionalIdentifierKind(input)) {
    case 'RPPS':
      return checkRpps(input);
    case 'ADELI':
      return checkAdeli(input);
    case undefined:
      return invalid("L'identifiant doit être un numéro RPPS (11 chiffres) ou ADELI (9 chiffres).");
  }
}

export function checkSiren(input: string): IdentifierCheck {
  const id = normalizeIdentifier(input);
  const error = digitsError('Le SIREN', 9, id);
  if (error) return invalid(error);
  return isLuhnValid(id) ? valid : invalid('La clé de contrôle du SIREN est fausse (numéro mal recopié ?).');
}

const laPosteSiren = '356000000';
const laPosteHeadOffice = '35600000000048';

/**
 * The 14-digit key of the SIRET. La Poste's establishments share one SIREN and exhausted the Luhn
 * keys: theirs is that the sum of the digits is a multiple of 5 (its head office keeps Luhn).
 */
export function checkSiret(input: string): IdentifierCheck {
  const id = normalizeIdentifier(input);
  if (/^\d{9}$/.test(id)) {
    return invalid(
      "Le SIRET doit comporter 14 chiffres ; ces 9 chiffres sont un SIREN, sans les 5 de l'établissement.",
    );
  }
  const error = digitsError('Le SIRET', 14, id);
  if (error) return invalid(error);
  const keyOk =
    id.startsWith(laPosteSiren) && id !== laPosteHeadOffice
      ? [...id].reduce((sum, digit) => sum + Number(digit), 0) % 5 === 0
      : isLuhnValid(id);
  return keyOk ? valid : invalid('La clé de contrôle du SIRET est fausse (numéro mal recopié ?).');
}

// Départements 01 to 95 without 20 (split into 2A and 2B in 1976), 97 overseas, 98 Mayotte.
const finessDepartment = /^(0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|9[78])/;

/**
 * FINESS: the département on 2 characters, 6 digits, then a Luhn key computed with Corsica's A
 * and B read as 1 and 2. The key was checked against the hundred-odd FINESS numbers (5 of them
 * Corsican) listed in the annex of the arrêté du 4 mars 2015 on isolated health establishments.
 */
export function checkFiness(input: string): IdentifierCheck {
  const id = normalizeIdentifier(input);
  if (!/^(\d{2}|2[AB])\d{7}$/.test(id)) {
    return invalid(
      'Le numéro FINESS doit comporter 9 caractères, le département (2A ou 2B pour la Corse) puis 7 chiffres.',
    );
  }
  if (!finessDepartment.test(id)) {
    return invalid(`Le numéro FINESS doit commencer par un département, ce que « ${id.slice(0, 2)} » n'est pas.`);
  }
  return isLuhnValid(id.replace('A', '1').replace('B', '2'))
    ? valid
    : invalid('La clé de contrôle du numéro FINESS est fausse (numéro mal recopié ?).');
}

/**
 * INSEE commune code. The usual mistake is typing the postal code instead: it is caught when it
 * cannot be an INSEE code (20xxx in Corsica, a département's xx000, overseas 97x00); any other
 * confusion is only found by looking the code up.
 */
export function checkCommuneCode(input: string): IdentifierCheck {
  const code = normalizeIdentifier(input);
  if (/^20\d{3}$/.test(code)) {
    return invalid(`${code} est un code postal corse : le code INSEE d'une commune de Corse commence par 2A ou 2B.`);
  }
  if (/^(\d\d0|97\d)00$/.test(code)) {
    return invalid(`${code} est un code postal, pas le code INSEE de la commune (Code officiel géographique).`);
  }
  if (/^\d{4}$/.test(code)) {
    return invalid(`Le code INSEE de la commune a 5 caractères : le zéro initial a-t-il été perdu (0${code}) ?`);
  }
  if (!/^(\d{5}|2[AB]\d{3})$/.test(code)) {
    return invalid("Le code INSEE de la commune a 5 caractères (ex. : 59350, 2A004) ; ce n'est pas le code postal.");
  }
  return valid;
}

/**
 * RNA number of an association: W and 9 characters, in practice digits; the greffe's code that
 * follows the W may carry a letter (2A, 2B, 9M…), so the second character after W may be one.
 */
export function checkRna(input: string): IdentifierCheck {
  return /^W\d[\dA-Z]\d{7}$/.test(normalizeIdentifier(input))
    ? valid
    : invalid("Le numéro RNA d'une association est un W suivi de 9 chiffres (ex. : W595012345).");
}
