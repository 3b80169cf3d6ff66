/**
 * Pagination of a flow of boxes (a line of text, a table row, a heading...) on plain heights,
 * without fonts or PDF.
 */

export interface FlowBox {
  height: number;
  /** Space above the box, dropped when the box opens a page. */
  spaceBefore: number;
  /** No page break between this box and the next (headings, a table's header row, first and last lines of a paragraph). */
  keepWithNext: boolean;
  /** Starts a new page. */
  pageBreakBefore: boolean;
  /** Drawn first when this box opens a page other than its block's first (a table's header row). */
  repeat?: this;
}

export interface Placement<T> {
  box: T;
  /** Distance from the top of the page's content area to the top of the box. */
  top: number;
}

/** Boxes [start, end) that stay on one page when they fit in one (a signature, a dossier's block). */
export interface KeepRange {
  start: number;
  end: number;
}

/**
 * Boxes to pages. The smallest run that no break may divide — boxes joined by keepWithNext, or
 * inside a kept range — goes on the page if it fits, else whole on the next page. A run taller
 * than a page is loosened and laid out again: its outermost kept ranges first, then its
 * keepWithNext joins, so that a kept block too tall for a page still keeps its headings with
 * what follows them and its paragraphs' first and last lines together.
 */
export function paginate<T extends FlowBox>(
  boxes: readonly T[],
  pageHeight: (page: number) => number,
  keeps: readonly KeepRange[] = [],
): Placement<T>[][] {
  const pages: Placement<T>[][] = [[]];
  let y = 0;
  /** Nothing but a repeated header on the page yet: breaking again would not help. */
  let fresh = true;
  const page = () => pages[pages.length - 1]!;
  const room = () => pageHeight(pages.length - 1) - y;

  const newPage = (next: T) => {
    pages.push([]);
    y = 0;
    if (next.repeat) place(next.repeat);
    fresh = true;
  };
  function place(box: T) {
    if (page().length > 0) y += box.spaceBefore;
    page().push({ box, top: y });
    y += box.height;
    fresh = false;
  }
  /** Height of boxes [from, to) placed after what is on the page, or at the top of a new page. */
  const runHeight = (from: number, to: number, onNewPage: boolean) => {
    const header = onNewPage ? (boxes[from]!.repeat?.height ?? 0) : 0;
    let started = onNewPage ? header > 0 : page().length > 0;
    let height = header;
    for (let i = from; i < to; i++) {
      if (started) height += boxes[i]!.spaceBefore;
      height += boxes[i]!.height;
      started = true;
    }
    return height;
  };

  /** The end of the run that starts at `i`: no break allowed inside it, under these rules. */
  const runEnd = (i: number, to: number, kept: readonly KeepRange[], joins: boolean) => {
    let end = i + 1;
    let reach = end;
    for (;;) {
      for (const k of kept) if (k.start < end && k.end > i) reach = Math.max(reach, k.end);
      if (end >= to || boxes[end]!.pageBreakBefore) return end;
      if (end < reach || (joins && boxes[end - 1]!.keepWithNext)) end++;
      else return end;
    }
  };

  const flow = (from: number, to: number, kept: readonly KeepRange[], joins: boolean) => {
    for (let i = from; i < to; ) {
      const end = runEnd(i, to, kept, joins);
      const first = boxes[i]!;
      if (first.pageBreakBefore && !fresh) newPage(first);
      if (runHeight(i, end, false) <= room()) {
        for (let k = i; k < end; k++) place(boxes[k]!);
      } else if (!fresh && runHeight(i, end, true) <= pageHeight(pages.length)) {
        newPage(first);
        for (let k = i; k < end; k++) place(boxes[k]!);
      } else if (end === i + 1) {
        // A single box taller than a page: alone on its page, it overflows.
        if (!fresh) newPage(first);
        place(first);
      } else {
        const inside = kept
          .filter((k) => k.start < end && k.end > i)
          .map((k) => ({ range: k, start: Math.max(k.start, i), end: Math.min(k.end, end) }));
        const outer = inside.filter((k) => !inside.some((o) => o.start <= k.start && k.end <= o.end && o.end - o.start > k.end - k.start));
        if (outer.length > 0) flow(i, end, kept.filter((k) => !outer.some((o) => o.range === k)), joins);
        else flow(i, end, kept, false);
      }
      i = end;
    }
  };

  flow(0, boxes.length, keeps.filter((k) => k.end - k.start > 1), true);
  return pages;
}
