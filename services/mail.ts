/**
 * E-mail drafts as .eml files (RFC 5322 with MIME, RFC 2045–2047 and 2231) that any mail client
 * opens: UTF-8 throughout, the text and the attachments in base64. `X-Unsent: 1` makes Outlook
 * open the file as a message to send rather than one received.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../shared/result';

export interface MailAddress {
  name?: string;
  address: string;
}

export interface MailAttachment {
  fileName: string;
  contentType: string;
  content: Uint8Array;
}

export interface MailDraft {
  from?: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  text: string;
  attachments: MailAttachment[];
  date: Date;
}

const CRLF = '\r\n';
/** Bytes of UTF-8 per encoded word: 52 base64 characters, a header line under 78. */
const WORD_BYTES = 39;
const ADDRESS = /^[^\s<>()[\],;:"\\@]+@[^\s<>()[\],;:"\\@]+$/;

const isPlainAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);

/** The text in RFC 2047 encoded words, never splitting a character, one word per folded line. */
export function encodedWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char, 'utf8') > WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

/** A header's text on one line (no header injection), encoded when it is not plain short ASCII. */
function headerText(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return isPlainAscii(line) && line.length <= 60 ? line : encodedWords(line);
}

function mailbox({ name, address }: MailAddress): string {
  if (!ADDRESS.test(address)) throw new AppError('VALIDATION', `L'adresse « ${address} » n'est pas une adresse électronique valide.`);
  const display = name?.replace(/\s+/g, ' ').trim();
  if (!display) return address;
  const phrase = isPlainAscii(display) ? `"${display.replace(/(["\\])/g, '\\$1')}"` : encodedWords(display);
  return `${phrase} <${address}>`;
}

/** Base64 in lines of 76 characters (RFC 2045). */
function base64Lines(bytes: Uint8Array): string {
  return (Buffer.from(bytes).toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

/** `name="…"` for the Content-Type, `filename…` for the Content-Disposition: RFC 2231 when not ASCII. */
function fileNameParameters(fileName: string): { name: string; filename: string } {
  const clean = fileName.replace(/[\r\n"\\]/g, '_');
  if (isPlainAscii(clean)) return { name: `name="${clean}"`, filename: `filename="${clean}"` };
  const percent = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return { name: `name="${encodedWords(clean).replace(/\r\n /g, ' ')}"`, filename: `filename*=UTF-8''${percent}` };
}

/** « Fri, 04 Dec 2026 18:05:00 +0100 »: the local time with its offset (RFC 5322 3.3). */
export function mailDate(date: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const zone = `${offset >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  return `${days[date.getDay()]}, ${pad(date.getDate())} ${months[date.getMonth()]} ${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${zone}`;
}

/** The whole message, CRLF line ends, ready to be written as a .eml file. */
export function composeEml(draft: MailDraft): string {
  const boundary = `=_commission_${randomBytes(12).toString('hex')}`;
  const domain = draft.from?.address.split('@')[1] ?? 'commission.invalid';
  const headers = [
    `Date: ${mailDate(draft.date)}`,
    ...(draft.from ? [`From: ${mailbox(draft.from)}`] : []),
    ...(draft.to.length ? [`To: ${draft.to.map(mailbox).join(`,${CRLF} `)}`] : []),
    ...(draft.cc.length ? [`Cc: ${draft.cc.map(mailbox).join(`,${CRLF} `)}`] : []),
    `Subject: ${headerText(draft.subject)}`,
    `Message-ID: <${randomBytes(16).toString('hex')}@${domain}>`,
    'X-Unsent: 1',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
  ];
  const text = draft.text.replace(/\r?\n/g, CRLF);
  const parts = [
    ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', base64Lines(Buffer.from(text, 'utf8'))].join(CRLF),
    ...draft.attachments.map((file) => {
      const { name, filename } = fileNameParameters(file.fileName);
      return [
        `Content-Type: ${file.contentType}; ${name}`,
        `Content-Disposition: attachment; ${filename}`,
        'Content-Transfer-Encoding: base64',
        '',
        base64Lines(file.content),
      ].join(CRLF);
    }),
  ];
  return [
    ...headers,
    '',
    'This is a multi-part message in MIME format.',
    ...parts.map((part) => `--${boundary}${CRLF}${part}`),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}
