/**
 * The layout layer of the documents (decision letters, funding agreements, minutes): A4 pages
 * set in Marianne, the State's letterhead on the first page, « Page 1 sur 3 » on every page,
 * and a flow of blocks that breaks into pages by itself.
 *
 *   const doc = await createDocument({ title, author, subject, letterhead, footer, runningHeader: `Réf. ${reference}` });
 *   doc.heading('Article 2 – Montant de la subvention', 2);
 *   doc.paragraph(['L’ARS attribue la somme de ', bold(formatEuros(20000)), '.'], { firstLineIndent: 18 });
 *   doc.list(['les factures acquittées ;', 'le compte rendu financier.']);
 *   doc.table({ columns: [{ header: 'Poste', width: 3 }, { header: 'Montant', align: 'right' }], rows });
 *   doc.paragraph('Je vous prie d’agréer…', { keepWithNext: true });
 *   doc.keepTogether(() => { doc.paragraph('Le directeur général', { indent: 250 }); doc.spacer(36); … });
 *   doc.pageBreak();
 *   const bytes = await doc.save();
 *
 * Each block is measured when it is added and the whole flow is paginated by save(): headings
 * stay with what follows, paragraphs keep two lines together at each end of a page, a table row
 * never splits (unless taller than a page), a kept block of any blocks moves whole to the next
 * page (unless taller than a page: then these rules apply inside it), a table's header row is
 * repeated on each page it spans. Every run of text gets the French typography of
 * shared/french.ts (no-break spaces, ’) unless `typography: false`; whatever the typography,
 * e-mail and web addresses never break, nor a postcode and its town (97232 Le Lamentin).
 * Sizes and distances are in points (1 mm ≈ 2.835 pt).
 */
import { PDFDocument } from 'pdf-lib';
import { Canvas } from './canvas';
import type { EmbeddedFont } from './embed';
import { loadMarianne, sharedFontkit } from './fonts';
import type { FontFace, FontFamily } from './fonts';
import { drawFooter, layoutLetterhead, layoutRunningHeader } from './letterhead';
import type { FixedBlock, Letterhead } from './letterhead';
import { paginate } from './paginate';
import type { FlowBox, KeepRange } from './paginate';
import { colors, contentWidth, page, sizes } from './style';
import type { Color } from './style';
import { baselineOffset, layoutLines, measureText } from './text';
import type { Inline, RichText, Run, TextLine, TextStyle, Word } from './text';
import type { Align } from './wrap';

export type { Align, Color, Inline, Letterhead, RichText, Run };
export { colors, contentWidth };

/** A run in bold, for paragraph(['Le montant de ', bold('20 000,00 €'), '…']). */
export function bold(text: string): Run {
  return { text, bold: true };
}
/** A run in italic. */
export function italic(text: string): Run {
  return { text, italic: true };
}

export interface DocumentOptions {
  title: string;
  author: string;
  subject?: string;
  keywords?: readonly string[];
  /** The ARS identity at the top of the first page; without it the first page starts like the others. */
  letterhead?: Letterhead;
  /** A line at the bottom left of every page (a reference, the agency's address). */
  footer?: string;
  /** A line at the top right of every page but the first: the document's reference. */
  runningHeader?: string;
  /** The creation date written in the metadata; now by default. */
  createdAt?: Date;
  /** Where Marianne's WOFF files are; the DSFR package's folder by default. */
  fontDir?: string;
}

export interface TextOptions {
  size?: number;
  bold?: boolean;
  italic?: boolean;
  color?: Color;
  /** French typography on each run (on by default): turn it off for codes and references. */
  typography?: boolean;
}

export interface ParagraphOptions extends TextOptions {
  /** 'justify' by default; a justified paragraph's last line is left-aligned. */
  align?: Align;
  firstLineIndent?: number;
  /** Left indent of the whole paragraph (a signature block sits at half the width). */
  indent?: number;
  spaceBefore?: number;
  /** 6 pt by default. */
  spaceAfter?: number;
  keepWithNext?: boolean;
}

export interface ListOptions extends TextOptions {
  numbered?: boolean;
}

export interface TableColumn {
  header?: RichText;
  /** Share of the table's width, relative to the other columns (1 by default). */
  width?: number;
  /** 'right' for amounts and numbers. */
  align?: 'left' | 'right' | 'center';
}

export interface TableOptions {
  columns: readonly TableColumn[];
  rows: readonly (readonly RichText[])[];
  /** A last row in bold, below a rule: the totals. */
  footer?: readonly RichText[];
  /** 'ruled' (default): a line under each row; 'zebra': alternate shading; 'plain': no lines, for side-by-side blocks. */
  style?: 'ruled' | 'zebra' | 'plain';
  size?: number;
  typography?: boolean;
}

