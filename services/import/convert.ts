/**
 * Cells to the values the schema expects, per kind of target field. A blank cell gives
 * `undefined`, so that the schema's default applies; anything unreadable gives a French reason.
 */
import {
  dsStateLabels,
  dsStates,
  structureTypes,
  type DsState,
  type StructureType,
  type Zoning,
} from '../../shared/dossier';
import { normalizeHeader, type ValueKind } from '../../shared/import-mapping';
import { isBlank, type Cell } from './table';

export type Conversion = { ok: true; value: unknown } | { ok: false; error: string };

const ok = (value: unknown): Conversion => ({ ok: true, value });
const fail = (error: string): Conversion => ({ ok: false, error });

function shown(cell: Cell): string {
  return `« ${cell instanceof Date ? cell.toISOString() : String(cell)} »`;
}

// --- Dates and instants -------------------------------------------------------------------

/** DS runs on Paris time: its exports write instants with the Paris offset of the day. */
const paris = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/** Paris's offset only changes on the hour: one Intl call per hour of the file, not per cell. */
const parisOffsets = new Map<number, { offset: string; seconds: number }>();

function parisOffset(epoch: number): { offset: string; seconds: number } {
  const hour = Math.floor(epoch / 3_600_000);
  let found = parisOffsets.get(hour);
  if (!found) {
    const zone = paris.formatToParts(new Date(hour * 3_600_000)).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
    const offset = zone === 'GMT' ? '+00:00' : zone.slice(3);
    const [, sign, h, m, sec] = /^([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(offset) ?? [];
    found = { offset, seconds: (sign === '-' ? -1 : 1) * (Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(sec ?? 0)) };
    if (parisOffsets.size > 100_000) parisOffsets.clear();
    parisOffsets.set(hour, found);
  }
  return found;
}

function parisParts(date: Date): { date: string; time: string; offset: string } {
  const { offset, seconds } = parisOffset(date.getTime());
  const wall = new Date(date.getTime() + seconds * 1000);
  return {
    date: `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`,
    time: `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`,
    offset,
  };
}

function offsetMinutes(offset: string): number {
  if (/^z$/i.test(offset)) return 0;
  const [, sign, hours, minutes] = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset) ?? [];
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes ?? 0));
}

/** ISO 8601 with the Paris offset: "2026-10-02T10:12:01+02:00". */
export function formatInstant(date: Date): string {
  const { date: day, time, offset } = parisParts(date);
  return `${day}T${time}${offset}`;
}

/** The epoch of a wall-clock time, or NaN if no such date or time exists (30 February, 25:00). */
function wallClock(parts: number[], offset?: string): number {
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = parts;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  const exists =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day &&
    check.getUTCHours() === hour &&
    check.getUTCMinutes() === minute &&
    check.getUTCSeconds() === second;
  if (!exists) return NaN;
  if (offset !== undefined) return utc - offsetMinutes(offset) * 60_000;
  // No offset written: Paris time. The offset of the guess is right except around a change of time.
  const guess = utc - parisOffset(utc).seconds * 1000;
  return utc - parisOffset(guess).seconds * 1000;
}

