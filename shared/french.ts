/**
 * French figures, words and typography for the documents (letters, agreements, minutes).
 *
 * Spacing follows the Imprimerie nationale's Lexique des règles typographiques:
 *   - a narrow no-break space (U+202F, « espace fine insécable ») before ; ! ? and as the
 *     thousands separator of figures (20 000,00 €);
 *   - a no-break space (U+00A0, « espace insécable ») before : and inside « guillemets »,
 *     between a figure and its unit, € or %, and around the h of times (14 h 30).
 * Numbers in words follow the traditional spelling (not the 1990 reform): hyphens between tens
 * and units below one hundred only (dix-huit, quatre-vingt-un), « et » without hyphens (vingt et
 * un, soixante et onze), « cents » and « vingts » plural when multiplied and ending the numeral
 * (deux cents, quatre-vingts, but deux cent un, deux cent mille), « mille » invariable, million
 * and milliard nouns (deux millions d’euros).
 */

export const NARROW_NBSP = '\u202f';
export const NBSP = '\u00a0';

/** Beyond this, cents no longer fit exactly in a double. */
const MAX_CENTS = Number.MAX_SAFE_INTEGER;

function toCents(amount: number): number {
  const cents = Math.round(amount * 100);
  if (!Number.isFinite(amount) || Math.abs(cents) > MAX_CENTS) throw new RangeError(`Montant hors limites : ${amount}`);
  return cents;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+$)/g, NARROW_NBSP);
}

export interface NumberFormat {
  /** Digits after the comma, 0 by default. */
  decimals?: number;
}

/** 1 234,5 — thousands separated by U+202F, decimal comma, minus sign U+2212. */
export function formatNumber(value: number, { decimals = 0 }: NumberFormat = {}): string {
  if (!Number.isFinite(value)) throw new RangeError(`Nombre invalide : ${value}`);
  const [whole = '0', fraction] = Math.abs(value).toFixed(decimals).split('.');
  const sign = value < 0 && Number(`${whole}.${fraction ?? 0}`) !== 0 ? '\u2212' : '';
  return sign + groupThousands(whole) + (fraction ? `,${fraction}` : '');
}

export interface EurosFormat {
  /** 'always' (default): 20 000,00 € ; 'whenPresent': 20 000 € for whole euros, 20 000,50 € otherwise. */
  cents?: 'always' | 'whenPresent';
}

/** 20 000,00 € as French accounting writes it: U+202F between thousands, U+00A0 before €. */
export function formatEuros(amount: number, { cents = 'always' }: EurosFormat = {}): string {
  const total = toCents(amount);
  const decimals = cents === 'whenPresent' && total % 100 === 0 ? 0 : 2;
  return `${formatNumber(total / 100, { decimals })}${NBSP}€`;
}

/** The amount in euros written in figures the French way (any spaces, comma, optional €), or undefined. */
export function parseEuros(text: string): number | undefined {
  const match = /^\s*([-\u2212])?\s*(\d{1,3}(?:[\s\u00a0\u202f]?\d{3})*)(?:,(\d{1,2}))?\s*(?:€|euros?)?\s*$/u.exec(text);
  if (!match) return undefined;
  const whole = Number(match[2]!.replace(/[\s\u00a0\u202f]/gu, ''));
  const cents = Number((match[3] ?? '0').padEnd(2, '0'));
  const value = (whole * 100 + cents) / 100;
  return match[1] ? -value : value;
}

const UNITS = [
  'zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf',
  'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize', 'dix-sept', 'dix-huit', 'dix-neuf',
];
const TENS = ['', '', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante', 'soixante', 'quatre-vingt', 'quatre-vingt'];

/** 0–99. `final`: nothing but a noun follows, so quatre-vingt takes its s. */
function belowHundred(n: number, final: boolean): string {
  if (n < 20) return UNITS[n]!;
  const ten = Math.floor(n / 10);
  // Soixante-dix and quatre-vingt-dix count on from dix: soixante-treize, quatre-vingt-dix-sept.
  const rest = ten === 7 || ten === 9 ? n - (ten - 1) * 10 : n % 10;
  const tens = TENS[ten]!;
  if (rest === 0) return ten === 8 && final ? 'quatre-vingts' : tens;
  if ((rest === 1 || rest === 11) && ten !== 8 && ten !== 9) return `${tens} et ${UNITS[rest]}`;
  return `${tens}-${UNITS[rest]}`;
}

/** 1–999. `final`: the numeral ends here (or before a noun: million, euros), not before mille. */
function belowThousand(n: number, final: boolean): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds === 0) return belowHundred(rest, final);
  const cent = hundreds === 1 ? 'cent' : `${UNITS[hundreds]} ${rest === 0 && final ? 'cents' : 'cent'}`;
  return rest === 0 ? cent : `${cent} ${belowHundred(rest, final)}`;
}

