import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bold, contentWidth, createDocument, italic } from '../../services/pdf';
import type { PdfDocument } from '../../services/pdf';
import { loadMarianne, sharedFontkit } from '../../services/pdf/fonts';
import { colors, page } from '../../services/pdf/style';
import { layoutLines, measureWords } from '../../services/pdf/text';
import { eurosInWords, formatDate, formatEuros } from '../../shared/french';
import { letter } from '../bench/pdf';

// One folder for the whole file: the sample document is written once and read by several tests.
let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'commission-pdf-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function run(tool: string, ...args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8' });
}

/** Poppler gives U+202F and U+00A0 back as spaces, and the thin space that stands for U+202F too. */
function flat(text: string): string {
  return text.replace(/[\s\u00a0\u202f\u2009]+/g, ' ').trim();
}

async function write(doc: PdfDocument, name = 'document.pdf'): Promise<string> {
  const file = join(folder, name);
  writeFileSync(file, await doc.save());
  return file;
}

function pageText(file: string, n: number): string {
  return flat(run('pdftotext', '-layout', '-f', String(n), '-l', String(n), file, '-'));
}

function pageCount(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', file))![1]);
}

const SIGNATURE = ['Pour le Directeur général et par délégation,', 'la directrice de l’offre de soins,', 'Claire Durand-Lefèvre'];

function signatureBlock(doc: PdfDocument): void {
  doc.keepTogether(() => {
    doc.paragraph(SIGNATURE[0]!, { indent: 250, align: 'left', spaceBefore: 14 });
    doc.paragraph(SIGNATURE[1]!, { indent: 250, align: 'left' });
    doc.spacer(30);
    doc.paragraph([bold(SIGNATURE[2]!)], { indent: 250, align: 'left' });
  });
}

const ROWS = 34;

/** Two pages: the letterhead, text with accents, amounts and runs, a table across the page break, a signature. */
async function sampleDocument(): Promise<PdfDocument> {
  const doc = await createDocument({
    title: 'Convention de financement – ESP « Les Tilleuls »',
    author: 'Agence régionale de santé Hauts-de-France',
    subject: 'Aide au démarrage des équipes de soins primaires',
    keywords: ['convention', 'FIR'],
    letterhead: {
      agency: 'Agence régionale de santé Hauts-de-France',
      direction: 'Direction de l’offre de soins',
      service: 'Service des soins de proximité',
      address: ['556 avenue Willy Brandt', '59777 Euralille'],
    },
    footer: 'Convention n° 2026-0142',
    createdAt: new Date(Date.UTC(2026, 11, 10, 9, 30)),
  });
  doc.heading('Article 2 – Montant de la subvention', 2);
  doc.paragraph(
    [
      "L'Agence régionale de santé attribue à l'équipe de soins primaires « Les Tilleuls » une subvention de ",
      bold(formatEuros(18500.5)),
      ` (${eurosInWords(18500.5)}), au titre du Fonds d'intervention régional, pour l'exercice ${2026}. `,
      italic('Ce montant est forfaitaire et non révisable.'),
      ` Il a été arrêté après l'avis favorable rendu par la commission le ${formatDate('2026-12-01')}, au vu du budget `,
      "prévisionnel présenté par l'équipe et des dépenses éligibles décrites à l'article 3 : ingénierie de projet, ",
      "système d'information labellisé, mobilier et logistique. Ces dépenses sont détaillées ci-après; leur total ",
      'peut différer du montant attribué, la subvention ne couvrant qu’une partie du coût du projet.',
    ],
    { firstLineIndent: 18 },
  );
  doc.heading('Article 3 – Dépenses éligibles', 2);
  doc.table({
    style: 'zebra',
    columns: [{ header: 'Poste de dépense', width: 4 }, { header: 'Catégorie', width: 2 }, { header: 'Montant', width: 1.5, align: 'right' }],
    rows: Array.from({ length: ROWS }, (_, i) => [
      `Dépense n° ${i + 1} : ${i % 3 === 0 ? 'accompagnement par un cabinet d’ingénierie de projet en santé' : 'poste de travail'}`,
      i % 2 ? 'Système d’information' : 'Ingénierie',
      formatEuros(125 * (i + 1)),
    ]),
    footer: ['Total', '', formatEuros((125 * ROWS * (ROWS + 1)) / 2)],
  });
  doc.paragraph('Fait à Lille, en deux exemplaires originaux.', { spaceBefore: 8 });
  signatureBlock(doc);
  return doc;
}

