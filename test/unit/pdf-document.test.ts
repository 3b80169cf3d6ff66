import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bold, contentWidth, createDocument, italic } from '../../services/pdf';
import type { DocumentOptions, PdfDocument } from '../../services/pdf';
import { loadMarianne, sharedFontkit } from '../../services/pdf/fonts';
import { colors, page } from '../../services/pdf/style';
import { layoutLines, measureWords } from '../../services/pdf/text';
import { eurosInWords, formatDate, formatEuros, frenchTypography } from '../../shared/french';
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
    // The subsets shared by every document (embed.ts): embedded, tagged as subsets, with their ToUnicode map.
    for (const name of ['Marianne-Regular', 'Marianne-Bold', 'Marianne-RegularItalic']) {
      expect(fonts).toMatch(new RegExp(`[A-Z]{6}\\+${name}\\s+CID Type 0C\\s+Identity-H\\s+yes\\s+yes\\s+yes`));
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

/** Everything extracted from the page, without any space: the lines of a justified paragraph, whatever its breaks. */
function squashed(file: string, n: number): string {
  return pageText(file, n).replace(/ /g, '');
}

/** The lines pdftotext reads, column by column. */
function textLines(file: string): string[] {
  return run('pdftotext', file, '-').split('\n').map(flat);
}

/** A letter with `fillers` short paragraphs, then what `end` adds. */
async function padded(fillers: number, end: (doc: PdfDocument) => void, name: string, options: Partial<DocumentOptions> = {}): Promise<string> {
  const doc = await createDocument({ title: 'Essai', author: 'ARS', letterhead: { agency: 'Agence régionale de santé Hauts-de-France' }, ...options });
  for (let i = 0; i < fillers; i++) doc.paragraph(`Paragraphe de remplissage n° ${i + 1}.`);
  end(doc);
  return write(doc, `${name}-${fillers}.pdf`);
}

/** The number of fillers that leaves a block laid out by `loose` astride the first page break: `first` on page 1, `last` on page 2. */
async function astride(loose: (doc: PdfDocument) => void, first: string, last: string): Promise<number> {
  for (let fillers = 10; fillers < 60; fillers++) {
    const file = await padded(fillers, loose, 'loose');
    if (pageCount(file) === 2 && pageText(file, 1).includes(first) && pageText(file, 2).includes(last)) return fillers;
  }
  throw new Error(`Aucun remplissage ne place « ${first} » et « ${last} » de part et d’autre de la page.`);
}

const APPEAL = [
  'Voies et délais de recours. La présente décision peut faire l’objet, dans un délai de deux mois à compter de sa notification, ',
  'd’un recours gracieux auprès du directeur général de l’agence régionale de santé, d’un recours hiérarchique auprès du ministre ',
  'chargé de la santé, ou d’un recours contentieux devant le tribunal administratif territorialement compétent, qui peut être saisi ',
  'par courrier ou par l’application Télérecours citoyens accessible sur le site www.telerecours.fr. Le recours gracieux ou ',
  'hiérarchique interrompt le délai du recours contentieux, qui court de nouveau à compter de la réponse ; le silence gardé ',
  'pendant deux mois vaut décision implicite de rejet, elle-même susceptible de recours dans les mêmes conditions de délai.',
].join('');
const APPEAL_END = 'dans les mêmes conditions de délai.';

/** A dossier's block of the minutes: a heading, nine rows, a summary, reservations and the motivation. */
function dossierBlock(doc: PdfDocument, summary: string): void {
  doc.heading('Point 3 — n° 2026-0417 — Maison de santé des Alizés', 3);
  const rows = ['Porteur', 'Type', 'Commune', 'Rapporteur', 'Note', 'Quorum', 'Vote', 'Avis', 'Aide proposée'].map((label, i) => [label, `Valeur ${i + 1} du dossier`]);
  doc.table({ style: 'zebra', columns: [{ width: 1.3 }, { width: 4.7 }], rows });
  doc.paragraph([italic('Résumé : '), summary], { size: 9 });
  doc.paragraph(bold('Réserves :'), { keepWithNext: true, align: 'left' });
  doc.list(['transmettre le projet de santé signé ;', 'préciser l’organisation des soins non programmés.']);
  doc.paragraph([bold('Motivation : '), 'projet cohérent avec le diagnostic territorial, fin de la motivation.']);
}
const SUMMARY = 'Le projet réunit onze professionnels de santé autour d’un projet de santé commun. ';

describe('page breaks', () => {
  it('moves a signature block that would straddle the end of a page whole to the next page', async () => {
    const fillers = await astride(
      (doc) => {
        doc.paragraph(SIGNATURE[0]!, { indent: 250, spaceBefore: 14 });
        doc.paragraph(SIGNATURE[1]!, { indent: 250 });
        doc.spacer(30);
        doc.paragraph(SIGNATURE[2]!, { indent: 250 });
      },
      SIGNATURE[0]!,
      SIGNATURE[2]!,
    );
    const kept = await padded(fillers, signatureBlock, 'signature');
    expect(pageCount(kept)).toBe(2);
    expect(pageText(kept, 1)).not.toContain(SIGNATURE[0]);
    for (const line of SIGNATURE) expect(pageText(kept, 2)).toContain(line);
  });

  it('takes the closing formula along with the signature block it is kept with', async () => {
    const closing = 'Je vous prie d’agréer, Madame, l’expression de ma considération distinguée.';
    const fillers = await astride(
      (doc) => {
        doc.paragraph(closing);
        signatureBlock(doc);
      },
      closing,
      SIGNATURE[0]!,
    );
    const kept = await padded(
      fillers,
      (doc) => {
        doc.paragraph(closing, { keepWithNext: true });
        signatureBlock(doc);
      },
      'closing',
    );
    expect(pageCount(kept)).toBe(2);
    expect(pageText(kept, 1)).not.toContain('Je vous prie');
    expect(pageText(kept, 2)).toContain(`${closing} ${SIGNATURE[0]}`);
  });

  it('never splits a kept appeal paragraph at the end of a page', async () => {
    const fillers = await astride((doc) => doc.paragraph(APPEAL, { size: 8.5 }), 'Voies et délais de recours.', APPEAL_END);
    const kept = await padded(fillers, (doc) => doc.keepTogether(() => doc.paragraph(APPEAL, { size: 8.5 })), 'appeal');
    expect(pageCount(kept)).toBe(2);
    expect(pageText(kept, 1)).not.toContain('Voies et délais');
    expect(squashed(kept, 2)).toContain(flat(frenchTypography(APPEAL)).replace(/ /g, ''));
  });

  it('keeps a dossier’s block of the minutes together, and lets one taller than a page flow by the usual rules', async () => {
    const heading = 'Point 3 — n° 2026-0417';
    const fillers = await astride((doc) => dossierBlock(doc, SUMMARY.repeat(3)), heading, 'fin de la motivation.');
    const kept = await padded(fillers, (doc) => doc.keepTogether(() => dossierBlock(doc, SUMMARY.repeat(3))), 'dossier');
    expect(pageCount(kept)).toBe(2);
    expect(pageText(kept, 1)).not.toContain(heading);
    expect(pageText(kept, 2)).toMatch(/^Point 3 — n° 2026-0417 — Maison de santé des Alizés Porteur Valeur 1 du dossier Type .* Aide proposée Valeur 9 du dossier Résumé : .* fin de la motivation\./);

    // A summary of more than a page: the block starts where it is, its heading with the table.
    const tall = await padded(10, (doc) => doc.keepTogether(() => dossierBlock(doc, SUMMARY.repeat(90))), 'dossier-tall');
    expect(pageText(tall, 1)).toMatch(/Paragraphe de remplissage n° 10\. Point 3 — n° 2026-0417 — Maison de santé des Alizés Porteur Valeur 1 du dossier/);
    expect(pageText(tall, pageCount(tall))).toContain('fin de la motivation.');
    // Nor is its heading ever left alone at the foot of a page.
    for (let fillers = 28; fillers < 34; fillers++) {
      const file = await padded(fillers, (doc) => doc.keepTogether(() => dossierBlock(doc, SUMMARY.repeat(90))), 'dossier-tall');
      const withHeading = [1, 2].map((n) => pageText(file, n)).find((text) => text.includes(heading));
      expect(withHeading).toContain('Porteur Valeur 1 du dossier');
    }
    expect(run('qpdf', '--check', tall)).toMatch(/No syntax or stream encoding errors/);
  });

  it('never splits a table row across pages, unless the row is taller than a page', async () => {
    const columns = [{ header: 'Poste' }, { header: 'Détail', width: 3 }];
    const rows = Array.from({ length: 6 }, (_, r) => [`Poste ${r + 1}`, `Début de la ligne ${r + 1}\nsuite\nsuite\nsuite\nFin de la ligne ${r + 1}.`]);
    let spanning = 0;
    for (let fillers = 20; fillers < 32; fillers++) {
      const file = await padded(fillers, (doc) => doc.table({ columns, rows }), 'rows');
      const pages = Array.from({ length: pageCount(file) }, (_, n) => pageText(file, n + 1));
      for (let r = 1; r <= rows.length; r++) {
        const [page, ...others] = pages.filter((text) => text.includes(`Début de la ligne ${r} `));
        expect(others).toEqual([]);
        expect(page).toContain(`Fin de la ligne ${r}.`);
      }
      if (/Poste Détail Poste 1 /.test(pages[0]!) && /^Poste Détail Poste [2-6] /.test(pages[1] ?? '')) spanning++;
    }
    // Several of these paddings do put the page break inside the table.
    expect(spanning).toBeGreaterThan(3);

    const lines = Array.from({ length: 80 }, (_, i) => `Ligne ${i + 1} du détail`);
    const long = await padded(5, (doc) => doc.table({ columns, rows: [['Poste 1', lines.join('\n')]] }), 'long-row');
    const text = Array.from({ length: pageCount(long) }, (_, n) => pageText(long, n + 1)).join(' ');
    for (const line of lines) expect(text.split(line).length).toBe(2);
    expect(pageText(long, 1)).toContain('Poste 1 Ligne 1 du détail');
    expect(pageText(long, 2)).toMatch(/^Poste Détail Ligne \d+ du détail/);
  });

  it('writes the running header on every page but the first, above the body', async () => {
    const reference = 'Réf. CS-2026-04/03-v2';
    const file = await padded(90, () => {}, 'running', { runningHeader: reference });
    expect(pageCount(file)).toBe(3);
    expect(pageText(file, 1)).not.toContain('CS-2026-04/03-v2');
    for (const n of [2, 3]) {
      expect(pageText(file, n)).toMatch(/^Réf\. CS-2026-04\/03-v2 Paragraphe de remplissage/);
      const xml = run('pdftotext', '-bbox-layout', '-f', String(n), '-l', String(n), file, '-');
      const lines = [...xml.matchAll(/<line xMin="[\d.]+" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">/g)].map((m) => m.slice(1).map(Number));
      // The reference at the right margin, the first body line below it.
      expect(lines[0]![1]).toBeCloseTo(page.left + contentWidth, 0);
      expect(lines[1]![0]).toBeGreaterThan(lines[0]![2]! + 5);
    }
    expect(run('qpdf', '--check', file)).toMatch(/No syntax or stream encoding errors/);
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

describe('addresses and towns', () => {
  const EMAIL = 'ars-martinique-premier-recours@ars.sante.fr';
  const URL = 'https://www.ars.sante.fr/voies-et-delais-de-recours-contentieux';

  it('never breaks an e-mail or web address, in the letterhead, a paragraph or a narrow cell', async () => {
    const doc = await createDocument({
      title: 'Essai',
      author: 'ARS',
      letterhead: { agency: 'Agence régionale de santé Martinique', address: ['Immeuble Sainte-Catherine', `Secrétariat du service : ${EMAIL}`] },
    });
    doc.paragraph(`Le tribunal peut être saisi sur ${URL}, sur telerecours.fr ou par écrit à ${EMAIL}.`, { indent: 300 });
    doc.table({ columns: [{ header: 'Contact' }, { header: 'Service', width: 2 }], rows: [[EMAIL, 'Premier recours']] });
    const file = await write(doc, 'addresses.pdf');
    const lines = textLines(file);
    // Once in the letterhead, once in the paragraph, once in the cell.
    expect(lines.filter((line) => line.includes(EMAIL))).toHaveLength(3);
    expect(lines.some((line) => line.includes(URL))).toBe(true);
    expect(lines.some((line) => line.includes('telerecours.fr'))).toBe(true);
    // Shrunk to fit its cell rather than cut.
    const xml = run('pdftotext', '-bbox', file, '-');
    const cell = [...xml.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</g)].filter((m) => m[3] === EMAIL).pop()!;
    expect(Number(cell[2])).toBeLessThanOrEqual(page.left + contentWidth / 3);
  });

  it('keeps a postcode and its town on one line', async () => {
    const doc = await createDocument({ title: 'Essai', author: 'ARS' });
    // Columns of 105 and 80 points: room for « Bât. B, 97232 Le », not for « 97232 Le Lamentin ».
    doc.table({
      style: 'plain',
      columns: [{ width: 0.566 }, { width: 0.25 }, { width: 0.184 }],
      rows: [['Affaire suivie par : Service premier recours', 'Maison de santé\nBât. B, 97232 Le Lamentin', 'Mme Anaïs Béranger\n97232 Le Lamentin']],
    });
    const file = await write(doc, 'town.pdf');
    expect(textLines(file).filter((line) => line.includes('97232 Le Lamentin'))).toHaveLength(2);
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

  it('gives back every character of the shared subsets in each face, whatever bytes their glyphs are written with', async () => {
    // Some glyphs' codes hold the bytes of « ( », « ) », « \\ » and line ends, which the content stream escapes.
    const codes = [...Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => 0x21 + i), ...Array.from({ length: 0xff - 0xa1 + 1 }, (_, i) => 0xa1 + i)];
    const characters = [...codes.filter((c) => c !== 0xad), 0x152, 0x153, 0x178, 0x20ac, 0x2122].map((c) => String.fromCodePoint(c));
    const doc = await createDocument({ title: 'Essai', author: 'ARS' });
    for (const style of [{}, { bold: true }, { italic: true }]) doc.paragraph(characters.join(' '), { ...style, typography: false, align: 'left' });
    // Marianne lacks « µ »: it is replaced, and said.
    expect(doc.warnings).toEqual(['Caractère absent de la police Marianne, remplacé : « µ » (U+00B5).']);
    const file = await write(doc, 'repertoire.pdf');
    expect(run('qpdf', '--check', file)).toMatch(/No syntax or stream encoding errors/);
    expect(run('pdffonts', file).match(/CMSN[A-Z]{2}\+Marianne/g)).toHaveLength(3);
    const read = run('pdftotext', '-raw', file, '-').split(/\s+/).filter(Boolean);
    const drawn = characters.map((c) => (c === 'µ' ? '?' : c));
    expect(read).toEqual([...drawn, ...drawn, ...drawn, 'Page', '1', 'sur', '1']);
  });

  it('embeds a subset of its own for a face drawing a letter beyond the shared subset, the others unchanged', async () => {
    const doc = await createDocument({ title: 'Essai', author: 'ARS' });
    doc.paragraph(['M. Wałęsa, de Łódź, ', bold('à Lille'), ' : 20 000 €']);
    const file = await write(doc, 'beyond.pdf');
    expect(run('qpdf', '--check', file)).toMatch(/No syntax or stream encoding errors/);
    const fonts = run('pdffonts', file);
    expect(fonts).toMatch(/\nMarianne-Regular-\d+\s+CID Type 0C\s+Identity-H\s+yes\s+no\s+yes/);
    expect(fonts).toMatch(/[A-Z]{6}\+Marianne-Bold\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(pageText(file, 1)).toContain('M. Wałęsa, de Łódź, à Lille : 20 000 €');
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

  it('never breaks an address, nor a postcode and its town, and shrinks them in a column too narrow', async () => {
    const family = await loadMarianne();
    const texts = (content: string) => measureWords(content, style, family, () => {}).map((w) => `${w.text}/${w.glue}`);
    expect(texts('Écrire à ars-hdf-soins@ars.sante.fr, sur https://www.ars.sante.fr/voies-de-recours ou service-public.fr à Hauts-de-France')).toEqual([
      'Écrire/space',
      'à/space',
      'ars-hdf-soins@ars.sante.fr,/space',
      'sur/space',
      'https://www.ars.sante.fr/voies-de-recours/space',
      'ou/space',
      'service-public.fr/space',
      'à/space',
      'Hauts-/break',
      'de-/break',
      'France/none',
    ]);
    expect(texts('12 rue Schoelcher 97232 Le Lamentin\n97200 Fort-de-France Cedex 07, le 3 mars')).toEqual([
      '12/space',
      'rue/space',
      'Schoelcher/space',
      '97232\u00a0Le\u00a0Lamentin/newline',
      '97200\u00a0Fort-de-France\u00a0Cedex\u00a007,/space',
      'le/space',
      '3\u00a0mars/none',
    ]);
    for (const content of ['ars-hdf-soins-proximite@ars.sante.fr', '97232 Le Lamentin']) {
      const words = measureWords(content, style, family, () => {});
      const [line, ...others] = layoutLines(words, { width: words[0]!.width * 0.8, align: 'left' });
      expect(others).toEqual([]);
      expect(line!.words.map((w) => w.text).join('')).toBe(words[0]!.text);
      expect(line!.words[0]!.size).toBeCloseTo(8, 6);
      expect(line!.words[0]!.width).toBeCloseTo(words[0]!.width * 0.8, 6);
    }
  });

  it('cuts any other word wider than its column so that nothing overflows, never at a no-break space', async () => {
    const family = await loadMarianne();
    const cutLines = (content: string, width: number) =>
      layoutLines(measureWords(content, { ...style, typography: false }, family, () => {}), { width, align: 'left' }).map((l) => l.words.map((w) => w.text).join(''));
    const cut = cutLines('Anticonstitutionnellement', 50);
    expect(cut.length).toBeGreaterThan(2);
    expect(cut.join('')).toBe('Anticonstitutionnellement');
    const at10 = (text: string) => family.regular.width(text) * 10;
    for (const piece of cut) expect(at10(piece)).toBeLessThanOrEqual(50);
    // Cut before "a", it would end a line with the no-break space.
    const width = at10('Référence\u00a0a') - 0.1;
    for (const piece of cutLines('Référence\u00a0abcdef', width)) expect(piece).not.toMatch(/\u00a0$|^\u00a0/);
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
