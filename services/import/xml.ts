/**
 * A streaming XML tokenizer for the machine-written parts of a workbook: text is fed as it is
 * inflated, and elements and text come out as soon as they are whole. Names lose their namespace
 * prefix ("x:c" is "c"); comments, processing instructions and the doctype are skipped.
 */

export interface XmlHandler {
  /** `attributes` is the raw text after the name: read it with `attribute()` only when needed. */
  open(name: string, attributes: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Entity-decoded text; one text node may come in several calls. */
  text(text: string): void;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi;

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The decoded value of an attribute in the raw text `open` received, or undefined. */
export function attribute(attributes: string, name: string): string | undefined {
  let at = attributes.indexOf(name);
  while (at !== -1) {
    const before = attributes.charCodeAt(at - 1);
    let after = at + name.length;
    // A whole name: preceded by a space (or a namespace colon), followed by "=".
    if (before <= 32 || before === 58) {
      while (attributes.charCodeAt(after) <= 32) after++;
      if (attributes[after] === '=') {
        after++;
        while (attributes.charCodeAt(after) <= 32) after++;
        const quote = attributes[after];
        if (quote === '"' || quote === "'") {
          const end = attributes.indexOf(quote, after + 1);
          if (end !== -1) return decodeEntities(attributes.slice(after + 1, end));
        }
      }
    }
    at = attributes.indexOf(name, at + 1);
  }
  return undefined;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** Where the tag opened at `from` ends ('>' outside quoted values), or -1 if not yet read. */
function tagEnd(text: string, from: number): number {
  let quote = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 62) return i;
    else if (c === 34 || c === 39) quote = c;
  }
  return -1;
}

export class XmlTokenizer {
  private pending = '';

  constructor(private readonly handler: XmlHandler) {}

  write(chunk: string): void {
    const text = this.pending ? this.pending + chunk : chunk;
    const { handler } = this;
    let at = 0;
    for (;;) {
      const lt = text.indexOf('<', at);
      // Text is held until its end is seen, so that no entity is ever cut in two.
      if (lt === -1) break;
      if (lt > at) handler.text(decodeEntities(text.slice(at, lt)));
      at = lt;
      const next = text.charCodeAt(lt + 1);
      if (next === 33 /* ! */) {
        if (text.startsWith('<!--', lt)) {
          const end = text.indexOf('-->', lt + 4);
          if (end === -1) break;
          at = end + 3;
        } else if (text.startsWith('<![CDATA[', lt)) {
          const end = text.indexOf(']]>', lt + 9);
          if (end === -1) break;
          handler.text(text.slice(lt + 9, end));
          at = end + 3;
        } else {
          if (text.length < lt + 9) break;
          const end = tagEnd(text, lt + 2);
          if (end === -1) break;
          at = end + 1;
        }
      } else if (next === 63 /* ? */) {
        const end = text.indexOf('?>', lt + 2);
        if (end === -1) break;
        at = end + 2;
      } else if (next === 47 /* / */) {
        const end = text.indexOf('>', lt + 2);
        if (end === -1) break;
        handler.close(localName(text.slice(lt + 2, end).trim()));
        at = end + 1;
      } else if (Number.isNaN(next)) {
        break;
      } else {
        const end = tagEnd(text, lt + 1);
        if (end === -1) break;
        const selfClosing = text.charCodeAt(end - 1) === 47;
        const inner = text.slice(lt + 1, selfClosing ? end - 1 : end);
        let space = 0;
        while (space < inner.length && inner.charCodeAt(space) > 32) space++;
        const name = localName(inner.slice(0, space));
        handler.open(name, inner.slice(space), selfClosing);
        if (selfClosing) handler.close(name);
        at = end + 1;
      }
    }
    this.pending = text.slice(at);
  }

  /** The document is whole: anything left unread means it was cut. */
  end(): void {
    if (this.pending.trim()) throw new Error('XML incomplet');
  }
}
