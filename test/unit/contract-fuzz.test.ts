/**
 * Every contract method driven with arbitrary and hostile input against a real runtime: the
 * answer is a value or a refusal the user can read (VALIDATION, NOT_FOUND, CONFLICT, LOCKED, in
 * French), never INTERNAL, never a throw, in bounded time, and a refusal writes nothing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import SQLite from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, samplesDir, scriptDemoSession } from '../../cli/demo-session';
import { startRuntime, type Runtime } from '../../services/runtime';
import { contract, methodNames, type MethodName } from '../../shared/contract';
import { errorCodes, type Result } from '../../shared/result';
import { tidyText, z } from '../../shared/validation';

/** Calls per method; about 40 s for the whole contract on a small machine. */
const RUNS = 40;
/** A batch that succeeds writes a whole session's PDFs (about a second). */
const FEWER_RUNS: Partial<Record<MethodName, number>> = { 'documents.generate': 12, 'documents.start': 12 };
/** Generous: a PDF batch of a whole session fits well within it. */
const CALL_TIMEOUT_MS = 5_000;

let dir = '';
let runtime: Runtime;
let reader: SQLite.Database;
let folders = '';
/** What the folder the tests run from holds before any call: no input may write beside it. */
let cwdBefore: string[] = [];
/** Made by the build and by the end-to-end tests running meanwhile (ignored by git). */
const ownFolders = new Set(['out', 'test-artifacts', 'native', 'node_modules']);
const cwdEntries = () => readdirSync(process.cwd()).filter((name) => !ownFolders.has(name)).sort();

// ---------------------------------------------------------------------------------------------
// Values that broke things once, or might

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');
const sampleFile = (path: string) => readFileSync(join(samplesDir, path)).toString('base64');

const hostileStrings = [
  '',
  ' ',
  '\u0000',
  '\u200b',
  '\u200b\u2060\ufeff',
  '\u202e',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\u2066abc\u2069',
  'ok\u0007',
  '2026/04',
  'a[1]',
  '../../../../x',
  '.cache',
  'CON',
  'é'.repeat(120),
  'x'.repeat(60_000),
  '{{inconnu}}',
  "'; DROP TABLE dossiers; --",
  'undefined',
  'null',
  '=HYPERLINK("http://x")',
  'member:99',
  'member:0',
  'member:99999999999999999999',
  '1e21',
  '2026-02-30',
  '9999-12-31',
  '25:61',
];

const hostileNumbers = [
  0, -0, 1, 2, 3, 4, 5, -1, 0.5, 0.001, 1.005, 19.99, 20_000, 1e7, 1e7 + 0.01, 1e21, 2 ** 31, 2 ** 53, 2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER, 1e308, -1e308, 5e-324, NaN, Infinity, -Infinity,
];

const dates = ['2026-11-26', '2026-11-30', '2026-12-15', '2027-01-15', '2025-01-01', '2027-02-30', '0000-01-01', '9999-12-31'];

const fileNames = [
  'Projet de santé signé.pdf',
  'statuts.docx',
  'scan.jpg',
  'programme.exe',
  'lancer.bat',
  'raccourci.lnk',
  'facture\u202efdp.exe',
  `${'é'.repeat(120)}.pdf`,
  'hdf-dossiers-export.csv',
  'hdf-dossiers-export.xlsx',
  'zonage.csv',
  'sans extension',
  '.pdf',
  'con.pdf',
  'a/../../b.pdf',
];

const contents = [
  b64('%PDF-1.4\n% projet\n'),
  b64(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])),
  b64(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])),
  b64('MZ\x90\x00\x03\x00\x00\x00'),
  b64('@echo off\r\ndel *.*\r\n'),
  b64('PK\x03\x04 not really a zip'),
  b64(new Uint8Array([0, 1, 2, 255, 0, 7])),
  sampleFile('demarches-simplifiees/hdf-dossiers-export.csv'),
  sampleFile('demarches-simplifiees/hdf-dossiers-export.xlsx'),
  sampleFile('zonage/hdf-zonage-medecins.csv'),
  '',
  'pas du base64 !',
];

// ---------------------------------------------------------------------------------------------
// Inputs shaped like the contract's (from its JSON Schema), with hostile leaves

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  pattern?: string;
  format?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
}

