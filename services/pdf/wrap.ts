/**
 * Line breaking and justification on plain widths (points), without fonts or PDF: the text
 * layer measures each word once and hands the numbers here.
 */

/** What follows an item: a stretchable space, a break allowed without space (after a hyphen), nothing, or a forced new line. */
export type Glue = 'space' | 'break' | 'none' | 'newline';

export interface WrapItem {
  width: number;
  glue: Glue;
  /** The width of the space when glue is 'space' (the space of the item's own font). */
  spaceWidth: number;
}

export interface Line {
  /** Items [start, end) of the line. */
  start: number;
  end: number;
  /** Natural width: the items and the spaces between them. */
  width: number;
  /** Stretchable spaces inside the line. */
  spaces: number;
  /** The line ends the paragraph or a forced new line: never justified. */
  last: boolean;
}

export type Align = 'left' | 'right' | 'center' | 'justify';

/** Rounding slack, so that a word measured exactly to the width still fits. */
const EPSILON = 1e-6;

function gapAfter(item: WrapItem): number {
  return item.glue === 'space' ? item.spaceWidth : 0;
}

/**
 * Greedy first-fit breaking: as many words as fit on each line. Breaks only where an item's glue
 * allows it ('space', 'break', 'newline'), so a no-break space never ends a line. A word wider
 * than the line stands alone on its line (the text layer splits such words beforehand).
 */
export function breakLines(items: readonly WrapItem[], firstWidth: number, otherWidth = firstWidth): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < items.length) {
    const max = lines.length === 0 ? firstWidth : otherWidth;
    let width = 0;
    let spaces = 0;
    let end = start;
    // The last place this line may end, with its width and spaces.
    let fit: { end: number; width: number; spaces: number } | undefined;
    let forced = false;
    while (end < items.length) {
      // Glued items (no break between them) are added together as one cluster.
      let cluster = items[end]!.width;
      let clusterEnd = end + 1;
      while (clusterEnd < items.length && items[clusterEnd - 1]!.glue === 'none') {
        cluster += items[clusterEnd]!.width;
        clusterEnd++;
      }
      const gap = end === start ? 0 : gapAfter(items[end - 1]!);
      if (end > start && width + gap + cluster > max + EPSILON) break;
      if (end > start && items[end - 1]!.glue === 'space') spaces++;
      width += gap + cluster;
      end = clusterEnd;
      fit = { end, width, spaces };
      if (items[end - 1]!.glue === 'newline') {
        forced = true;
        break;
      }
    }
    const line = fit!;
    lines.push({ start, end: line.end, width: line.width, spaces: line.spaces, last: forced || line.end === items.length });
    start = line.end;
  }
  return lines;
}

/** The x offset of each item of a line within a box of `width` points. */
export function placeLine(items: readonly WrapItem[], line: Line, width: number, align: Align): number[] {
  const slack = width - line.width;
  let stretch = 0;
  let x = 0;
  if (align === 'right') x = slack;
  else if (align === 'center') x = slack / 2;
  // A justified line never shrinks its spaces, and its last line stays left-aligned.
  else if (align === 'justify' && !line.last && line.spaces > 0 && slack > 0) stretch = slack / line.spaces;
  const xs: number[] = [];
  for (let i = line.start; i < line.end; i++) {
    xs.push(x);
    const item = items[i]!;
    x += item.width + gapAfter(item) + (item.glue === 'space' ? stretch : 0);
  }
  return xs;
}
