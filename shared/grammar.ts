/**
 * French grammar of the generated documents: gender agreement of titles, elision, and the
 * article of a noun phrase with its contractions (au, aux, du, des).
 *
 * Agreement follows the Guide d’aide à la féminisation des noms de métiers (CNRS-INaLF, 1999):
 * -teur → -trice, other -eur → -eure, -é → -ée, -ier → -ière, -ien → -ienne, -al → -ale…
 * Commune names take their article from INSEE’s TNCC, which also says whether they elide.
 */
import type { StructureType } from './dossier';
import { NBSP, frenchTypography } from './french';

export type Gender = 'f' | 'm';

/** 'Mme' → 'f', 'M.' → 'm', anything else (blank, unknown) → null. */
export function genderOf(civility: string): Gender | null {
  const c = civility.trim().toLowerCase();
  if (c === 'mme' || c === 'madame' || c === 'mlle' || c === 'mademoiselle') return 'f';
  if (c === 'm.' || c === 'm' || c === 'monsieur') return 'm';
  return null;
}

// --- Sounds and elision -------------------------------------------------------------------

/** Words starting with an aspirated h: no elision, no liaison (le handicap, la hiérarchie). */
const ASPIRATED_H =
  /^(?:hache|haie|haillon|haine|haïr|hall(?:s|es?)?$|halte|hamac|hameau|hampe|hanche|handball|handica|hangar|hanneton|hant|happ|harangu|haras|harc[eè]l|hardi|hareng|hargn|haricot|harnais|harpe|hasard|hâte|hâti|hauss|haut|havre|hayon|hennir|hérisson|hernie|héron|héros|herse|hêtre|heurt|hibou|hiérarch|hiss|hoch|hockey|holland|homard|hongr|hont|hoquet|horde|hors|hotte|houblon|houill|houl|housse|hublot|huée|huer|huit|hurl|hutte)/u;
/** Spelled with a vowel, said with a consonant: le onze, le oui. */
const CONSONANT_SOUND = /^(?:onze|onzième|oui)$/u;
const VOWEL = /^[aeiouyàâäéèêëîïôöùûüÿæœ]/u;

/** Whether the first word is said with a vowel sound: équipe, hôpital, Ajaccio; not handicap, yaourt, CPTS. */
export function startsWithVowelSound(text: string): boolean {
  const word = /^[\p{L}]+/u.exec(text.trimStart().normalize('NFC'))?.[0];
  if (!word) return false;
  const lower = word.toLowerCase();
  // An acronym starting with H (la HAS) is read as letters or as a word: aspirated either way.
  if (lower.startsWith('h')) return !(isAcronym(word) || ASPIRATED_H.test(lower));
  if (lower.startsWith('y')) return !VOWEL.test(lower.slice(1)) || lower.length === 1;
  return VOWEL.test(lower) && !CONSONANT_SOUND.test(lower);
}

const ELIDED: Record<string, string> = {
  que: 'qu', de: 'd', le: 'l', la: 'l', je: 'j', me: 'm', te: 't', se: 's', ne: 'n', ce: 'c',
  jusque: 'jusqu', lorsque: 'lorsqu', puisque: 'puisqu', si: 's',
};

/** `word` elided before `next` when next starts with a vowel sound (qu’, d’, l’…), else word; keeps its case. */
export function elide(word: string, next: string | Phrase): string {
  const lower = word.toLowerCase();
  const short = ELIDED[lower];
  if (!short) return word;
  const vowel =
    lower === 'si'
      ? /^ils?(?!\p{L})/iu.test((typeof next === 'string' ? next : definite(next)).trimStart()) // s’il, but si elle
      : typeof next === 'string'
        ? startsWithVowelSound(next)
        : phraseStartsWithVowel(next);
  return vowel ? `${withCaseOf(word, short)}’` : word;
}

// --- Agreement ------------------------------------------------------------------------------

/** Masculine → feminine forms the rules below would get wrong. */
const FEMININE: Record<string, string> = {
  il: 'elle', ils: 'elles', le: 'la', un: 'une', celui: 'celle', élu: 'élue',
  chef: 'cheffe', préfet: 'préfète', maître: 'maîtresse',
  docteur: 'docteure', auteur: 'autrice', rapporteur: 'rapporteure', chercheur: 'chercheuse',
  contrôleur: 'contrôleuse', masseur: 'masseuse', vendeur: 'vendeuse', acheteur: 'acheteuse',
  nouveau: 'nouvelle', beau: 'belle', vieux: 'vieille', public: 'publique', complet: 'complète',
  secret: 'secrète', discret: 'discrète', inquiet: 'inquiète', favori: 'favorite',
};
const MASCULINE: Record<string, string> = Object.fromEntries(Object.entries(FEMININE).map(([m, f]) => [f, m]));
/** Words the same in both genders that the rules would change. */
const INVARIABLE = new Set(['médecin', 'témoin', 'personne', 'sous', 'vice', 'ex', 'co', 'non', 'et', 'ou', 'senior', 'junior']);