const anyJson = fc.jsonValue({ maxDepth: 2 });
const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostileStrings) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
);
const hostileNumber = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostileNumbers) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
);
/** Constants, so that a failure is not shrunk through thousands of elements. */
const longLists = [null, 1, 'x', {}].map((v) => Array.from({ length: 2_000 }, () => v));
const rowId = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 8 }) }, { weight: 1, arbitrary: hostileNumber });

/** Keys naming a place on disk: documents' folder, a backup's or an archive's file, the backups folder. */
const PATH_KEYS = /^(folder|file|backupFolder)$/;
/** A path the system would take as absolute (POSIX, C:\, \\server\share). */
const ABSOLUTE = /^([a-zA-Z]:|[\\/])/;

/** Values the key suggests: ids of the seeded rows, files, dates, scorers. */
function byKey(key: string): fc.Arbitrary<unknown> | null {
  if (key === 'contentBase64') return fc.constantFrom(...contents);
  if (PATH_KEYS.test(key)) return fc.oneof(fc.constantFrom('/absolu', 'C:\\Sauvegardes', '\\\\serveur\\partage', 'relatif/x', '/proc/x'), hostileString);
  if (key === 'fileName') return fc.oneof(fc.constantFrom(...fileNames), hostileString);
  if (key === 'scorer') return fc.constantFrom('instructor', 'consensus', 'member:1', 'member:2', 'member:99', 'member:0', 'membre');
  if (key === 'number') return fc.oneof(fc.constantFrom('2027-02', 'CSP 2027.1', '2026-04'), hostileString);
  if (/^(date|today|sentAt|decisionDate|startDate)$/.test(key)) return fc.oneof(fc.constantFrom(...dates), hostileString);
  if (/^(id|\w+Id|gridVersion|dsNumber)$/.test(key)) return key === 'dsNumber' ? fc.constantFrom(24001101, 24001106, 1, -1) : rowId;
  return null;
}

function arbitraryFor(schema: JsonSchema, root: JsonSchema, key = '', depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return anyJson;
  if (schema.$ref) {
    const def = root.$defs?.[schema.$ref.replace('#/$defs/', '')];
    return def ? arbitraryFor(def, root, key, depth + 1) : anyJson;
  }
  const shaped = shapedFor(schema, root, key, depth);
  // Now and then a value of any type at all.
  return fc.oneof({ weight: 8, arbitrary: shaped }, { weight: 1, arbitrary: anyJson });
}

function shapedFor(schema: JsonSchema, root: JsonSchema, key: string, depth: number): fc.Arbitrary<unknown> {
  const keyed = byKey(key);
  if (keyed) return keyed;
  const options = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (options?.length) return fc.oneof(...options.map((s) => arbitraryFor(s, root, key, depth + 1)));
  if (schema.enum) return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: hostileString });
  if (schema.const !== undefined) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object':
      return objectFor(schema, root, depth);
    case 'array':
      return fc.oneof(
        { weight: 6, arbitrary: fc.array(schema.items ? arbitraryFor(schema.items, root, key, depth + 1) : anyJson, { maxLength: 4 }) },
        // Long lists, beyond every bound (the filter of 100 000 values is among the regressions below).
        { weight: 1, arbitrary: fc.constantFrom(...longLists) },
      );
    case 'string':
      if (schema.format === 'email') return fc.oneof(fc.constant('secretariat@ars.sante.fr'), hostileString);
      if (schema.pattern?.includes('\\d{4}-\\d{2}-\\d{2}')) return fc.oneof(fc.constantFrom(...dates), hostileString);
      if (schema.pattern?.includes(':[0-5]')) return fc.constantFrom('09:00', '14:30', '16:30', '24:00');
      return hostileString;
    case 'integer':
    case 'number':
      return fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 0, max: 100 }) }, { weight: 3, arbitrary: hostileNumber });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return anyJson;
  }
}

function objectFor(schema: JsonSchema, root: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const fields = Object.fromEntries(
    Object.entries(properties).map(([name, s]) => [name, arbitraryFor(s, root, name, depth + 1)]),
  );
  const shaped = fc.record(fields, {
    // Mostly complete, so that inputs reach the handlers.
    requiredKeys: Object.keys(fields).filter((name) => required.has(name)),
  });
  return fc.oneof(
    { weight: 6, arbitrary: shaped },
    { weight: 1, arbitrary: fc.tuple(shaped, fc.string({ maxLength: 8 }), anyJson).map(([o, k, v]) => ({ ...(o as object), [k]: v })) },
  );
}