/** Spreadsheet serial day number (1900 system) to its instant: typed cells that lost their format. */
function fromSerial(serial: number): Date | undefined {
  return serial > 0 && serial < 2_958_466 ? new Date(Math.round((serial - 25_569) * 86_400) * 1000) : undefined;
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T\s])/;
const FRENCH_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?=$|\s)/;
const ISO_INSTANT =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const FRENCH_INSTANT = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(?:à\s+)?(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$/i;

/** A spreadsheet date, typed or as a serial: spreadsheets carry no time zone, DS writes UTC. */
function typedDate(cell: Cell): Date | undefined {
  if (cell instanceof Date) return cell;
  return typeof cell === 'number' ? fromSerial(cell) : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');

function toDate(cell: Cell): Conversion {
  const typed = typedDate(cell);
  if (typed) return ok(parisParts(typed).date);
  const raw = String(cell).trim();
  const iso = ISO_DATE.exec(raw);
  const french = iso ? null : FRENCH_DATE.exec(raw);
  const parts = iso ? [iso[1], iso[2], iso[3]] : french ? [french[3], french[2], french[1]] : undefined;
  if (!parts) return fail(`${shown(cell)} n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA).`);
  const [year, month, day] = parts.map(Number) as [number, number, number];
  if (Number.isNaN(wallClock([year, month, day], 'Z'))) return fail(`${shown(cell)} n'est pas une date qui existe.`);
  return ok(`${year}-${pad(month)}-${pad(day)}`);
}

/** "+0200", "-04", "-04:00" as "+02:00", "-04:00". */
function isoOffset(offset: string): string {
  const minutes = Math.abs(offsetMinutes(offset));
  return `${offset.startsWith('-') ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * An instant as ISO 8601. A numeric offset written by the file is kept: it is the sponsor's own
 * (Martinique deposits at 21:30 −04:00 on 20 October stay on the 20th, which is what
 * `slice(0, 10)` then reads). Without one (or with Z, nobody's calendar here), Paris time, DS's.
 */
function toInstant(cell: Cell): Conversion {
  const typed = typedDate(cell);
  if (typed) return ok(formatInstant(typed));
  const raw = String(cell).trim();
  const iso = ISO_INSTANT.exec(raw);
  const french = iso ? null : FRENCH_INSTANT.exec(raw);
  const parts = iso ? iso.slice(1, 7) : french ? [french[3], french[2], french[1], ...french.slice(4, 7)] : undefined;
  if (!parts) return fail(`${shown(cell)} n'est pas une date et heure (AAAA-MM-JJ HH:MM:SS +0100 ou JJ/MM/AAAA HH:MM).`);
  const numbers = parts.map((p) => Number(p ?? 0));
  const offset = iso?.[7];
  const epoch = wallClock(numbers, offset);
  if (Number.isNaN(epoch)) return fail(`${shown(cell)} n'est pas une date et heure qui existe.`);
  if (!offset || /^z$/i.test(offset)) return ok(formatInstant(new Date(epoch)));
  const [year, month, day, hour, minute, second] = numbers as [number, number, number, number, number, number];
  return ok(`${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${isoOffset(offset)}`);
}

// --- Numbers ------------------------------------------------------------------------------

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * "35000.0", "35 000,50" (plain, non-breaking or narrow no-break spaces), "20 000 €",
 * "1.234,56" and "1,234.56": a lone comma is the French decimal separator.
 */
export function parseNumber(raw: string): number | undefined {
  // What exports mostly hold, "20000.0", reads as JavaScript reads it.
  if (PLAIN_NUMBER.test(raw)) return Number(raw);
  let s = raw.replace(/\s/g, '').replace(/(€|eur|euros)$/i, '');
  if (/^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(s) || /^[+-]?\d{1,3}(\.\d{3}){2,}$/.test(s)) s = s.replace(/\./g, '');
  else if (/^[+-]?\d{1,3}(,\d{3})+\.\d+$/.test(s) || /^[+-]?\d{1,3}(,\d{3}){2,}$/.test(s)) s = s.replace(/,/g, '');
  s = s.replace(',', '.');
  return /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(s) ? Number(s) : undefined;
}

function toNumber(cell: Cell): Conversion {
  if (typeof cell === 'number') return ok(cell);
  const value = typeof cell === 'string' ? parseNumber(cell) : undefined;
  return value === undefined ? fail(`${shown(cell)} n'est pas un nombre.`) : ok(value);
}

// --- Codes and labels ---------------------------------------------------------------------

const TRUE = new Set(['oui', 'o', 'yes', 'y', 'true', 'vrai', 'on', '1', 'x']);
const FALSE = new Set(['non', 'n', 'no', 'false', 'faux', 'off', '0']);

function toBoolean(cell: Cell): Conversion {
  if (typeof cell === 'boolean') return ok(cell);
  const key = normalizeHeader(String(cell));
  if (TRUE.has(key)) return ok(true);
  if (FALSE.has(key)) return ok(false);
  return fail(`${shown(cell)} n'est pas une réponse oui/non (Oui, Non, on, off, true, false, 1, 0).`);
}

const dsStateNames = new Map<string, DsState>([
  ...dsStates.map((state) => [state.replace(/_/g, ' '), state] as const),
  ...dsStates.map((state) => [normalizeHeader(dsStateLabels[state]), state] as const),
  ['sans suite', 'sans_suite'],
]);

function toDsState(cell: Cell): Conversion {
  const state = dsStateNames.get(normalizeHeader(String(cell)).replace(/_/g, ' '));
  return state
    ? ok(state)
    : fail(`${shown(cell)} n'est pas un état Démarches Simplifiées (en construction, en instruction, accepté, refusé, classé sans suite).`);
}

const structurePrefixes: [string, StructureType][] = [
  ['equipe de soins primaires', 'ESP'],
  ['maison de sante', 'MSP'],
  ['communaute professionnelle territoriale', 'CPTS'],
  ['centre de sante', 'CDS'],
  ['centre municipal de sante', 'CDS'],
];

function toStructureType(cell: Cell): Conversion {
  const key = normalizeHeader(String(cell));
  // "Équipe de soins primaires (ESP)": the code in brackets decides.
  const code = (/\(([a-z]+)\)$/.exec(key)?.[1] ?? key).toUpperCase();
  const type =
    structureTypes.find((t) => t === code) ?? structurePrefixes.find(([prefix]) => key.startsWith(prefix))?.[1];
  return type ? ok(type) : fail(`${shown(cell)} n'est pas un type de structure reconnu (ESP, MSP, CPTS ou centre de santé).`);
}

function toCivility(cell: Cell): Conversion {
  const key = normalizeHeader(String(cell)).replace(/\.$/, '');
  if (['mme', 'madame', 'mlle', 'mademoiselle'].includes(key)) return ok('Mme');
  if (['m', 'monsieur', 'mr'].includes(key)) return ok('M.');
  return fail(`${shown(cell)} n'est pas une civilité reconnue (Mme ou M.).`);
}

/** The form's "Aucune" answer means the team has no legal entity yet. */
const NO_LEGAL_FORM = new Set(['aucune', 'aucun', 'neant', 'sans', 'sans objet', 'non', 'pas de structure']);

function toLegalForm(cell: Cell): Conversion {
  const value = asText(cell).trim();
  return ok(NO_LEGAL_FORM.has(normalizeHeader(value)) ? '' : value);
}

/** "02 – Aisne", "2A – Corse-du-Sud", "971", or "2" once a spreadsheet dropped the leading zero. */
function toDepartment(cell: Cell): Conversion {
  const code = /^(\d{2,3}|2[AB]|\d)(?=$|[\s–—-])/i.exec(asText(cell).trim())?.[1]?.toUpperCase();
  return code
    ? ok(code.padStart(2, '0'))
    : fail(`${shown(cell)} n'est pas un département (par exemple « 02 – Aisne », « 2A » ou « 971 »).`);
}

/** An INSEE code; four digits are a code whose leading zero a spreadsheet dropped (02381 → 2381). */
function toCommuneCode(cell: Cell): Conversion {
  const raw = asText(cell).trim().toUpperCase();
  const code = /^\d{4}$/.test(raw) ? `0${raw}` : raw;
  return /^(\d{5}|2[AB]\d{3})$/.test(code)
    ? ok(code)
    : fail(`${shown(cell)} n'est pas un code INSEE de commune (5 caractères, par exemple 02381 ou 2A004).`);
}

function toZoning(cell: Cell): Conversion {
  const key = normalizeHeader(String(cell));
  const zoning: Zoning | undefined =
    key === 'zip' || key.startsWith("zone d'intervention prioritaire")
      ? 'ZIP'
      : key === 'zac' || key.startsWith("zone d'action complementaire")
        ? 'ZAC'
        : ['hors zonage', 'hors zone', 'hz', 'non zone', 'aucun', 'none', 'non'].includes(key)
          ? 'none'
          : undefined;
  return zoning ? ok(zoning) : fail(`${shown(cell)} n'est pas un zonage reconnu (ZIP, ZAC ou hors zonage).`);
}

/**
 * RPPS, ADELI, SIRET: digits kept as text. A spreadsheet that showed a SIRET as "5,59677E+13" has
 * lost its last digits for good, so say so rather than import a wrong number.
 */
function toIdentifier(cell: Cell): Conversion {
  if (typeof cell === 'number' && Number.isInteger(cell)) return ok(cell.toFixed(0));
  const raw = asText(cell).replace(/\s/g, '');
  return /^\d+([.,]\d+)?e\+?\d+$/i.test(raw)
    ? fail(`${shown(cell)} est un numéro abîmé par le tableur (notation scientifique) : exportez de nouveau le fichier depuis Démarches Simplifiées.`)
    : ok(raw);
}

/** Text as the user reads it: one kind of line break, typed values written the usual way. */
function asText(cell: Cell): string {
  if (typeof cell === 'string') return cell.includes('\r') ? cell.replace(/\r\n?/g, '\n') : cell;
  if (typeof cell === 'boolean') return cell ? 'Oui' : 'Non';
  if (cell instanceof Date) {
    return cell.getTime() % 86_400_000 === 0 ? parisParts(cell).date : formatInstant(cell);
  }
  return cell === null ? '' : String(cell);
}

/** DS joins the choices of a multiple list, and the names of attached files, with ", ". */
function toList(cell: Cell): Conversion {
  return ok(
    asText(cell)
      .split(/[,;]\s+|\n/)
      .map((item) => item.trim())
      .filter(Boolean),
  );
}

/**
 * Labels repeat down a column (« Oui », « En instruction », « Mme »): each distinct text is
 * converted once. Bounded, so that a column of free text does not fill memory.
 */
function memoized(convert: (cell: Cell) => Conversion): (cell: Cell) => Conversion {
  const seen = new Map<string, Conversion>();
  return (cell) => {
    if (typeof cell !== 'string') return convert(cell);
    let result = seen.get(cell);
    if (result === undefined) {
      result = convert(cell);
      if (seen.size < 1000) seen.set(cell, result);
    }
    return result;
  };
}

const converters: Record<ValueKind, (cell: Cell) => Conversion> = {
  text: (cell) => ok(asText(cell)),
  identifier: toIdentifier,
  integer: toNumber,
  amount: toNumber,
  decimal: toNumber,
  boolean: memoized(toBoolean),
  date: toDate,
  instant: toInstant,
  list: toList,
  dsState: memoized(toDsState),
  structureType: memoized(toStructureType),
  civility: memoized(toCivility),
  legalForm: memoized(toLegalForm),
  department: memoized(toDepartment),
  communeCode: toCommuneCode,
  communeLabel: (cell) => ok(asText(cell).replace(/\s*\(\d{5}\)\s*$/, '').trim()),
  zoning: memoized(toZoning),
};

const blank = ok(undefined);

export function convertCell(kind: ValueKind, cell: Cell | undefined): Conversion {
  return cell === undefined || isBlank(cell) ? blank : converters[kind](cell);
}