interface DocBox extends FlowBox {
  /** Draws the box with its top at `top` (points from the bottom of the page). */
  draw(canvas: Canvas, top: number): void;
}

const HEADINGS = [
  { spaceBefore: 16, spaceAfter: 6, color: colors.blue, italic: false },
  { spaceBefore: 12, spaceAfter: 4, color: colors.text, italic: false },
  { spaceBefore: 9, spaceAfter: 3, color: colors.text, italic: true },
] as const;

const LIST = { markerIndent: 10, textIndent: 24, spaceAfter: 2 };
const CELL = { padX: 5, padY: 3.5, gutter: 12 };

export class PdfDocument {
  private readonly boxes: DocBox[] = [];
  private readonly keeps: KeepRange[] = [];
  /** Faces actually drawn: only they are embedded (pdf-lib cannot subset a font with no glyph). */
  private readonly used = new Set<FontFace>();
  /** Faces drawing a glyph beyond their shared subset: they get a subset of their own. */
  private readonly unshared = new Set<FontFace>();
  private readonly missing = new Set<string>();
  private readonly head?: FixedBlock;
  private readonly running?: FixedBlock;
  private spaceAfterLast = 0;
  private extraSpace = 0;
  private breakPending = false;
  private saved = false;

  constructor(
    private readonly options: DocumentOptions,
    private readonly family: FontFamily,
  ) {
    this.used.add(family.regular);
    if (options.letterhead) this.head = layoutLetterhead(options.letterhead, this.measure);
    if (options.runningHeader) this.running = layoutRunningHeader(options.runningHeader, this.measure);
  }

  /** Characters Marianne cannot draw, replaced in the document: the caller decides whether that is acceptable. */
  get warnings(): string[] {
    return [...this.missing].map(
      (c) => `Caractère absent de la police Marianne, remplacé : « ${c} » (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}).`,
    );
  }

  private readonly measure = (content: RichText, style: TextStyle): readonly Word[] => {
    const { words, faces, unshared, missing } = measureText(content, style, this.family);
    for (const face of faces) this.used.add(face);
    for (const face of unshared) this.unshared.add(face);
    for (const character of missing) this.missing.add(character);
    return words;
  };

  private style(options: TextOptions, defaults: Partial<TextStyle> = {}): TextStyle {
    const size = options.size ?? defaults.size ?? sizes.body;
    return {
      size,
      leading: size * sizes.leading,
      color: options.color ?? defaults.color ?? colors.text,
      bold: options.bold ?? defaults.bold,
      italic: options.italic ?? defaults.italic,
      typography: options.typography,
    };
  }

  /** Appends a block's boxes, with the spacing and page break asked for since the last one. */
  private add(boxes: DocBox[], spaceBefore: number, spaceAfter: number, keepWithNext = false): void {
    if (boxes.length === 0) return;
    boxes[0]!.spaceBefore = Math.max(this.spaceAfterLast, spaceBefore) + this.extraSpace;
    boxes[0]!.pageBreakBefore = this.breakPending;
    boxes[boxes.length - 1]!.keepWithNext ||= keepWithNext;
    this.boxes.push(...boxes);
    this.spaceAfterLast = spaceAfter;
    this.extraSpace = 0;
    this.breakPending = false;
  }

  private lineBox(line: TextLine, x: number, style: TextStyle, extra?: (canvas: Canvas, baseline: number) => void): DocBox {
    return {
      height: style.leading,
      spaceBefore: 0,
      keepWithNext: false,
      pageBreakBefore: false,
      draw(canvas, top) {
        const baseline = top - baselineOffset(style.size, style.leading);
        canvas.line(line, page.left + x, baseline);
        extra?.(canvas, baseline);
      },
    };
  }

  /** Lines of text as boxes, the first two and the last two kept together (no orphan, no widow). */
  private textBoxes(lines: readonly TextLine[], x: number, style: TextStyle, onFirstLine?: (canvas: Canvas, baseline: number) => void): DocBox[] {
    const boxes = lines.map((line, i) => this.lineBox(line, x, style, i === 0 ? onFirstLine : undefined));
    if (boxes.length >= 2) boxes[0]!.keepWithNext = true;
    if (boxes.length >= 3) boxes[boxes.length - 2]!.keepWithNext = true;
    return boxes;
  }

  heading(text: RichText, level: 1 | 2 | 3 = 1): void {
    const spec = HEADINGS[level - 1]!;
    const style = this.style({}, { size: sizes.headings[level - 1], bold: true, italic: spec.italic, color: spec.color });
    const lines = layoutLines(this.measure(text, style), { width: contentWidth, align: 'left' });
    const boxes = lines.map((line) => ({ ...this.lineBox(line, 0, style), keepWithNext: true }));
    this.add(boxes, spec.spaceBefore, spec.spaceAfter, true);
  }

