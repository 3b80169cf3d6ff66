/**
 * XLSX workbooks, read as they are inflated: the shared strings and the date styles first, then
 * each sheet in the workbook's order, row by row. Only the cells' values are kept, never the
 * sheet's XML or a model of the workbook, so a 100,000-dossier export fits in memory.
 */
import { refuse, type Cell, type SourceRow } from './table';
import { attribute, XmlTokenizer, type XmlHandler } from './xml';
import { readEntryText, zipEntries, type ZipEntry } from './zip';

export interface Sheet {
  name: string;
  rows: SourceRow[];
}

type Entries = Map<string, ZipEntry>;

function parse(bytes: Uint8Array, entry: ZipEntry, handler: XmlHandler): void {
  const tokenizer = new XmlTokenizer(handler);
  readEntryText(bytes, entry, (text) => tokenizer.write(text));
  tokenizer.end();
}

/** "xl/worksheets/sheet1.xml" from a relationship's target, relative to the part's folder. */
function resolvePath(folder: string, target: string): string {
  const parts = target.startsWith('/') ? [] : folder.split('/').filter(Boolean);
  for (const part of target.split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return parts.join('/');
}

/** A part's relationships: id → { type, path }. */
function relationships(bytes: Uint8Array, entries: Entries, part: string): Map<string, { type: string; path: string }> {
  const slash = part.lastIndexOf('/');
  const folder = part.slice(0, slash + 1);
  const entry = entries.get(`${folder}_rels/${part.slice(slash + 1)}.rels`.toLowerCase());
  const found = new Map<string, { type: string; path: string }>();
  if (!entry) return found;
  parse(bytes, entry, {
    open(name, attributes) {
      if (name !== 'Relationship') return;
      const id = attribute(attributes, 'Id');
      const target = attribute(attributes, 'Target');
      if (id === undefined || target === undefined || attribute(attributes, 'TargetMode') === 'External') return;
      found.set(id, { type: attribute(attributes, 'Type') ?? '', path: resolvePath(folder, target) });
    },
    close() {},
    text() {},
  });
  return found;
}

const ofType = (rels: Map<string, { type: string; path: string }>, type: string) =>
  [...rels.values()].find((rel) => rel.type.endsWith(`/${type}`))?.path;

/**
 * A copy of a text cut from an inflated piece: a slice would keep the whole piece alive for as
 * long as the cell, and the cells live until the import ends.
 */
const own = (text: string) => (text.length < 13 ? text : (' ' + text).slice(1));

/** Excel's "_x000D_": characters XML cannot carry, in a string's text. */
const decodeEscapes = (text: string) =>
  text.includes('_x') ? text.replace(/_x([0-9A-F]{4})_/g, (_, code: string) => String.fromCharCode(parseInt(code, 16))) : text;

/**
 * Collects the text of `<t>` elements, rich text runs joined, phonetic guides (`<rPh>`) left out:
 * the content of a shared string or of an inline one.
 */
class StringText {
  private inText = false;
  private phonetic = 0;
  value = '';

  /** A self-closing element is opened then closed at once. */
  open(name: string): void {
    if (name === 't') this.inText = true;
    else if (name === 'rPh') this.phonetic++;
  }

  close(name: string): void {
    if (name === 't') this.inText = false;
    else if (name === 'rPh') this.phonetic--;
  }

  text(text: string): void {
    if (this.inText && !this.phonetic) this.value += text;
  }

  take(): string {
    const value = decodeEscapes(this.value);
    this.value = '';
    return value;
  }
}

function sharedStrings(bytes: Uint8Array, entry: ZipEntry | undefined): string[] {
  const strings: string[] = [];
  if (!entry) return strings;
  const current = new StringText();
  parse(bytes, entry, {
    open(name) {
      if (name === 'si') current.value = '';
      current.open(name);
    },
    close(name) {
      current.close(name);
      if (name === 'si') strings.push(own(current.take()));
    },
    text: (text) => current.text(text),
  });
  return strings;
}

/** Built-in number formats that show a date or a time (ECMA-376, 18.8.30). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A format code shows a date when, outside literals and [colours], it has a date or time token. */
export function isDateFormat(code: string): boolean {
  return /[ymdhsb]/i.test(code.replace(/\\.|"[^"]*"|\[[^\]]*]|_.|\*./g, ''));
}

/** For each cell style (the `s` of a cell), whether its number format is a date's. */
function dateStyles(bytes: Uint8Array, entry: ZipEntry | undefined): boolean[] {
  const formats = new Map<number, string>();
  const styles: number[] = [];
  let inCellStyles = false;
  if (entry) {
    parse(bytes, entry, {
      open(name, attributes) {
        if (name === 'numFmt') formats.set(Number(attribute(attributes, 'numFmtId')), attribute(attributes, 'formatCode') ?? '');
        else if (name === 'cellXfs') inCellStyles = true;
        else if (name === 'xf' && inCellStyles) styles.push(Number(attribute(attributes, 'numFmtId') ?? 0));
      },
      close(name) {
        if (name === 'cellXfs') inCellStyles = false;
      },
      text() {},
    });
  }
  return styles.map((id) => (formats.has(id) ? isDateFormat(formats.get(id)!) : DATE_FORMAT_IDS.has(id)));
}

/** Spreadsheet serial day number to its instant, as exceljs reads it. */
function serialDate(serial: number, date1904: boolean): Date | null {
  const date = new Date(Math.round((serial - 25_569 + (date1904 ? 1_462 : 0)) * 86_400_000));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "AB12" → 27: the 0-based column of a cell reference. */
function columnOf(reference: string): number {
  let column = 0;
  for (let i = 0; i < reference.length; i++) {
    const c = reference.charCodeAt(i) | 32;
    if (c < 97 || c > 122) break;
    column = column * 26 + (c - 96);
  }
  return column - 1;
}

interface WorkbookContext {
  strings: string[];
  dates: boolean[];
  date1904: boolean;
}

/** One sheet's rows; rows with no value (styled, or emptied) are left out. */
function readSheet(bytes: Uint8Array, entry: ZipEntry, { strings, dates, date1904 }: WorkbookContext): SourceRow[] {
  const rows: SourceRow[] = [];
  let line = 0;
  let cells: Cell[] = [];
  let formulas: number[] = [];
  let column = -1;
  let type = '';
  let style = 0;
  let formula = false;
  let value: string | null = null;
  let inValue = false;
  let inline: StringText | null = null;

  function cellValue(): Cell {
    if (value === null || value === '') return null;
    switch (type) {
      case 's':
        return strings[Number(value)] ?? null;
      case 'str':
      case 'inlineStr':
      case 'e':
        return own(value);
      case 'b':
        return Number(value) !== 0;
      case 'd': {
        const date = new Date(value);
        return Number.isNaN(date.getTime()) ? own(value) : date;
      }
      default: {
        const number = Number(value);
        if (Number.isNaN(number)) return own(value);
        return dates[style] ? serialDate(number, date1904) : number;
      }
    }
  }

  parse(bytes, entry, {
    open(name, attributes) {
      if (inline) inline.open(name);
      switch (name) {
        case 'row': {
          const r = attribute(attributes, 'r');
          line = r === undefined ? line + 1 : Number(r);
          cells = [];
          formulas = [];
          column = -1;
          break;
        }
        case 'c': {
          const r = attribute(attributes, 'r');
          column = r === undefined ? column + 1 : columnOf(r);
          type = attribute(attributes, 't') ?? 'n';
          const s = attribute(attributes, 's');
          style = s === undefined ? 0 : Number(s);
          formula = false;
          value = null;
          inline = null;
          break;
        }
        case 'f':
          formula = true;
          break;
        case 'v':
          inValue = true;
          value = '';
          break;
        case 'is':
          inline = new StringText();
          break;
      }
    },
    close(name) {
      if (name === 'is') {
        // Kept until the cell closes: its text is the cell's value.
        const text = inline;
        inline = null;
        value = text ? text.take() : null;
        type = 'inlineStr';
        return;
      }
      if (inline) inline.close(name);
      else if (name === 'v') inValue = false;
      else if (name === 'c' && column >= 0) {
        const cell = cellValue();
        if (cell !== null || formula) {
          while (cells.length < column) cells.push(null);
          cells[column] = cell;
          if (formula) formulas.push(column);
        }
      } else if (name === 'row' && cells.length) {
        // A copy at its exact length: an array grown cell by cell keeps up to half as many slots spare.
        const kept = cells.slice();
        rows.push(formulas.length ? { line, cells: kept, formulas } : { line, cells: kept });
      }
    },
    text(text) {
      if (inline) inline.text(text);
      else if (inValue) value += text;
    },
  });
  return rows;
}

/** Every sheet, in the workbook's order, each row numbered as the spreadsheet numbers it. */
export async function readXlsx(bytes: Uint8Array, fileName: string): Promise<Sheet[]> {
  try {
    const entries = zipEntries(bytes);
    const root = relationships(bytes, entries, '');
    const workbookPath = ofType(root, 'officeDocument') ?? 'xl/workbook.xml';
    const workbook = entries.get(workbookPath.toLowerCase());
    if (!workbook) throw new Error('pas de classeur');
    const rels = relationships(bytes, entries, workbookPath);
    const listed: { name: string; rel?: { type: string; path: string } }[] = [];
    let date1904 = false;
    parse(bytes, workbook, {
      open(name, attributes) {
        if (name === 'workbookPr') date1904 = ['1', 'true'].includes(attribute(attributes, 'date1904') ?? '');
        // The relationship id is "r:id", whatever the prefix.
        if (name === 'sheet') listed.push({ name: attribute(attributes, 'name') ?? '', rel: rels.get(attribute(attributes, 'id') ?? '') });
      },
      close() {},
      text() {},
    });
    const entryOf = (path: string | undefined) => (path === undefined ? undefined : entries.get(path.toLowerCase()));
    const context: WorkbookContext = {
      strings: sharedStrings(bytes, entryOf(ofType(rels, 'sharedStrings'))),
      dates: dateStyles(bytes, entryOf(ofType(rels, 'styles'))),
      date1904,
    };
    // Chart sheets and dialog sheets have no cells: only worksheets are read.
    return listed.flatMap(({ name, rel }) => {
      const entry = rel?.type.endsWith('/worksheet') ? entryOf(rel.path) : undefined;
      return entry ? [{ name, rows: readSheet(bytes, entry, context) }] : [];
    });
  } catch {
    throw refuse(`Le classeur « ${fileName} » est endommagé ou incomplet : il ne peut pas être lu.`);
  }
}