const FEMININE_RULES: [RegExp, string][] = [
  [/e$/u, 'e'],
  [/teur$/u, 'trice'],
  [/eur$/u, 'eure'],
  [/é$/u, 'ée'],
  [/i$/u, 'ie'],
  [/(i?)er$/u, '$1ère'],
  [/([eo])n$/u, '$1nne'],
  [/([iu])n$/u, '$1ne'],
  [/e(i?)l$/u, 'e$1lle'],
  [/l$/u, 'le'],
  [/et$/u, 'ette'],
  [/([td])$/u, '$1e'],
  [/f$/u, 've'],
  [/eux$/u, 'euse'],
  [/([ao]is)$/u, '$1e'],
];

/** Only endings no masculine title has, so that a masculine word stays as it is. */
const MASCULINE_RULES: [RegExp, string][] = [
  [/trice$/u, 'teur'],
  [/eure$/u, 'eur'],
  [/euse$/u, 'eur'],
  [/ée$/u, 'é'],
  [/(ill|i)ère$/u, '$1er'],
  [/([eo])nne$/u, '$1n'],
  [/e(i?)lle$/u, 'e$1l'],
  [/ale$/u, 'al'],
  [/ette$/u, 'et'],
  [/ive$/u, 'if'],
  [/(ent|ant|oint|ert)e$/u, '$1'],
];

function applyRules(lower: string, table: Record<string, string>, rules: [RegExp, string][]): string {
  if (INVARIABLE.has(lower)) return lower;
  const known = table[lower];
  if (known !== undefined) return known;
  const rule = rules.find(([pattern]) => pattern.test(lower));
  return rule ? lower.replace(rule[0], rule[1]) : lower;
}

const isAcronym = (word: string) => word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase();

function withCaseOf(source: string, word: string): string {
  if (isAcronym(source)) return word.toUpperCase();
  return source[0] !== source[0]!.toLowerCase() ? capitalize(word) : word;
}

/** One word; each part of a compound agrees (vice-présidente, chirurgienne-dentiste). */
function agreeWord(word: string, gender: Gender): string {
  return word
    .split('-')
    .map((part) => {
      // Acronyms (ARS, DG) stay; a title typed in capitals agrees all the same.
      if (!/^\p{L}+$/u.test(part) || (isAcronym(part) && part.length < 5 && !(part.toLowerCase() in FEMININE))) return part;
      const lower = part.toLowerCase();
      const agreed = gender === 'f' ? applyRules(lower, FEMININE, FEMININE_RULES) : applyRules(lower, MASCULINE, MASCULINE_RULES);
      return agreed === lower ? part : withCaseOf(part, agreed);
    })
    .join('-');
}

/** A complement starts with these: the words from it on do not agree (chargée de mission, déléguée à la stratégie). */
const COMPLEMENT = /^(?:de|du|des|d['’].*|à|au|aux|en|pour|par|sur|chez|auprès|avec|dans|l['’].*|la|les)$/iu;

/**
 * `map` applied to the words of a title that agree: those before a complement, and again after
 * a comma (directrice de l’offre de soins, adjointe). Spaces and punctuation kept.
 */