/** A whole number from 0 to 999 999 999 999 in words: 71 → soixante et onze, 200 000 → deux cent mille. */
export function numberInWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 1e12) throw new RangeError(`Nombre non représentable en lettres : ${n}`);
  if (n === 0) return UNITS[0]!;
  const billions = Math.floor(n / 1e9);
  const millions = Math.floor(n / 1e6) % 1000;
  const thousands = Math.floor(n / 1000) % 1000;
  const rest = n % 1000;
  const words: string[] = [];
  // Million and milliard are nouns: the number before them keeps its plural s (deux cents millions).
  if (billions) words.push(`${belowThousand(billions, true)} ${billions > 1 ? 'milliards' : 'milliard'}`);
  if (millions) words.push(`${belowThousand(millions, true)} ${millions > 1 ? 'millions' : 'million'}`);
  // Mille is an invariable adjective: no « un » before it, and no s on cent or vingt before it.
  if (thousands) words.push(thousands === 1 ? 'mille' : `${belowThousand(thousands, false)} mille`);
  if (rest) words.push(belowThousand(rest, true));
  return words.join(' ');
}

/** Dix-huit mille cinq cents euros et cinquante centimes, for the amount of an agreement. */
export function eurosInWords(amount: number): string {
  const total = toCents(amount);
  if (total < 0) throw new RangeError(`Montant négatif : ${amount}`);
  const euros = Math.floor(total / 100);
  const cents = total % 100;
  const centimes = `${numberInWords(cents)} ${cents > 1 ? 'centimes' : 'centime'}`;
  if (euros === 0 && cents > 0) return centimes;
  const words = numberInWords(euros);
  // « Un million d’euros », but « un million deux cents euros ».
  const unit = euros <= 1 ? 'euro' : /(million|milliard)s?$/.test(words) ? 'd’euros' : 'euros';
  return `${words} ${unit}${cents ? ` et ${centimes}` : ''}`;
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
/** As the Imprimerie nationale abbreviates them, for narrow columns. */
const SHORT_MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

/** A calendar date: an ISO string (YYYY-MM-DD, as stored) or a Date read in local time. */
function calendarDate(date: string | Date): { year: number; month: number; day: number; weekday: number } {
  if (typeof date !== 'string') {
    if (Number.isNaN(date.getTime())) throw new RangeError('Date invalide.');
    return { year: date.getFullYear(), month: date.getMonth(), day: date.getDate(), weekday: date.getDay() };
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  const utc = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!utc || utc.getUTCDate() !== Number(match![3])) throw new RangeError(`Date invalide : ${date}`);
  return { year: utc.getUTCFullYear(), month: utc.getUTCMonth(), day: utc.getUTCDate(), weekday: utc.getUTCDay() };
}

export interface DateFormat {
  /** jeudi 10 décembre 2026. */
  weekday?: boolean;
  /** 1er déc. 2026, for narrow columns. */
  short?: boolean;
}

/** 10 décembre 2026, 1er décembre 2026; with `weekday`, jeudi 10 décembre 2026. The day never leaves its month. */
export function formatDate(date: string | Date, { weekday = false, short = false }: DateFormat = {}): string {
  const d = calendarDate(date);
  const day = d.day === 1 ? '1er' : String(d.day);
  const month = (short ? SHORT_MONTHS : MONTHS)[d.month];
  return `${weekday ? `${WEEKDAYS[d.weekday]} ` : ''}${day}${NBSP}${month} ${d.year}`;
}

/** 14 h 30, 9 h 05, 14 h — from "14:30" or a Date (local time); the spaces do not break. */
export function formatTime(time: string | Date): string {
  let hours: number;
  let minutes: number;
  if (typeof time === 'string') {
    const match = /^(\d{1,2}):(\d{2})/.exec(time);
    hours = Number(match?.[1]);
    minutes = Number(match?.[2]);
    if (!match || hours > 23 || minutes > 59) throw new RangeError(`Heure invalide : ${time}`);
  } else {
    hours = time.getHours();
    minutes = time.getMinutes();
  }
  return minutes === 0 ? `${hours}${NBSP}h` : `${hours}${NBSP}h${NBSP}${String(minutes).padStart(2, '0')}`;
}

/** Spaces a user may type where a no-break space belongs. */
const SPACES = '[ \\t\\u00a0\\u202f\\u2009]';
/** What may stand right before a high punctuation mark that lacks its space. */
const WORD_END = '[\\p{L}\\p{N})\\]»’]';
const UNIT = '(?:€|%|‰|k€|M€|km|m|m²|cm|mm|kg|g|h|min|ha|ans?|mois|jours?|heures?|ETP)';

const RULES: [RegExp, string | ((match: string) => string)][] = [
  // l'ARS → l’ARS (an apostrophe between letters, never a quotation mark).
  [/(?<=\p{L})'(?=[\p{L}\p{N}])/gu, '’'],
  // Guillemets first: the marks they enclose then see their no-break space.
  [new RegExp(`«${SPACES}*(?=\\S)`, 'gu'), `«${NBSP}`],
  [new RegExp(`(?<=\\S)${SPACES}*»`, 'gu'), `${NBSP}»`],
  // Spaces typed before ; ! ? become narrow no-break spaces; a missing one is added when the
  // mark ends a word, so that URLs (page?id=3), times (14:30) and « ?! » stay as they are.
  [new RegExp(`(?<=\\S)${SPACES}+(?=[;!?])`, 'gu'), NARROW_NBSP],
  [new RegExp(`(?<=${WORD_END})(?=[;!?](?:\\s|$|[!?»)]))`, 'gu'), NARROW_NBSP],
  [new RegExp(`(?<=\\S)${SPACES}+(?=:)`, 'gu'), NBSP],
  [new RegExp(`(?<=${WORD_END})(?=:(?:\\s|$))`, 'gu'), NBSP],
  // 20 000 → 20 000 with U+202F, then 20 000 € → U+00A0 before the unit, added before € % ‰.
  [
    new RegExp(`(?<![\\d,.])\\d{1,3}(?:${SPACES}\\d{3})+(?!\\d)`, 'gu'),
    (figures) => figures.replace(new RegExp(SPACES, 'gu'), NARROW_NBSP),
  ],
  [new RegExp(`(?<=\\d)${SPACES}*(?=[€%‰])`, 'gu'), NBSP],
  [new RegExp(`(?<=\\d)${SPACES}(?=${UNIT}(?![\\p{L}\\p{N}]))`, 'gu'), NBSP],
  // 14 h 30, 3 mars, n° 12, M. Dupont, Mme Durand: never split across lines.
  [new RegExp(`(?<=\\d${NBSP}h)${SPACES}(?=\\d{2}(?!\\d))`, 'gu'), NBSP],
  [new RegExp(`(?<=\\b(?:1er|\\d{1,2}))${SPACES}(?=(?:${MONTHS.join('|')})(?!\\p{L}))`, 'gu'), NBSP],
  [new RegExp(`(?<=\\bn°)${SPACES}*(?=\\d)`, 'gu'), NBSP],
  [new RegExp(`(?<=(?:^|\\s)(?:M\\.|MM\\.|Mme|Mmes|Mlle|Dr|Pr|Me))${SPACES}(?=\\p{Lu})`, 'gu'), NBSP],
];

/**
 * "texte" → «texte» (the rules then space it). Every mark must pair up, opening after a space
 * and closing before one, or none changes: an inch mark (écran 24") or a quotation left open.
 */
function guillemets(text: string): string {
  const marks = [...text.matchAll(/"/g)].map((m) => m.index);
  if (marks.length === 0 || marks.length % 2 === 1) return text;
  const opens = (at: number) => /^$|[\s([—–]/u.test(text[at - 1] ?? '') && /[^\s"]/u.test(text[at + 1] ?? '');
  const closes = (at: number) => /[^\s"]/u.test(text[at - 1] ?? '') && !/[\p{L}\p{N}]/u.test(text[at + 1] ?? '');
  if (!marks.every((at, k) => (k % 2 === 0 ? opens(at) : closes(at)))) return text;
  let k = 0;
  return text.replace(/"/g, () => (k++ % 2 === 0 ? '«' : '»'));
}

/**
 * French typography of a text typed by a person: the no-break spaces above, ’ for the
 * apostrophe, « » for straight quotation marks. Idempotent; text without any of these marks
 * comes back unchanged.
 */
export function frenchTypography(text: string): string {
  let result = guillemets(text.normalize('NFC'));
  for (const [pattern, replacement] of RULES) {
    result = typeof replacement === 'string' ? result.replace(pattern, replacement) : result.replace(pattern, replacement);
  }
  return result;
}

/** A text a person typed, closed as a sentence: a full stop added unless it ends with . ! ? or …, even inside » or ). */
export function closedSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…][\s»)\u00a0\u202f]*$/u.test(trimmed) || trimmed === '' ? trimmed : `${trimmed}.`;
}
