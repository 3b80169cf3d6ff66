/**
 * Pagination of a flow of boxes (a line of text, a table row, a heading...) on plain heights,
 * without fonts or PDF.
 */

export interface FlowBox {
  height: number;
  /** Space above the box, dropped when the box opens a page. */
  spaceBefore: number;
  /** No page break between this box and the next (headings, kept blocks, first and last lines of a paragraph). */
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

/**
 * Boxes to pages. Each run of boxes joined by keepWithNext moves whole to the next page when it
 * does not fit; a run taller than a whole page is split where it must, as if not kept.
 */
export function paginate<T extends FlowBox>(boxes: readonly T[], pageHeight: (page: number) => number): Placement<T>[][] {
  const pages: Placement<T>[][] = [[]];
  let y = 0;
  /** Nothing but a repeated header on the page yet: breaking again would not help. */
  let fresh = true;
  const page = () => pages[pages.length - 1]!;
  const room = () => pageHeight(pages.length - 1) - y;
  const headerHeight = (box: T) => box.repeat?.height ?? 0;

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
  /** Height of boxes [from, to) placed after what is on the page, or on a fresh page. */
  const runHeight = (from: number, to: number, onNewPage: boolean) => {
    let height = onNewPage ? headerHeight(boxes[from]!) : 0;
    for (let i = from; i < to; i++) {
      const box = boxes[i]!;
      if (i > from || !onNewPage || height > 0) height += box.spaceBefore;
      height += box.height;
    }
    return height;
  };

  let i = 0;
  while (i < boxes.length) {
    let end = i + 1;
    while (end < boxes.length && boxes[end - 1]!.keepWithNext && !boxes[end]!.pageBreakBefore) end++;
    const first = boxes[i]!;
    if (first.pageBreakBefore && page().length > 0) newPage(first);
    if (!fresh && runHeight(i, end, false) > room() && runHeight(i, end, true) <= pageHeight(pages.length)) newPage(first);
    for (let k = i; k < end; k++) {
      const box = boxes[k]!;
      // Only a run too tall for any page gets here without room: it breaks where it must.
      if (!fresh && box.spaceBefore + box.height > room()) newPage(box);
      place(box);
    }
    i = end;
  }
  return pages;
}
