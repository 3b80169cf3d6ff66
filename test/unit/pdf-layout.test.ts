import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paginate } from '../../services/pdf/paginate';
import type { FlowBox, KeepRange } from '../../services/pdf/paginate';
import { breakLines, placeLine } from '../../services/pdf/wrap';
import type { Glue, WrapItem } from '../../services/pdf/wrap';

const item = (width: number, glue: Glue = 'space', spaceWidth = 3): WrapItem => ({ width, glue, spaceWidth });
const words = (...widths: number[]) => widths.map((w, i) => item(w, i === widths.length - 1 ? 'none' : 'space'));
const ranges = (lines: { start: number; end: number }[]) => lines.map((l) => [l.start, l.end]);

describe('line breaking on widths', () => {
  it('fills each line with the words that fit, a word measured exactly to the width included', () => {
    // 30 + 3 + 30 + 3 + 34 = 100: the third word fits exactly.
    expect(ranges(breakLines(words(30, 30, 34, 20, 50), 100))).toEqual([[0, 3], [3, 5]]);
    const [first] = breakLines(words(30, 30, 34, 20, 50), 100);
    expect(first).toMatchObject({ width: 100, spaces: 2, last: false });
  });

  it('never ends a line at a no-break join, and breaks after a hyphen without a space', () => {
    // 40 and 40 are joined (a no-break space inside "20 000 €"): they move together.
    const joined = [item(50), item(40, 'none'), item(40), item(10, 'none')];
    expect(ranges(breakLines(joined, 100))).toEqual([[0, 1], [1, 4]]);
    const hyphenated = [item(60), item(30, 'break'), item(30, 'none')];
    expect(ranges(breakLines(hyphenated, 100))).toEqual([[0, 2], [2, 3]]);
    expect(breakLines(hyphenated, 100)[0]).toMatchObject({ width: 93, spaces: 1 });
  });

  it('starts a new line at a forced line break, and that line is not justified', () => {
    const lines = breakLines([item(10), item(10, 'newline'), item(10), item(10, 'none')], 100);
    expect(ranges(lines)).toEqual([[0, 2], [2, 4]]);
    expect(lines.map((l) => l.last)).toEqual([true, true]);
  });

  it('gives the first line its own width (indent)', () => {
    expect(ranges(breakLines(words(40, 40, 40, 40), 70, 100))).toEqual([[0, 1], [1, 3], [3, 4]]);
  });

  it('puts a word wider than the line alone on its line', () => {
    expect(ranges(breakLines(words(20, 150, 20), 100))).toEqual([[0, 1], [1, 2], [2, 3]]);
  });

  it('justifies every line but the last, which stays left-aligned', () => {
    const items = words(30, 30, 34, 20, 20);
    const [first, last] = breakLines(items, 110);
    const xs = placeLine(items, first!, 110, 'justify');
    // 100 of words and spaces, 10 points of stretch shared by the two spaces.
    expect(xs).toEqual([0, 38, 76]);
    expect(xs[2]! + items[2]!.width).toBe(110);
    expect(placeLine(items, last!, 110, 'justify')).toEqual([0, 23]);
    expect(placeLine(items, last!, 110, 'right')).toEqual([67, 90]);
    expect(placeLine(items, last!, 110, 'center')).toEqual([33.5, 56.5]);
  });

  it('keeps every item, in order, within the width, each justified line flush with both edges', () => {
    const arbitraryItems = fc.array(
      fc.record({
        width: fc.integer({ min: 1, max: 60 }),
        glue: fc.constantFrom<Glue>('space', 'space', 'space', 'break', 'none', 'newline'),
        spaceWidth: fc.constantFrom(2.5, 3),
      }),
      { minLength: 1, maxLength: 60 },
    );
    fc.assert(
      fc.property(arbitraryItems, fc.integer({ min: 60, max: 200 }), (items, width) => {
        const lines = breakLines(items, width);
        expect(lines[0]!.start).toBe(0);
        expect(lines[lines.length - 1]!.end).toBe(items.length);
        lines.forEach((line, i) => {
          if (i > 0) expect(line.start).toBe(lines[i - 1]!.end);
          // Only a cluster of glued items wider than the line may overflow, alone.
          const single = items.slice(line.start, line.end - 1).every((it) => it.glue === 'none');
          if (!single) expect(line.width).toBeLessThanOrEqual(width + 1e-6);
          expect(items.slice(line.start, line.end - 1).map((it) => it.glue)).not.toContain('newline');
          if (line.end < items.length) expect(items[line.end - 1]!.glue).not.toBe('none');
          const xs = placeLine(items, line, width, 'justify');
          if (!line.last && line.spaces > 0 && line.width < width) {
            expect(xs[xs.length - 1]! + items[line.end - 1]!.width).toBeCloseTo(width, 6);
          }
        });
      }),
    );
  });
});