  paragraph(content: RichText, options: ParagraphOptions = {}): void {
    const style = this.style(options);
    const indent = options.indent ?? 0;
    const lines = layoutLines(this.measure(content, style), {
      width: contentWidth - indent,
      align: options.align ?? 'justify',
      firstIndent: options.firstLineIndent,
    });
    this.add(this.textBoxes(lines, indent, style), options.spaceBefore ?? 0, options.spaceAfter ?? 6, options.keepWithNext);
  }

  /** A bulleted (or numbered) list; each item may hold runs and span several lines. */
  list(items: readonly RichText[], options: ListOptions = {}): void {
    const style = this.style(options);
    items.forEach((item, index) => {
      const lines = layoutLines(this.measure(item, style), { width: contentWidth - LIST.textIndent, align: 'justify' });
      const label = options.numbered ? `${index + 1}.` : '•';
      const [marker] = layoutLines(this.measure(label, { ...style, typography: false }), { width: LIST.textIndent, align: 'left' });
      const boxes = this.textBoxes(lines, LIST.textIndent, style, (canvas, baseline) => canvas.line(marker!, page.left + LIST.markerIndent, baseline));
      this.add(boxes, index === 0 ? 2 : 0, index === items.length - 1 ? 6 : LIST.spaceAfter);
    });
  }

  table(table: TableOptions): void {
    const { columns } = table;
    const tableStyle = table.style ?? 'ruled';
    const plain = tableStyle === 'plain';
    const size = table.size ?? (plain ? sizes.body : sizes.table);
    const total = columns.reduce((sum, c) => sum + (c.width ?? 1), 0);
    let x = 0;
    const cells = columns.map((column, i) => {
      const width = (contentWidth * (column.width ?? 1)) / total;
      // Plain tables lay blocks side by side: no padding at the outer edges, a gutter between.
      const padLeft = plain ? (i === 0 ? 0 : CELL.gutter / 2) : CELL.padX;
      const padRight = plain ? (i === columns.length - 1 ? 0 : CELL.gutter / 2) : CELL.padX;
      const cell = { x: x + padLeft, width: width - padLeft - padRight, align: column.align ?? 'left' };
      x += width;
      return cell;
    });
    const padY = plain ? 0 : CELL.padY;

    /** A row as one box; a row taller than a page, as one box per line, the only row that splits. */
    const row = (content: readonly RichText[], index: number, kind: 'header' | 'body' | 'footer', repeat?: DocBox): DocBox[] => {
      if (content.length !== columns.length) {
        throw new Error(`Le tableau a ${columns.length} colonnes, mais sa ligne ${index + 1} en a ${content.length}.`);
      }
      const style = this.style({ size, typography: table.typography }, { bold: kind !== 'body' });
      const laid = content.map((text, i) => layoutLines(this.measure(text, style), cells[i]!));
      const count = Math.max(...laid.map((lines) => lines.length));
      const fill = kind === 'header' && !plain ? colors.headerFill : kind === 'body' && tableStyle === 'zebra' && index % 2 === 1 ? colors.zebraFill : undefined;
      /** Lines [from, to) of the row, with the row's padding at its ends. */
      const part = (from: number, to: number): DocBox => {
        const padTop = from === 0 ? padY : 0;
        const height = (to - from) * style.leading + padTop + (to === count ? padY : 0);
        return {
          height,
          spaceBefore: 0,
          keepWithNext: kind === 'header',
          pageBreakBefore: false,
          repeat,
          draw: (canvas, top) => {
            const left = page.left;
            // A split row's shading overlaps the next line's a little: no seam between them.
            if (fill) canvas.rect(left, top, contentWidth, height + (to < count ? 0.5 : 0), fill);
            laid.forEach((lines, i) => {
              for (let n = from; n < Math.min(to, lines.length); n++) {
                const baseline = top - padTop - (n - from) * style.leading - baselineOffset(style.size, style.leading);
                canvas.line(lines[n]!, left + cells[i]!.x, baseline);
              }
            });
            if (plain) return;
            if (kind === 'footer' && from === 0) canvas.rule(left, left + contentWidth, top, 1, colors.text);
            if (to < count) return;
            if (kind === 'header') canvas.rule(left, left + contentWidth, top - height, 1, colors.blue);
            else if (kind === 'body' && tableStyle === 'ruled') canvas.rule(left, left + contentWidth, top - height, 0.5, colors.rule);
          },
        };
      };
      const whole = part(0, count);
      if (kind === 'header' || whole.height + (repeat?.height ?? 0) <= this.bodyHeight(1)) return [whole];
      return Array.from({ length: count }, (_, n) => part(n, n + 1));
    };

    const hasHeader = columns.some((c) => c.header !== undefined);
    const header = hasHeader ? row(columns.map((c) => c.header ?? ''), -1, 'header')[0] : undefined;
    const boxes: DocBox[] = header ? [header] : [];
    table.rows.forEach((cellsOfRow, index) => boxes.push(...row(cellsOfRow, index, 'body', header)));
    if (table.footer) {
      // The totals never stand alone at the top of a page.
      if (boxes.length > 0) boxes[boxes.length - 1]!.keepWithNext = true;
      boxes.push(...row(table.footer, table.rows.length, 'footer', header));
    }
    this.add(boxes, 6, 10);
  }