describe('a document laid out with Marianne', () => {
  let file: string;
  let bytes: Uint8Array;

  beforeAll(async () => {
    file = await write(await sampleDocument(), 'sample.pdf');
    bytes = readFileSync(file);
  });

  it('is a valid PDF of two numbered pages, Marianne embedded', () => {
    expect(run('qpdf', '--check', file)).toMatch(/No syntax or stream encoding errors/);
    expect(pageCount(file)).toBe(2);
    const fonts = run('pdffonts', file);
    for (const name of ['Marianne-Regular', 'Marianne-Bold', 'Marianne-RegularItalic']) {
      expect(fonts).toMatch(new RegExp(`${name}-\\d+\\s+CID Type 0C\\s+Identity-H\\s+yes`));
    }
    expect(pageText(file, 1)).toContain('Page 1 sur 2');
    expect(pageText(file, 2)).toContain('Page 2 sur 2');
    expect(pageText(file, 2)).toContain('Convention n° 2026-0142');
  });

  it('renders with its own fonts, without a substitute', () => {
    // Poppler prints "Embedded font file may be invalid" when it falls back to another font.
    const output = execFileSync('pdftoppm', ['-r', '20', '-png', file, join(folder, 'page')], { encoding: 'utf8', stdio: 'pipe' });
    expect(output).toBe('');
  });

  it('gives back the text: accents, amounts, guillemets, runs', () => {
    const layout = run('pdftotext', '-layout', file, '-');
    // The letterhead's two columns share lines in the layout mode.
    expect(layout).toMatch(/^RÉPUBLIQUE\s[\s\S]*^FRANÇAISE\s*$\s*^Liberté\s[\s\S]*^Égalité\s[\s\S]*^Fraternité\s/m);
    expect(layout).toMatch(/^\s+Agence régionale de santé Hauts-de-France$/m);
    const text = flat(layout);
    expect(text).toContain('équipe de soins primaires « Les Tilleuls » une subvention de 18 500,50 € (dix-huit mille cinq cents euros et cinquante centimes)');
    expect(text).toContain('Ce montant est forfaitaire et non révisable.');
    expect(text).toContain('ci-après ; leur total');
    expect(text).toContain('le 1er décembre 2026');
    expect(text).toContain(`Total ${flat(formatEuros((125 * ROWS * (ROWS + 1)) / 2))}`);
  });

  it('repeats the table header on both pages the table spans', () => {
    for (const n of [1, 2]) expect(pageText(file, n)).toMatch(/Poste de dépense Catégorie Montant/);
    expect(pageText(file, 1)).toContain('Dépense n° 1 :');
    expect(pageText(file, 2)).toContain(`Dépense n° ${ROWS} :`);
  });

  it('keeps the signature block on one page', () => {
    const last = pageText(file, 2);
    for (const line of SIGNATURE) expect(last).toContain(line);
  });

  it('justifies the paragraphs: every line but the last reaches the right margin', () => {
    const xml = run('pdftotext', '-bbox-layout', '-f', '1', '-l', '1', file, '-');
    const block = [...xml.matchAll(/<block[^>]*>([\s\S]*?)<\/block>/g)].find((b) => b[1]!.includes('>forfaitaire<'))![1]!;
    const right = [...block.matchAll(/<line xMin="([\d.]+)"[^>]*xMax="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(right.length).toBeGreaterThan(4);
    right.slice(0, -1).forEach(([, xMax]) => expect(xMax).toBeCloseTo(page.left + contentWidth, 0));
    expect(right[right.length - 1]![1]).toBeLessThan(page.left + contentWidth - 20);
    // The first line is indented.
    expect(right[0]![0]).toBeCloseTo(page.left + 18, 0);
  });

  it('writes the metadata in French, created by Commission', async () => {
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(pdf.getTitle()).toBe('Convention de financement – ESP « Les Tilleuls »');
    expect(pdf.getAuthor()).toBe('Agence régionale de santé Hauts-de-France');
    expect(pdf.getSubject()).toBe('Aide au démarrage des équipes de soins primaires');
    expect(pdf.getKeywords()).toBe('convention FIR');
    expect(pdf.getCreator()).toBe('Commission');
    expect(pdf.getCreationDate()?.toISOString()).toBe('2026-12-10T09:30:00.000Z');
    expect((pdf.catalog.get(PDFName.of('Lang')) as PDFString).decodeText()).toBe('fr-FR');
  });
});

describe('page breaks', () => {
  /** A letter whose signature block starts `fillers` short paragraphs down the first page. */
  async function filled(fillers: number, kept: boolean): Promise<string> {
    const doc = await createDocument({ title: 'Essai', author: 'ARS', letterhead: { agency: 'Agence régionale de santé Hauts-de-France' } });
    for (let i = 0; i < fillers; i++) doc.paragraph(`Paragraphe de remplissage n° ${i + 1}.`);
    if (kept) signatureBlock(doc);
    else {
      doc.paragraph(SIGNATURE[0]!, { indent: 250, spaceBefore: 14 });
      doc.paragraph(SIGNATURE[1]!, { indent: 250 });
      doc.spacer(30);
      doc.paragraph(SIGNATURE[2]!, { indent: 250 });
    }
    return write(doc, `filled-${fillers}-${kept}.pdf`);
  }

  it('moves a signature block that would straddle the end of a page whole to the next page', async () => {
    // The number of lines that leaves the block astride the page break, found on the loose version.
    const astride = async (fillers: number) => {
      const loose = await filled(fillers, false);
      return pageCount(loose) === 2 && pageText(loose, 1).includes(SIGNATURE[0]!) && pageText(loose, 2).includes(SIGNATURE[2]!);
    };
    let fillers = 20;
    while (!(await astride(fillers))) {
      fillers++;
      expect(fillers).toBeLessThan(60);
    }
    const kept = await filled(fillers, true);
    expect(pageText(kept, 1)).not.toContain(SIGNATURE[0]);
    for (const line of SIGNATURE) expect(pageText(kept, 2)).toContain(line);
  });

  it('starts a new page on request, and keeps a heading with the lines that follow it', async () => {
    const doc = await createDocument({ title: 'Essai', author: 'ARS' });
    doc.paragraph('Première page.');
    doc.pageBreak();
    doc.paragraph('Deuxième page.');
    // A heading at the foot of a full page goes down with its paragraph.
    for (let i = 0; i < 33; i++) doc.paragraph(`Ligne ${i + 1}.`);
    doc.heading('Article 4 – Modalités de versement', 2);
    doc.paragraph('Le versement intervient en une fois. '.repeat(12));
    const file = await write(doc);
    expect(pageText(file, 1)).toMatch(/^Première page\. Page 1 sur 3$/);
    expect(pageText(file, 2)).toContain('Deuxième page.');
    expect(pageText(file, 2)).not.toContain('Article 4');
    expect(pageText(file, 3)).toMatch(/^Article 4 – Modalités de versement Le versement/);
  });
});

describe('fonts', () => {
  it('says in French when Marianne cannot be found', async () => {
    await expect(createDocument({ title: 'Essai', author: 'ARS', fontDir: join(folder, 'absent') })).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringMatching(/^La police Marianne est indisponible : fichier introuvable \(.*Marianne-Regular\.woff\)/),
    });
  });

  it('measures words exactly as pdf-lib draws them', async () => {
    const family = await loadMarianne();
    const pdf = await PDFDocument.create();
    pdf.registerFontkit(sharedFontkit);
    for (const face of [family.regular, family.bold, family.italic, family.boldItalic]) {
      const font = await pdf.embedFont(face.bytes, { subset: true });
      for (const text of ['Hauts-de-France', 'œuvre', '20\u2009000,00\u00a0€', 'AVANT']) {
        expect(face.width(text) * 10).toBeCloseTo(font.widthOfTextAtSize(text, 10), 9);
      }
    }
  });

  it('draws U+202F, which Marianne lacks, as a thin space, and reports any other missing character', async () => {
    const family = await loadMarianne();
    const missing: string[] = [];
    expect(family.regular.printable('20\u202f000\u00a0€', (c) => missing.push(c))).toBe('20\u2009000\u00a0€');
    expect(missing).toEqual([]);
    const doc = await createDocument({ title: 'Essai', author: 'ARS' });
    doc.paragraph('Dossier ﬁnal de M. Wiǹ 😀 : 20 000 €');
    const file = await write(doc);
    expect(doc.warnings).toEqual([
      'Caractère absent de la police Marianne, remplacé : « ﬁ » (U+FB01).',
      'Caractère absent de la police Marianne, remplacé : « ǹ » (U+01F9).',
      'Caractère absent de la police Marianne, remplacé : « 😀 » (U+1F600).',
    ]);
    expect(pageText(file, 1)).toContain('Dossier final de M. Win ? : 20 000 €');
  });
});

