/**
 * OpenDocument spreadsheets (exceljs cannot read them): content.xml out of the zip with fflate,
 * its tables walked with fast-xml-parser.
 */
import { unzipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import { refuse, type Cell, type SourceRow } from './table';
import type { Sheet } from './xlsx';

/** fast-xml-parser's ordered form: one key for the element, ':@' for its attributes. */
type XmlNode = { [name: string]: XmlNode[] | string | Record<string, string> | undefined } & {
  ':@'?: Record<string, string>;
  '#text'?: string;
};

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
});

/** LibreOffice pads sheets with a million empty rows and 16,384 empty columns: never expand blanks. */
const MAX_REPEAT = 1000;

function nameOf(node: XmlNode): string {
  return Object.keys(node).find((key) => key !== ':@') ?? '';
}

function childrenOf(node: XmlNode): XmlNode[] {
  const children = node[nameOf(node)];
  return Array.isArray(children) ? children : [];
}

/** The text of a paragraph: spaces, tabs and line breaks are elements in ODF. */
function paragraphText(nodes: XmlNode[]): string {
  let text = '';
  for (const node of nodes) {
    const name = nameOf(node);
    if (name === '#text') text += String(node['#text']);
    else if (name === 'text:s') text += ' '.repeat(Number(node[':@']?.['text:c'] ?? 1));
    else if (name === 'text:tab') text += '\t';
    else if (name === 'text:line-break') text += '\n';
    else if (name !== 'office:annotation') text += paragraphText(childrenOf(node));
  }
  return text;
}

/** Date values carry no time zone: read as UTC wall-clock, like an XLSX serial. Unreadable: as written. */
function odsDate(value: string): Cell {
  const date = new Date(/T/.test(value) ? (/(Z|[+-]\d\d:\d\d)$/.test(value) ? value : `${value}Z`) : `${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? value : date;
}

function cellValue(node: XmlNode): Cell {
  const attributes = node[':@'] ?? {};
  switch (attributes['office:value-type']) {
    case 'float':
    case 'percentage':
    case 'currency':
      return Number(attributes['office:value']);
    case 'date':
      return odsDate(attributes['office:date-value'] ?? '');
    case 'boolean':
      return attributes['office:boolean-value'] === 'true';
  }
  const paragraphs = childrenOf(node).filter((child) => ['text:p', 'text:h'].includes(nameOf(child)));
  return paragraphs.length ? paragraphs.map((p) => paragraphText(childrenOf(p))).join('\n') : null;
}

/** The cells of a row, and which of them a formula computed (its cached value is read). */
function rowCells(row: XmlNode): Pick<SourceRow, 'cells' | 'formulas'> {
  const cells: Cell[] = [];
  const formulas: number[] = [];
  let column = 0;
  for (const node of childrenOf(row)) {
    const name = nameOf(node);
    if (name !== 'table:table-cell' && name !== 'table:covered-cell') continue;
    const repeat = Number(node[':@']?.['table:number-columns-repeated'] ?? 1);
    const value = cellValue(node);
    const formula = node[':@']?.['table:formula'] !== undefined;
    if (value !== null && value !== '') {
      while (cells.length < column) cells.push(null);
      for (let i = 0; i < Math.min(repeat, MAX_REPEAT); i++) cells.push(value);
    }
    if (formula) for (let i = 0; i < Math.min(repeat, MAX_REPEAT); i++) formulas.push(column + i);
    column += repeat;
  }
  return formulas.length ? { cells, formulas } : { cells };
}

/** Rows may sit inside header-row, row-group and rows containers. */
function collectRows(nodes: XmlNode[], rows: SourceRow[], next: { line: number }): void {
  for (const node of nodes) {
    const name = nameOf(node);
    if (name === 'table:table-row') {
      const repeat = Number(node[':@']?.['table:number-rows-repeated'] ?? 1);
      const read = rowCells(node);
      if (read.cells.length) {
        for (let i = 0; i < Math.min(repeat, MAX_REPEAT); i++) rows.push({ line: next.line + i, ...read });
      }
      next.line += repeat;
    } else if (['table:table-header-rows', 'table:table-row-group', 'table:table-rows'].includes(name)) {
      collectRows(childrenOf(node), rows, next);
    }
  }
}

function findTables(nodes: XmlNode[], tables: XmlNode[] = []): XmlNode[] {
  for (const node of nodes) {
    if (nameOf(node) === 'table:table') tables.push(node);
    else findTables(childrenOf(node), tables);
  }
  return tables;
}

export function readOds(bytes: Uint8Array, fileName: string): Sheet[] {
  let content: Uint8Array | undefined;
  try {
    content = unzipSync(bytes, { filter: (file) => file.name === 'content.xml' })['content.xml'];
  } catch {
    content = undefined;
  }
  if (!content) throw refuse(`Le classeur « ${fileName} » est endommagé ou incomplet : il ne peut pas être lu.`);
  let document: XmlNode[];
  try {
    document = parser.parse(Buffer.from(content.buffer, content.byteOffset, content.byteLength)) as XmlNode[];
  } catch {
    throw refuse(`Le classeur « ${fileName} » est endommagé : son contenu XML est illisible.`);
  }
  return findTables(document).map((table) => {
    const rows: SourceRow[] = [];
    collectRows(childrenOf(table), rows, { line: 1 });
    return { name: table[':@']?.['table:name'] ?? '', rows };
  });
}