// ---------------------------------------------------------------------------------------------
// Mutations of valid inputs

type Json = unknown;

/** Every path to a value inside `value`. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function replaceAt(value: Json, path: (string | number)[], replacement: Json | typeof DELETE): Json {
  if (!path.length) return replacement === DELETE ? undefined : replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, Json>;
  if (rest.length === 0 && replacement === DELETE) delete copy[head!];
  else copy[head!] = replaceAt(copy[head!], rest, replacement);
  return copy;
}

const DELETE = Symbol('delete');
const leaf = fc.oneof(hostileString, hostileNumber, anyJson, fc.constant(DELETE), fc.constant(null));

function mutationsOf(valid: Json): fc.Arbitrary<Json> {
  const all = paths(valid);
  return fc
    .array(fc.tuple(fc.integer({ min: 0, max: all.length - 1 }), leaf), { minLength: 1, maxLength: 3 })
    .map((changes) => changes.reduce<Json>((v, [i, replacement]) => replaceAt(v, all[i]!, replacement), valid));
}

// ---------------------------------------------------------------------------------------------
// What a refusal must not have touched

/** Row counts and largest ids of every table, the commit counter, and the files beside the database. */
function fingerprint(): string {
  // Ordinary tables only: the text index's own (virtual, shadow) follow the dossiers table.
  const tables = reader
    .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const rows = tables.map((t) => reader.prepare(`SELECT count(*) || '/' || coalesce(max(rowid), 0) FROM "${t}"`).pluck().get());
  const version = reader.pragma('data_version', { simple: true });
  return JSON.stringify({ version, rows, files: filesUnder(dir) });
}

function filesUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      // The database itself, and the safety copies made before an import that may then be refused.
      else if (!/\.sqlite(-wal|-shm|-journal)?$/.test(name) && !/^sauvegardes\b/.test(relative(root, path))) {
        found.push(relative(root, path));
      }
    }
  };
  walk(root);
  return found.sort();
}

// ---------------------------------------------------------------------------------------------
// The runtime under test

/**
 * Files only go where the test looks: an absolute path becomes one of the test's folders, at any
 * depth; other values stay, to test that they are refused.
 */