describe('the text layer', () => {
  const style = { size: 10, leading: 14, color: colors.text };
  const lineTexts = (lines: ReturnType<typeof layoutLines>) => lines.map((l) => l.words.map((w) => w.text).join('|'));

  it('never breaks a line at a no-break space, and breaks after the hyphens of compound words', async () => {
    const family = await loadMarianne();
    const words = measureWords(['Montant : ', bold('20 000,00 €'), ' à Hauts-de-France'], style, family, () => {});
    expect(words.map((w) => `${w.text}/${w.glue}`)).toEqual([
      'Montant\u00a0:/space',
      '20\u2009000,00\u00a0€/space',
      'à/space',
      'Hauts-/break',
      'de-/break',
      'France/none',
    ]);
    const amount = words[1]!.width;
    expect(lineTexts(layoutLines(words, { width: amount + 5, align: 'justify' }))).toEqual([
      'Montant\u00a0:',
      '20\u2009000,00\u00a0€',
      'à|Hauts-|de-',
      'France',
    ]);
  });

  it('cuts a word wider than its column (an e-mail address in a narrow cell) so that nothing overflows', async () => {
    const family = await loadMarianne();
    const words = measureWords('ars-hdf-soins-proximite@ars.sante.fr', style, family, () => {});
    const lines = layoutLines(words, { width: 50, align: 'left' });
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.words.reduce((sum, w) => sum + w.width, 0)).toBeLessThanOrEqual(50);
    expect(lines.flatMap((l) => l.words.map((w) => w.text)).join('')).toBe('ars-hdf-soins-proximite@ars.sante.fr');
  });
});

describe('the benchmark letter', () => {
  it('fits on one page, and letters saved at the same time share the fonts safely', async () => {
    const docs = await Promise.all([0, 1, 2].map((n) => letter(n)));
    const files = await Promise.all(docs.map((doc, n) => write(doc, `letter-${n}.pdf`)));
    for (const file of files) {
      expect(pageCount(file)).toBe(1);
      expect(run('qpdf', '--check', file)).toMatch(/No syntax or stream encoding errors/);
    }
    const text = flat(run('pdftotext', '-layout', files[1]!, '-'));
    expect(text.length).toBeGreaterThan(2800);
    expect(text).toContain('Voies et délais de recours.');
  });
});
