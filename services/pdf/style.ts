/** Page geometry, colours and sizes of the documents, in points (1 mm ≈ 2.835 pt). */

export interface Color {
  r: number;
  g: number;
  b: number;
}

function hex(code: string): Color {
  const value = Number.parseInt(code.slice(1), 16);
  return { r: (value >> 16) / 255, g: ((value >> 8) & 0xff) / 255, b: (value & 0xff) / 255 };
}

/** The State's colours (DSFR): bleu France, rouge Marianne, and the greys of text and tables. */
export const colors = {
  text: hex('#161616'),
  muted: hex('#595959'),
  blue: hex('#000091'),
  red: hex('#e1000f'),
  headerFill: hex('#ececfe'),
  zebraFill: hex('#f6f6f6'),
  rule: hex('#cecece'),
};

/** A4 portrait. */
export const page = {
  width: 595.28,
  height: 841.89,
  left: 70.87, // 25 mm
  right: 56.69, // 20 mm
  /** The letterhead starts here on the first page. */
  firstTop: 42.52, // 15 mm
  top: 56.69,
  /** The body stops here; the footer lives below. */
  bottom: 56.69, // 20 mm
  footerBaseline: 31.18, // 11 mm
};

export const contentWidth = page.width - page.left - page.right;

export const sizes = {
  body: 10,
  leading: 1.4,
  small: 8,
  table: 9,
  headings: [12, 10.5, 10] as const,
};
