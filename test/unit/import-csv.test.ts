import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readCsv, sniffSeparator } from '../../services/import/csv';
import { decodeText } from '../../services/import/text';
import { AppError } from '../../shared/result';

type Quoting = 'needed' | 'all';

/** Writes a table as a spreadsheet would: quotes when needed (or always), `""` for a quote. */
function writeCsv(rows: string[][], separator: string, newline: string, quoting: Quoting): string {
  const quote = (cell: string) =>
    quoting === 'all' || /["\r\n]/.test(cell) || cell.includes(separator) ? `"${cell.replace(/"/g, '""')}"` : cell;
  return rows.map((row) => row.map(quote).join(separator)).join(newline) + newline;
}

describe('readCsv', () => {
  it('numbers each record by the physical line it starts on', () => {
    const text = 'ID,Présentation,Montant\n1,"deux\nlignes",10\n2,"trois\r\nlignes\net plus",20\n\n3,simple,30\n';
    const { table, separator, problems } = readCsv(text, 'x.csv');
    expect(separator).toBe(',');
    expect(problems).toEqual([]);
    expect(table.headers).toEqual(['ID', 'Présentation', 'Montant']);
    expect(table.rows.map((row) => [row.line, row.cells[0]])).toEqual([
      [2, '1'],
      [4, '2'],
      [8, '3'],
    ]);
    expect(table.rows[1]!.cells[1]).toBe('trois\r\nlignes\net plus');
  });

  it('sniffs the separator from the header record, ignoring quoted ones', () => {
    expect(sniffSeparator('ID;"Nom, prénom";Montant\r\n1;"a, b";3')).toBe(';');
    expect(sniffSeparator('ID,Nom;Prénom,Montant\n')).toBe(',');
    expect(sniffSeparator('ID\tNom\tMontant\n')).toBe('\t');
    expect(sniffSeparator('ID\n1\n')).toBe(',');
  });

  it('leaves out, with a problem naming the line, a record with a wrong number of values', () => {
    const { table, problems } = readCsv('ID;Nom;Montant\r\n1;A;10\r\n2;B\r\n3;C;30;de trop\r\n4;D;40', 'x.csv');
    expect(table.rows.map((row) => row.line)).toEqual([2, 5]);
    expect(problems).toEqual([
      { line: 3, message: 'Ligne 3 : 2 valeurs au lieu de 3 (la ligne est incomplète) ; elle est ignorée.' },
      {
        line: 4,
        message:
          'Ligne 4 : 4 valeurs au lieu de 3 (une valeur contient sans doute un séparateur (point-virgule) hors guillemets) ; elle est ignorée.',
      },
    ]);
  });

  it('refuses a file whose quoted field never closes, naming the line where it opened', () => {
    const read = () => readCsv('ID,Présentation\n1,ok\n2,"tronqué\nau milieu', 'coupé.csv');
    expect(read).toThrow(AppError);
    expect(read).toThrow(
      "Le fichier « coupé.csv » est incomplet : le texte entre guillemets commencé ligne 3 n'est jamais refermé (fichier tronqué ?).",
    );
  });
});

describe('readCsv (property-based)', () => {
  const word = fc.stringMatching(/^[A-Za-zÀ-ÿ’'() ]{0,12}[A-Za-zÀ-ÿ]$/);
  const anyCell = fc.string({
    unit: fc.constantFrom('a', 'é', ' ', ',', ';', '\t', '"', '\n', '\r', '€', '’', '0', '.'),
    maxLength: 10,
  });

  it('gives back the cells and line of every record, whatever the separator, line ending and quoting', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }).chain((width) =>
          fc.record({
            headers: fc.uniqueArray(word, { minLength: width, maxLength: width }),
            rows: fc.array(fc.tuple(word, fc.array(anyCell, { minLength: width - 1, maxLength: width - 1 })), {
              minLength: 1,
              maxLength: 8,
            }),
          }),
        ),
        fc.constantFrom(',', ';', '\t'),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom<Quoting>('needed', 'all'),
        ({ headers, rows }, separator, newline, quoting) => {
          const records = rows.map(([first, rest]) => [first, ...rest]);
          const text = writeCsv([headers, ...records], separator, newline, quoting);
          const { table, problems, separator: sniffed } = readCsv(text, 'x.csv');
          expect(problems).toEqual([]);
          expect(sniffed).toBe(separator);
          expect(table.headers).toEqual(headers);
          expect(table.rows.map((row) => row.cells)).toEqual(records);
          // The physical line: one plus the line feeds written before the record.
          let line = 1 + writeCsv([headers], separator, newline, quoting).split('\n').length - 1;
          const lines = records.map((record) => {
            const start = line;
            line += writeCsv([record], separator, newline, quoting).split('\n').length - 1;
            return start;
          });
          expect(table.rows.map((row) => row.line)).toEqual(lines);
        },
      ),
    );
  });
});

describe('decodeText', () => {
  it('detects UTF-8 with and without BOM, Windows-1252 and UTF-16', () => {
    const text = 'Nom de l’équipe;Montant\r\nMSP Œuvre « 20 000 € »;1\r\n';
    expect(decodeText(Buffer.from(text))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ text, encoding: 'utf-8-bom' });
    expect(decodeText(iconv.encode(text, 'win1252'))).toEqual({ text, encoding: 'windows-1252' });
    expect(decodeText(iconv.encode(text, 'utf-16le', { addBOM: true }))).toEqual({ text, encoding: 'utf-16le' });
  });

  // Accented letters inside words: how French text looks, and never valid UTF-8 once in 1252.
  const frenchWord = fc
    .array(fc.tuple(fc.constantFrom('', 'é', 'è', 'à', 'ç', 'ô', 'É', 'œ', '’', '«', '€'), fc.constantFrom('a', 'e', 'r', 's', 'T')), {
      minLength: 1,
      maxLength: 12,
    })
    .map((pairs) => pairs.map(([accent, letter]) => accent + letter).join(''));
  const frenchText = fc.array(frenchWord, { minLength: 1, maxLength: 20 }).map((words) => words.join(' '));

  it('reads back any French text saved as Windows-1252, UTF-8 or UTF-8 with BOM', () => {
    fc.assert(
      fc.property(frenchText, (text) => {
        const windows = decodeText(iconv.encode(text, 'win1252'));
        expect(windows.text).toBe(text);
        expect(windows.encoding).toBe(/[^\x00-\x7f]/.test(text) ? 'windows-1252' : 'utf-8'); // eslint-disable-line no-control-regex
        expect(decodeText(Buffer.from(text, 'utf8')).text).toBe(text);
        expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toEqual({
          text,
          encoding: 'utf-8-bom',
        });
      }),
    );
  });
});