function mapHead(title: string, map: (word: string) => string): string {
  let inHead = true;
  return title
    .split(/(\s+)/u)
    .map((token, i) => {
      if (i % 2 === 1) return token;
      let result = token;
      if (inHead) {
        const [, lead = '', word = '', tail = ''] = /^([^\p{L}]*)([\p{L}\p{M}'’-]*)(.*)$/su.exec(token)!;
        if (COMPLEMENT.test(word)) inHead = false;
        else result = lead + map(word) + tail;
      }
      if (/[,;]$/u.test(token)) inHead = true;
      return result;
    })
    .join('');
}

/**
 * The word or title agreed in gender: agree('directeur général adjoint', 'f') → 'directrice
 * générale adjointe'; only the words before a complement agree (présidente de séance). Keeps a
 * leading capital; a null gender leaves the form given.
 */
export function agree(masculine: string, gender: Gender | null): string {
  if (!gender) return masculine;
  return mapHead(masculine.normalize('NFC'), (word) => agreeWord(word, gender));
}

/** The gender a title is written in (directrice → 'f', directeur → 'm'), null for epicene ones (secrétaire). */
export function titleGender(title: string): Gender | null {
  const words: string[] = [];
  mapHead(title.normalize('NFC'), (word) => (words.push(word), word));
  for (const word of words) {
    if (agreeWord(word, 'm') !== word) return 'f';
    if (agreeWord(word, 'f') !== word) return 'm';
  }
  return null;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// --- Noun phrases ---------------------------------------------------------------------------

/** A noun phrase that takes a definite article and contracts with à / de. */
export interface Phrase {
  text: string;
  article: 'le' | 'la' | 'les' | "l'" | null;
  /** The article is part of an official name and keeps its capital: Le Lamentin, La Trinité, L'Ajoupa-Bouillon. */
  proper?: boolean;
  gender?: Gender;
  /** Whether the text starts with a vowel sound, when known better than from its spelling (INSEE: d’Hazebrouck, de Hannapes). */
  vowelSound?: boolean;
  /** The article as the name writes it standing alone, when it is a contraction: « Aux » in Aux Marais. */
  writtenArticle?: string;
}

const hasVowelSound = (p: Phrase) => p.vowelSound ?? startsWithVowelSound(p.text);
/** Whether the phrase, article included, starts with a vowel sound: qu’Ajaccio, but que Le Lamentin, que l’ESP. */
const phraseStartsWithVowel = (p: Phrase) => p.article === null && hasVowelSound(p);

/** What INSEE’s TNCC (« type de nom en clair ») says of a commune’s article. */
const TNCC: Record<number, { article: Phrase['article']; written: RegExp; gender?: Gender; writtenArticle?: string }> = {
  2: { article: 'le', written: /^le\s+/iu, gender: 'm' },
  3: { article: 'la', written: /^la\s+/iu, gender: 'f' },
  4: { article: 'les', written: /^les\s+/iu },
  5: { article: "l'", written: /^l['’]\s*/iu },
  6: { article: 'les', written: /^aux\s+/iu, writtenArticle: 'Aux' },
};

/** The TNCC a name's spelling suggests, for a commune INSEE gives none (overseas collectivities). */
function guessTncc(name: string): number {
  // « aux » in lower case is the preposition, not the article of a name.
  const type = [2, 3, 4, 5, 6].find((t) => TNCC[t]!.written.test(name) && (t !== 6 || name.startsWith('A')));
  return type ?? (startsWithVowelSound(name) ? 1 : 0);
}

function phraseOfTncc(name: string, type: number, proper: boolean): Phrase {
  const tncc = TNCC[type];
  // Las and Los (7, 8) are Occitan and Catalan articles: French never contracts them.
  if (!tncc) return { text: name, article: null, proper, vowelSound: type === 1 };
  return {
    text: name.replace(tncc.written, ''),
    article: tncc.article,
    proper,
    ...(tncc.gender && { gender: tncc.gender }),
    ...(tncc.writtenArticle && { writtenArticle: tncc.writtenArticle }),
  };
}

/**
 * A commune as INSEE writes it ("Le Lamentin") with its TNCC (0 no article, consonant; 1 no
 * article, vowel or mute h; 2 Le; 3 La; 4 Les; 5 L'; 6 Aux; 7 Las; 8 Los); null guesses from the name.
 */
export function communePhrase(officialName: string, articleType: number | null): Phrase {
  const name = frenchTypography(officialName.trim());
  // INSEE gives 0 to Le Vernet-Chaméane: a name that opens with its article contracts all the same.
  const type = articleType === null || (articleType <= 1 && guessTncc(name) > 1) ? guessTncc(name) : articleType;
  return phraseOfTncc(name, type, true);
}

/** A text that may start with its definite article (« Le Robert », « la directrice »), as a phrase. */
export function phraseOf(text: string): Phrase {
  const typed = frenchTypography(text.trim());
  return phraseOfTncc(typed, guessTncc(typed), /^\p{Lu}/u.test(typed));
}

/** The head words of a title in lower case (Directeur Général → directeur général), acronyms kept. */
const lowerHead = (title: string) => mapHead(title, (word) => (isAcronym(word) ? word : word.toLowerCase()));

/**
 * A common noun phrase typed with capitals, as running text writes it: « Société Civile de
 * Moyens (SCM) » → « société civile de moyens (SCM) », « Association loi 1901 » → « association
 * loi 1901 ». Acronyms keep theirs; for a legal form, which names no one.
 */
export function commonNoun(text: string): string {
  return frenchTypography(text.trim()).replace(/[\p{L}\p{M}]+/gu, (word) => (isAcronym(word) ? word : word.toLowerCase()));
}

/** A title agreed with its holder and its article: la directrice générale, l’administrateur. */
export function titlePhrase(title: string, gender: Gender | null): Phrase {
  const typed = frenchTypography(title.trim());
  const g = gender ?? titleGender(typed);
  const text = agree(lowerHead(typed), g);
  const article = startsWithVowelSound(text) ? "l'" : g === 'f' ? 'la' : 'le';
  return { text, article, gender: g ?? 'm' };
}

const STRUCTURES: Record<StructureType, { label: string; named: RegExp; article: Phrase['article']; gender: Gender }> = {
  ESP: { label: 'ESP', named: /^(?:esp|equipe de soins primaires)(?![\p{L}\p{N}])/u, article: "l'", gender: 'f' },
  MSP: { label: 'MSP', named: /^(?:msp|maison de sante)(?![\p{L}\p{N}])/u, article: 'la', gender: 'f' },
  CPTS: { label: 'CPTS', named: /^(?:cpts|communaute)(?![\p{L}\p{N}])/u, article: 'la', gender: 'f' },
  CDS: { label: 'centre de santé', named: /^(?:cds|centre de sante)(?![\p{L}\p{N}])/u, article: 'le', gender: 'm' },
};

const plain = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The structure with its article: « l’ESP du Nord Caraïbe » when its name already says what it
 * is, else the type and the name in guillemets: « la MSP « Les Lilas » ».
 */
export function structurePhrase(type: StructureType, name: string): Phrase {
  const s = STRUCTURES[type];
  // A name typed with its own article (« La MSP des Lilas ») gives the phrase's.
  const typed = frenchTypography(name.trim()).replace(/^(?:l’|la\s+|le\s+)(?=\S)/iu, (article, _at, whole: string) =>
    s.named.test(plain(whole.slice(article.length))) ? '' : article,
  );
  const text = s.named.test(plain(typed)) ? typed : `${s.label} «${NBSP}${typed}${NBSP}»`;
  return { text, article: s.article, gender: s.gender };
}

/**
 * The agency as an agreement's party names it, with its article: l’Agence régionale de santé
 * Hauts-de-France, l’ARS Martinique, also when typed with its article, which is no part of the
 * name (unlike Le Lamentin's). An agency is feminine.
 */
export function agencyPhrase(name: string): Phrase {
  const typed = phraseOf(name);
  if (typed.article !== null) return { ...typed, proper: false, gender: 'f' };
  return { text: typed.text, article: hasVowelSound(typed) ? "l'" : 'la', gender: 'f' };
}

/** Le Lamentin, l’ESP du Nord, la directrice générale, Aux Marais. */
export function definite(p: Phrase): string {
  if (p.writtenArticle) return `${p.writtenArticle} ${p.text}`;
  if (p.article === null) return p.text;
  const article = p.article === "l'" ? 'l’' : `${p.article} `;
  return (p.proper ? capitalize(article) : article) + p.text;
}

/** au Lamentin, aux Trois-Îlets, à La Trinité, à L’Ajoupa-Bouillon; du Robert, des Abymes, d’Ajaccio, de l’ESP. */
export function withPreposition(prep: 'à' | 'de', p: Phrase): string {
  switch (p.article) {
    case null:
      return prep === 'de' && hasVowelSound(p) ? `d’${p.text}` : `${prep} ${p.text}`;
    case 'le':
      return `${prep === 'à' ? 'au' : 'du'} ${p.text}`;
    case 'les':
      return `${prep === 'à' ? 'aux' : 'des'} ${p.text}`;
    default:
      return `${prep} ${definite(p)}`;
  }
}

/** son directeur général, sa directrice générale, son équipe (son before a vowel), ses membres. */
export function possessive(p: Phrase, _person: 3 = 3): string {
  if (p.article === 'les') return `ses ${p.text}`;
  const feminine = (p.gender ?? (p.article === 'la' ? 'f' : 'm')) === 'f';
  return `${feminine && !hasVowelSound(p) ? 'sa' : 'son'} ${p.text}`;
}