function contained(input: unknown): unknown {
  if (input === null || typeof input !== 'object') return input;
  if (Array.isArray(input)) return input.map(contained);
  return Object.fromEntries(
    Object.entries(input).map(([key, value]) => [
      key,
      // Tidied as the app tidies it: « \u200B/x » is /x to it.
      PATH_KEYS.test(key) && typeof value === 'string' && ABSOLUTE.test(tidyText(value, false)) ? join(folders, key) : contained(value),
    ]),
  );
}

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} : pas de réponse en ${CALL_TIMEOUT_MS} ms`)), CALL_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Background work a method starts, and the method that follows it. */
const JOBS: Partial<Record<string, string>> = { 'documents.start': 'documents.job', 'backups.archive': 'backups.job' };

/** Background work writes after its call returns: wait for it, so that the next refusal is judged alone. */
async function settle(method: MethodName, result: Result<unknown>): Promise<void> {
  const follow = JOBS[method];
  const job = result.ok ? (result.value as { id?: unknown; state?: unknown }) : null;
  if (!follow || typeof job?.id !== 'string') return;
  for (let i = 0; i < 400 && job.state === 'running'; i++) {
    const next = await runtime.dispatch(follow, { jobId: job.id });
    if (!next.ok || (next.value as { state: string }).state !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** English words of runtime errors, and the lines of a stack trace. */
const NOT_FOR_USERS = /\b(the|is|not|cannot|failed|error|invalid|expected|received|of)\b|\n\s+at /i;

/** Every key and text of a value. */
function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...textsOf(v)]);
}

/**
 * The message without what the caller sent and it quotes back (« … », "…"): only the app's own
 * words are judged. An echo becomes a letter, so that one cut out of a French word (« dm » of
 * « admis ») does not leave an English-looking word behind (« is »).
 */
function withoutEchoes(message: string, input: unknown): string {
  const echoed = [...new Set(textsOf(input))].filter((t) => t.length > 1).sort((a, b) => b.length - a.length);
  return echoed.reduce((text, t) => text.split(t).join('x'), message).replace(/«[^»]*»|"[^"]*"/g, '«»');
}

async function check(method: MethodName, rawInput: unknown): Promise<void> {
  const input = contained(rawInput);
  const before = fingerprint();
  const sent = JSON.stringify(input) ?? '';
  const shown = sent.slice(0, 300);
  let result: Result<unknown>;
  const start = performance.now();
  try {
    result = await withTimeout(runtime.dispatch(method, input), method);
  } catch (error) {
    throw new Error(`${method} a levé une exception pour ${shown} : ${String(error)}`, { cause: error });
  }
  // Work that never yields outruns the timer: measured as well.
  const elapsed = performance.now() - start;
  expect(elapsed, `${method} ${shown} : ${Math.round(elapsed)} ms`).toBeLessThan(CALL_TIMEOUT_MS);
  await settle(method, result);
  if (result.ok) return;
  const { code, message, details } = result.error;
  const context = `${method} ${shown} → ${code} ${message}`;
  expect(code, context).not.toBe('INTERNAL');
  expect(errorCodes, context).toContain(code);
  for (const text of [message, ...(details ?? []).map((d) => d.message)]) {
    expect(text, context).toMatch(/\p{L}{2}/u);
    expect(withoutEchoes(text, input), context).not.toMatch(NOT_FOR_USERS);
    // « undefined » only when the caller sent it.
    if (!sent.includes('undefined')) expect(text, context).not.toContain('undefined');
  }
  expect(fingerprint(), `${context} : un refus a écrit`).toBe(before);
}

/** Valid inputs for the seeded data, to mutate: they reach deep into the handlers. */
function validInputs(): Partial<Record<MethodName, unknown[]>> {
  const pdf = b64('%PDF-1.4\n% statuts\n');
  const grant = { amount: 20000, engineering: 8000, it: 7000, furniture: 5000 };
  return {
    'settings.update': [{ grants: { defaultStartupGrant: 20000, ceiling: 50000 } }],
    'dossiers.list': [{ search: 'esp', statuses: ['decided'], departmentCodes: ['02', '80'], sort: { field: 'name', direction: 'asc' } }],
    'dossiers.create': [{ data: { structureType: 'ESP', name: 'ESP des Trois-Rivières', grant: { requested: 20000, engineering: 10000, it: 6000, furniture: 4000 } } }],
    'attachments.add': [{ dossierId: 6, kind: 'statutes', fileName: 'statuts.pdf', contentBase64: pdf }],
    'members.save': [{ member: { firstName: 'Léa', lastName: 'Roux', organisation: 'URPS' } }],
    'sessions.create': [{ number: '2027-02', date: '2027-01-15', place: 'Euralille' }],
    'sessions.update': [{ id: 2, fields: { number: '2027-01', date: '2027-01-15', place: 'Lille', chairMemberId: 1 } }],
    'sessions.setRoll': [{ sessionId: 2, members: [{ memberId: 1, status: 'present' }, { memberId: 2, status: 'represented', proxyHolderId: 1 }] }],
    'agenda.set': [{ sessionId: 2, items: [{ dossierId: 6, rapporteurMemberId: 1 }] }],
    'conflicts.set': [{ sessionId: 2, withdrawals: [{ memberId: 1, itemId: 6, reason: 'Lien avec le porteur' }] }],
    'items.recordOpinion': [{ itemId: 6, opinion: { kind: 'favorable', vote: { for: 1, against: 0, abstention: 0 }, grant } }],
    'items.recordDecision': [{ itemId: 1, outcome: 'favorable', grant, date: '2026-11-30' }],
    'sessions.reopen': [{ id: 1, reason: 'Erreur de saisie du vote' }],
    'sessions.close': [{ id: 1, decisionDate: '2026-11-30' }],
    'scores.save': [{ dossierId: 6, scorer: 'member:1', sheet: { values: {} } }],
    'documents.preview': [{ sessionId: 1, kind: 'decision_letter', itemId: 1 }],
    'documents.markSent': [{ id: 1, sentAt: '2026-12-01' }],
    'sessions.export': [{ sessionId: 1, format: 'xlsx' }],
  };
}

beforeAll(async () => {
  cwdBefore = cwdEntries();
  // One database for the whole run (useTempDir would empty it after each method).
  dir = mkdtempSync(join(tmpdir(), 'commission-fuzz-'));
  folders = mkdtempSync(join(tmpdir(), 'commission-fuzz-documents-'));
  runtime = await startRuntime(join(dir, 'commission.sqlite'), { actor: 'fuzz', openPath: async () => {} });
  const call = caller(runtime);
  // A closed session with its register, an open one, an attachment and a member's sheet.
  const closed = await scriptDemoSession(call);
  await call('documents.generate', { sessionId: closed.id, folder: join(folders, 'seed'), kinds: ['minutes'] });
  const open = await call('sessions.create', { number: '2027-01', date: '2027-01-15', place: 'Euralille' });
  await call('agenda.set', { sessionId: open.id, items: [{ dossierId: 6, rapporteurMemberId: null }] });
  await call('attachments.add', { dossierId: 1, kind: 'health_project_signed', fileName: 'projet.pdf', contentBase64: b64('%PDF-1.4\n') });
  reader = new SQLite(join(dir, 'commission.sqlite'), { readonly: true });
}, 60_000);

afterAll(async () => {
  reader?.close();
  await runtime?.close();
  for (const path of [dir, folders]) if (path) rmSync(path, { recursive: true, force: true });
});

describe('every contract method under arbitrary input', () => {
  it('answers the inputs that once threw, failed or were stored as they should', async () => {
    const expectCode = async (method: MethodName, input: unknown, code: string) => {
      await check(method, input);
      const result = await runtime.dispatch(method, input);
      expect(result.ok ? 'ok' : result.error.code, `${method} ${JSON.stringify(input).slice(0, 200)}`).toBe(code);
    };
    for (const amount of [1e21, 2 ** 53 + 2, 1e308]) {
      const grant = { amount, engineering: amount, it: 0, furniture: 0 };
      await expectCode('items.recordDecision', { itemId: 1, outcome: 'favorable', grant, reason: 'Montant revu.' }, 'VALIDATION');
      await expectCode('items.recordOpinion', { itemId: 6, opinion: { kind: 'favorable', grant } }, 'VALIDATION');
      await expectCode('settings.update', { grants: { defaultStartupGrant: amount, ceiling: amount } }, 'VALIDATION');
      await expectCode('dossiers.create', { data: { structureType: 'ESP', name: 'ESP', grant: { requested: amount } } }, 'VALIDATION');
    }
    await expectCode('dossiers.list', { departmentCodes: Array.from({ length: 100_000 }, (_, i) => String(i % 1000)) }, 'VALIDATION');
    for (const number of ['2026/04', 'CS[1]', '../../../../x']) {
      await expectCode('sessions.create', { number, date: '2027-01-14', place: 'Lille' }, 'VALIDATION');
    }
    await expectCode('sessions.reopen', { id: 1, reason: '\u200b' }, 'VALIDATION');
    await expectCode('scores.save', { dossierId: 6, scorer: 'member:999', sheet: { values: {} } }, 'NOT_FOUND');
    for (const fileName of ['programme.exe', 'lancer.bat', 'raccourci.lnk', 'facture\u202efdp.pdf']) {
      await expectCode('attachments.add', { dossierId: 2, kind: 'other', fileName, contentBase64: b64('MZ\x90\x00') }, 'VALIDATION');
    }
    await expectCode('attachments.add', { dossierId: 2, kind: 'other', fileName: `${'é'.repeat(120)}.pdf`, contentBase64: b64('%PDF-1.4\n') }, 'ok');
  });

  it.each(methodNames)('%s answers a value or a readable refusal, and a refusal writes nothing', async (method) => {
    const root = z.toJSONSchema(contract[method].input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const valid = validInputs()[method] ?? [];
    const input = fc.oneof(
      { weight: 1, arbitrary: anyJson },
      { weight: 4, arbitrary: arbitraryFor(root, root) },
      ...valid.map((v) => ({ weight: 3, arbitrary: mutationsOf(v) })),
      ...valid.map((v) => ({ weight: 1, arbitrary: fc.constant(v) })),
    );
    await fc.assert(fc.asyncProperty(input, (value) => check(method, value)), {
      numRuns: FEWER_RUNS[method] ?? RUNS,
      // Shrinking reruns calls of up to seconds each: the failing input is in the message as it is.
      endOnFailure: true,
    });
  });
});

describe('after every method', () => {
  it('wrote nothing in the folder the tests run from: paths are full paths, never resolved against it', () => {
    expect(cwdEntries()).toEqual(cwdBefore);
  });
});
