import type { Canvas } from './canvas';
import { colors, contentWidth, page, sizes } from './style';
import { baselineOffset, layoutLines } from './text';
import type { RichText, TextLine, TextStyle, Word } from './text';

/** The ARS identity printed at the top of the first page. */
export interface Letterhead {
  /** Agence régionale de santé Hauts-de-France */
  agency: string;
  /** Direction de l’offre de soins */
  direction?: string;
  /** Service, department or unit. */
  service?: string;
  /** Postal address and contact lines, one per line. */
  address?: readonly string[];
}

export type Measure = (content: RichText, style: TextStyle) => readonly Word[];

/** Drawn at its own place on a page, above the flow: `height` is what it takes from the top of the body. */
export interface FixedBlock {
  height: number;
  draw(canvas: Canvas): void;
}

/** Lines of text set at a given place, with the style they were measured in. */
interface TextBlock {
  lines: readonly TextLine[];
  style: TextStyle;
  x: number;
  /** Distance from the letterhead's top. */
  top: number;
}

function drawBlock(canvas: Canvas, block: TextBlock, top: number): void {
  const { size, leading } = block.style;
  block.lines.forEach((line, i) => canvas.line(line, block.x, top - block.top - i * leading - baselineOffset(size, leading)));
}

const FLAG = { band: 8, height: 16 };
const IDENTITY_X = page.left + 215;

/**
 * The State's block (« bloc-marque ») drawn with text and shapes only: a small tricolour, then
 * RÉPUBLIQUE / FRANÇAISE and the motto; the agency's identity in the right-hand column.
 */
export function layoutLetterhead(letterhead: Letterhead, measure: Measure): FixedBlock {
  const blocks: TextBlock[] = [];
  /** Sets a block at `top` in its column; returns the bottom of the block. */
  const stack = (content: RichText, style: TextStyle, x: number, width: number, top: number) => {
    const lines = layoutLines(measure(content, style), { width, align: 'left' });
    blocks.push({ lines, style, x, top });
    return top + lines.length * style.leading;
  };
  // With French typography, like the body: the direction typed « Direction de l'offre de soins » prints l’offre there too.
  const plain = (size: number, leading: number, extra: Partial<TextStyle> = {}): TextStyle => ({ size, leading, color: colors.text, ...extra });

  let left = FLAG.height + 7;
  left = stack('RÉPUBLIQUE\nFRANÇAISE', plain(10.5, 11.5, { bold: true }), page.left, 170, left);
  left = stack('Liberté\nÉgalité\nFraternité', plain(7.5, 8.5, { italic: true }), page.left, 170, left + 4);

  const width = page.left + contentWidth - IDENTITY_X;
  let right = stack(letterhead.agency, plain(11, 13.5, { bold: true }), IDENTITY_X, width, 0);
  const unit = [letterhead.direction, letterhead.service].filter((line): line is string => Boolean(line));
  if (unit.length) right = stack(unit.join('\n'), plain(9, 11.5), IDENTITY_X, width, right + 3);
  if (letterhead.address?.length) {
    right = stack(letterhead.address.join('\n'), plain(sizes.small, 10, { color: colors.muted }), IDENTITY_X, width, right + 6);
  }

  const top = page.height - page.firstTop;
  return {
    height: Math.max(left, right) + 26,
    draw(canvas) {
      canvas.rect(page.left, top, FLAG.band, FLAG.height, colors.blue);
      canvas.rect(page.left + 2 * FLAG.band, top, FLAG.band, FLAG.height, colors.red);
      for (const block of blocks) drawBlock(canvas, block, top);
    },
  };
}

/** The small print of the page's margins: references and page numbers, kept as written. */
const MARGIN_TEXT: TextStyle = { size: sizes.small, leading: 10, color: colors.muted, typography: false };

/** The document's reference at the top right of the pages after the first, above a rule; `height` includes the gap to the body. */
export function layoutRunningHeader(text: string, measure: Measure): FixedBlock {
  const style = MARGIN_TEXT;
  const lines = layoutLines(measure(text, style), { width: contentWidth, align: 'right' });
  const bottom = lines.length * style.leading;
  const top = page.height - page.firstTop;
  return {
    height: bottom + 10,
    draw(canvas) {
      drawBlock(canvas, { lines, style, x: page.left, top: 0 }, top);
      canvas.rule(page.left, page.left + contentWidth, top - bottom - 3, 0.5, colors.rule);
    },
  };
}

/** « Page 2 sur 3 » at the bottom right of every page, and the document's footer text at the left. */
export function drawFooter(canvas: Canvas, measure: Measure, footer: string | undefined, number: number, total: number): void {
  const style = MARGIN_TEXT;
  const pageLabel = layoutLines(measure(`Page ${number} sur ${total}`, style), { width: 80, align: 'right' });
  const baseline = page.footerBaseline;
  const top = baseline + baselineOffset(style.size, style.leading);
  drawBlock(canvas, { lines: pageLabel, style, x: page.left + contentWidth - 80, top: 0 }, top);
  let above = top;
  if (footer) {
    const lines = layoutLines(measure(footer, style), { width: contentWidth - 100, align: 'left' });
    // A footer of several lines grows upwards from the page number's baseline.
    above = top + (lines.length - 1) * style.leading;
    drawBlock(canvas, { lines, style, x: page.left, top: 0 }, above);
  }
  canvas.rule(page.left, page.left + contentWidth, above + 3, 0.5, colors.rule);
}