interface TestBox extends FlowBox {
  name: string;
}
const box = (name: string, height: number, extra: Partial<TestBox> = {}): TestBox => ({
  name,
  height,
  spaceBefore: 0,
  keepWithNext: false,
  pageBreakBefore: false,
  ...extra,
});
const layout = (boxes: TestBox[], heights: number | ((page: number) => number), keeps: KeepRange[] = []) =>
  paginate(boxes, typeof heights === 'number' ? () => heights : heights, keeps).map((page) => page.map((p) => `${p.box.name}@${p.top}`));

describe('pagination on heights', () => {
  it('fills pages in order and drops the space above a box that opens a page', () => {
    const boxes = [box('a', 40), box('b', 40, { spaceBefore: 10 }), box('c', 40, { spaceBefore: 10 })];
    expect(layout(boxes, 100)).toEqual([['a@0', 'b@50'], ['c@0']]);
  });

  it('moves a kept run whole to the next page', () => {
    const signature = [box('s1', 20, { keepWithNext: true }), box('s2', 20, { keepWithNext: true }), box('s3', 20)];
    expect(layout([box('text', 60), ...signature], 100)).toEqual([['text@0'], ['s1@0', 's2@20', 's3@40']]);
    // Without keepWithNext, the same boxes split.
    const loose = signature.map((b) => ({ ...b, keepWithNext: false }));
    expect(layout([box('text', 60), ...loose], 100)).toEqual([['text@0', 's1@60', 's2@80'], ['s3@0']]);
  });

  it('splits a kept run taller than a page where it must', () => {
    const tall = [1, 2, 3, 4].map((n) => box(`k${n}`, 40, { keepWithNext: n < 4 }));
    expect(layout([box('text', 20), ...tall], 100)).toEqual([['text@0', 'k1@20', 'k2@60'], ['k3@0', 'k4@40']]);
  });

  it('repeats the header row on each page a table spans, counting it when deciding what fits', () => {
    const header = box('H', 10, { keepWithNext: true });
    const rows = [1, 2, 3, 4, 5].map((n) => box(`r${n}`, 30, { repeat: header }));
    expect(layout([box('text', 20), header, ...rows], 100)).toEqual([
      ['text@0', 'H@20', 'r1@30', 'r2@60'],
      ['H@0', 'r3@10', 'r4@40', 'r5@70'],
    ]);
    // A header never stays alone at the bottom of a page.
    expect(layout([box('text', 85), header, rows[0]!], 100)).toEqual([['text@0'], ['H@0', 'r1@10']]);
  });

  it('honours page breaks and a first page shorter than the others (the letterhead)', () => {
    const boxes = [box('a', 30), box('b', 30), box('c', 30, { pageBreakBefore: true }), box('d', 30)];
    expect(layout(boxes, (page) => (page === 0 ? 50 : 100))).toEqual([['a@0'], ['b@0'], ['c@0', 'd@30']]);
  });

  it('moves a kept range of any boxes whole to the next page, and lets one taller than a page flow', () => {
    // A heading, two table rows, a paragraph of two lines: 60 high, 40 left on the page.
    const block = [box('h', 10, { keepWithNext: true }), box('r1', 15), box('r2', 15), box('p1', 10, { keepWithNext: true }), box('p2', 10)];
    const kept = { start: 1, end: 6 };
    expect(layout([box('text', 60), ...block], 100, [kept])).toEqual([['text@0'], ['h@0', 'r1@10', 'r2@25', 'p1@40', 'p2@50']]);
    expect(layout([box('text', 60), ...block], 100)).toEqual([['text@0', 'h@60', 'r1@70', 'r2@85'], ['p1@0', 'p2@10']]);
    // 120 high: it starts where it is, and only the usual joins hold (the heading with its first row).
    const rows = [1, 2, 3, 4, 5, 6].map((n) => box(`r${n}`, 15));
    const tall = [box('h', 10, { keepWithNext: true }), ...rows, box('p1', 10, { keepWithNext: true }), box('p2', 10)];
    expect(layout([box('text', 30), ...tall], 100, [{ start: 1, end: 10 }])).toEqual([
      ['text@0', 'h@30', 'r1@40', 'r2@55', 'r3@70', 'r4@85'],
      ['r5@0', 'r6@15', 'p1@30', 'p2@40'],
    ]);
    expect(layout([box('text', 85), ...tall], 100, [{ start: 1, end: 10 }])[0]).toEqual(['text@0']);
  });

  it('keeps the kept ranges inside one too tall for a page, and a heading with a kept block it cannot share a page with', () => {
    const lines = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => box(`${prefix}${i + 1}`, 10));
    // An outer range of 130 holding a signature of 30 that would straddle the first page's end.
    const boxes = [...lines('a', 9), ...lines('s', 3), box('z', 10)];
    expect(layout(boxes, 100, [{ start: 0, end: 13 }, { start: 9, end: 12 }])).toEqual([
      ['a1@0', 'a2@10', 'a3@20', 'a4@30', 'a5@40', 'a6@50', 'a7@60', 'a8@70', 'a9@80'],
      ['s1@0', 's2@10', 's3@20', 'z@30'],
    ]);
    // A heading joined to a block of 95: both cannot share a page, the block gives way, not the heading.
    const joined = [box('text', 20), box('H', 10, { keepWithNext: true }), ...lines('b', 9), box('b10', 5)];
    expect(layout(joined, 100, [{ start: 2, end: 12 }])[0]!.slice(0, 3)).toEqual(['text@0', 'H@20', 'b1@30']);
  });

  it('repeats the header row above a kept table moved to the next page only once, and counts it', () => {
    const header = box('H', 10, { keepWithNext: true });
    const rows = [1, 2, 3].map((n) => box(`r${n}`, 20, { repeat: header }));
    expect(layout([box('text', 50), header, ...rows], 100, [{ start: 1, end: 5 }])).toEqual([['text@0'], ['H@0', 'r1@10', 'r2@30', 'r3@50']]);
  });

  it('puts each kept range that fits on a page on one page, boxes in order, no page overfull', () => {
    const arbitraryFlow = fc.array(
      fc.record({ height: fc.integer({ min: 1, max: 40 }), kept: fc.integer({ min: 1, max: 8 }), space: fc.constantFrom(0, 0, 6) }),
      { minLength: 1, maxLength: 30 },
    );
    fc.assert(
      fc.property(arbitraryFlow, fc.integer({ min: 60, max: 200 }), (groups, height) => {
        const boxes: TestBox[] = [];
        const keeps: KeepRange[] = [];
        groups.forEach((group, g) => {
          const start = boxes.length;
          for (let i = 0; i < group.kept; i++) boxes.push(box(`${g}.${i}`, group.height, { spaceBefore: i === 0 ? group.space : 0 }));
          keeps.push({ start, end: boxes.length });
        });
        const pages = paginate(boxes, () => height, keeps);
        const placed = pages.flat().map((p) => p.box);
        expect(placed).toEqual(boxes);
        const pageOf = new Map(pages.flatMap((page, n) => page.map((p) => [p.box, n] as const)));
        for (const page of pages) {
          const last = page[page.length - 1]!;
          if (page.length > 1) expect(last.top + last.box.height).toBeLessThanOrEqual(height);
        }
        groups.forEach((group, g) => {
          if (group.height * group.kept > height) return;
          const { start, end } = keeps[g]!;
          expect(new Set(boxes.slice(start, end).map((b) => pageOf.get(b))).size).toBe(1);
        });
      }),
    );
  });
});