  /**
   * Whatever `build` adds — paragraphs, lists, tables, headings — stays on one page: moved whole
   * to the next page when it does not fit in what is left (a signature block, the appeal
   * paragraph, a dossier's block in the minutes). Taller than a page, it breaks by the usual rules.
   */
  keepTogether(build: () => void): void {
    const start = this.boxes.length;
    build();
    this.keeps.push({ start, end: this.boxes.length });
  }

  /** Vertical space before the next block, dropped if that block opens a page. */
  spacer(height: number): void {
    this.extraSpace += height;
  }

  /** The next block starts a new page. */
  pageBreak(): void {
    this.breakPending = true;
  }

  private bodyTop(index: number): number {
    if (index === 0) return page.height - (this.head ? page.firstTop + this.head.height : page.top);
    return page.height - Math.max(page.top, this.running ? page.firstTop + this.running.height : 0);
  }

  private bodyHeight(index: number): number {
    return this.bodyTop(index) - page.bottom;
  }

  /** Paginates, draws, numbers the pages and returns the PDF. A document is saved once. */
  async save(): Promise<Uint8Array> {
    if (this.saved) throw new Error('Ce document a déjà été enregistré.');
    this.saved = true;
    const pages = paginate(this.boxes, (index) => this.bodyHeight(index), this.keeps);

    const pdf = await PDFDocument.create({ updateMetadata: false });
    pdf.registerFontkit(sharedFontkit);
    const fonts = new Map<FontFace, EmbeddedFont>();
    for (const face of this.used) {
      if (!this.unshared.has(face)) fonts.set(face, face.shared.embed(pdf.context));
      else {
        const font = await pdf.embedFont(face.bytes, { subset: true });
        fonts.set(face, { ref: font.ref, encode: (text) => font.encodeText(text).toString() });
      }
    }

    // One resource dictionary for every page, naming each face once: /F0, /F1…
    const names = new Map([...fonts.keys()].map((face, i) => [face, `F${i}`]));
    const resources = pdf.context.register(
      pdf.context.obj({ Font: Object.fromEntries([...fonts].map(([face, font]) => [names.get(face)!, font.ref])) }),
    );
    const faces = new Map([...fonts].map(([face, font]) => [face, { key: `/${names.get(face)!}`, encode: font.encode }]));
    const signature = this.unshared.size > 0 ? null : [...names].map(([face, name]) => `${face.style}=${name}`).join(' ');

    pages.forEach((placements, index) => {
      const canvas = new Canvas(pdf.addPage([page.width, page.height]), resources, { faces, signature });
      if (index === 0) this.head?.draw(canvas);
      else this.running?.draw(canvas);
      const top = this.bodyTop(index);
      for (const { box, top: offset } of placements) box.draw(canvas, top - offset);
      drawFooter(canvas, this.measure, this.options.footer, index + 1, pages.length);
      canvas.finish();
    });

    const { title, author, subject, keywords, createdAt = new Date() } = this.options;
    pdf.setTitle(title, { showInWindowTitleBar: true });
    pdf.setAuthor(author);
    if (subject) pdf.setSubject(subject);
    if (keywords?.length) pdf.setKeywords([...keywords]);
    pdf.setCreator('Commission');
    pdf.setProducer('Commission (pdf-lib)');
    pdf.setCreationDate(createdAt);
    pdf.setModificationDate(createdAt);
    pdf.setLanguage('fr-FR');
    // Saving in one go: pdf-lib otherwise yields to the event loop every 50 objects. Without
    // object streams, which pdf-lib deflates with pako: a third of a letter's time for 4 KB saved.
    return pdf.save({ objectsPerTick: Number.POSITIVE_INFINITY, useObjectStreams: false });
  }
}

/** A new document; Marianne is read and converted on the first call of the process only. */
export async function createDocument(options: DocumentOptions): Promise<PdfDocument> {
  return new PdfDocument(options, await loadMarianne(options.fontDir));
}
