/**
 * The entries of a zip held in memory, each inflated piece by piece on demand: a workbook's
 * sheets can then be read in the order the workbook lists them, and none is ever whole in memory.
 */
import { Inflate } from 'fflate';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const FULL = 0xffffffff;
/** Inflated a piece at a time: large enough to keep calls few, small enough to stay a detail. */
const PIECE = 64 * 1024;

class ZipError extends Error {}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(data: DataView, at: number): number {
  return data.getUint32(at, true) + data.getUint32(at + 4, true) * 2 ** 32;
}

function check(condition: boolean): asserts condition {
  if (!condition) throw new ZipError('archive endommagée');
}

/** The central directory, by lower-case name (part names of an OPC package ignore case). */
export function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  const data = view(bytes);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (data.getUint32(at, true) === EOCD) {
      end = at;
      break;
    }
  }
  check(end >= 0);
  let count = data.getUint16(end + 10, true);
  let at = data.getUint32(end + 16, true);
  if (at === FULL || count === 0xffff) {
    check(end >= 20 && data.getUint32(end - 20, true) === ZIP64_LOCATOR);
    const record = u64(data, end - 12);
    check(record + 56 <= bytes.length && data.getUint32(record, true) === ZIP64_EOCD);
    count = u64(data, record + 32);
    at = u64(data, record + 48);
  }
  const entries = new Map<string, ZipEntry>();
  const names = new TextDecoder();
  for (let i = 0; i < count; i++) {
    check(at + 46 <= bytes.length && data.getUint32(at, true) === CENTRAL);
    const nameLength = data.getUint16(at + 28, true);
    const extraLength = data.getUint16(at + 30, true);
    const entry: ZipEntry = {
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: data.getUint16(at + 10, true),
      compressedSize: data.getUint32(at + 20, true),
      size: data.getUint32(at + 24, true),
      offset: data.getUint32(at + 42, true),
    };
    // Zip64: the fields set to 0xFFFFFFFF follow in the extra field 0x0001, in this order.
    for (let extra = at + 46 + nameLength; extra + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = data.getUint16(extra, true);
      const length = data.getUint16(extra + 2, true);
      if (id === 1) {
        let field = extra + 4;
        for (const key of ['size', 'compressedSize', 'offset'] as const) {
          if (entry[key] === FULL) {
            entry[key] = u64(data, field);
            field += 8;
          }
        }
      }
      extra += 4 + length;
    }
    entries.set(entry.name.toLowerCase(), entry);
    at += 46 + nameLength + extraLength + data.getUint16(at + 32, true);
  }
  return entries;
}

/** Hands the entry's bytes to `sink` piece by piece, as they are inflated. */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, sink: (piece: Uint8Array) => void): void {
  const data = view(bytes);
  check(entry.offset + 30 <= bytes.length && data.getUint32(entry.offset, true) === LOCAL);
  const start = entry.offset + 30 + data.getUint16(entry.offset + 26, true) + data.getUint16(entry.offset + 28, true);
  const stored = bytes.subarray(start, start + entry.compressedSize);
  check(stored.length === entry.compressedSize);
  if (entry.method === 0) {
    for (let at = 0; at < stored.length; at += PIECE) sink(stored.subarray(at, at + PIECE));
    return;
  }
  check(entry.method === 8);
  let inflated = 0;
  const inflate = new Inflate((piece) => {
    inflated += piece.length;
    sink(piece);
  });
  for (let at = 0; at < stored.length; at += PIECE) {
    inflate.push(stored.subarray(at, at + PIECE), at + PIECE >= stored.length);
  }
  if (stored.length === 0) inflate.push(new Uint8Array(0), true);
  check(inflated === entry.size);
}

/** The entry as text, decoded piece by piece (a character may straddle two pieces). */
export function readEntryText(bytes: Uint8Array, entry: ZipEntry, sink: (text: string) => void): void {
  const decoder = new TextDecoder('utf-8');
  inflateEntry(bytes, entry, (piece) => {
    const text = decoder.decode(piece, { stream: true });
    if (text) sink(text);
  });
  const rest = decoder.decode();
  if (rest) sink(rest);
}
