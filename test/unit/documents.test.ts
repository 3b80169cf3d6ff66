import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import { sha256 } from '../../services/files';
import { restoreOffline } from '../../services/restore';
import { startRuntime } from '../../services/runtime';
import { addOneMonth } from '../../services/deadlines';
import { defuse } from '../../services/exports';
import { localDay } from '../../services/dates';
import { useRuntime, type TestRuntime } from '../support/runtime';
import { useTempDir } from '../support/temp';

const runtime = useRuntime();
const tempDir = useTempDir();

/** The text of a PDF as pdftotext reads it, on one line, with no-break spaces as plain spaces. */
function pdfText(path: string): string {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/[\s\u00a0\u202f\u2009]+/g, ' ');
}

async function closedSession(r: TestRuntime) {
  return scriptDemoSession(caller(r));
}

const appealMentions = [/délai de deux mois/, /recours gracieux/, /recours hiérarchique/, /tribunal administratif/, /Télérecours citoyens/];

describe('documents of a closed session', () => {
  it('writes each letter, agreement and the minutes with their mandatory content, and registers them', async () => {
    const r = await runtime();
    const session = await closedSession(r);
    const folder = join(tempDir(), 'documents');
    const result = await r.call('documents.generate', { sessionId: session.id, ...r.outputFolder(folder) });
    expect(result).toMatchObject({ total: 8, cancelled: false });
    const names = r.files === 'folder' ? readdirSync(folder) : result.documents.map((d) => basename(d.filePath));
    expect(names.sort()).toEqual([
      '2026-11-26_CPTS-Somme-Ouest_decision.pdf',
      '2026-11-26_ESP-Chauny-Centre_decision.pdf',
      '2026-11-26_ESP-de-Thierache_convention.pdf',
      '2026-11-26_ESP-de-Thierache_decision.pdf',
      '2026-11-26_ESP-du-Santerre_convention.pdf',
      '2026-11-26_ESP-du-Santerre_decision.pdf',
      '2026-11-26_MSP-Val-de-Sambre_decision.pdf',
      '2026-11-26_Seance-2026-04_proces-verbal.pdf',
    ]);
    const files = new Map<string, string>();
    for (const doc of result.documents) {
      const path = await r.localFile(doc);
      files.set(basename(path), path);
      expect(sha256(readFileSync(path))).toBe(doc.sha256);
      expect(() => execFileSync('qpdf', ['--check', path])).not.toThrow();
      expect(execFileSync('pdffonts', [path], { encoding: 'utf8' })).toMatch(/Marianne.*yes/);
    }
    const text = (name: string) => pdfText(files.get(`2026-11-26_${name}.pdf`)!);

    for (const name of ['ESP-de-Thierache', 'MSP-Val-de-Sambre', 'ESP-du-Santerre', 'ESP-Chauny-Centre', 'CPTS-Somme-Ouest']) {
      const letter = text(`${name}_decision`);
      for (const mention of [
        /Agence régionale de santé Hauts-de-France/,
        /Affaire suivie par/,
        /Référence : CS-2026-04\/0\d/,
        /Euralille, le 30 novembre 2026/,
        /Objet :/,
        /séance n° 2026-04 du 26 novembre 2026/,
        /Pour le directeur général et par délégation,/,
        /Directrice de l’offre de soins/,
        /Claire Vandenberghe/,
        ...appealMentions,
      ]) {
        expect(letter, `${name} : ${mention}`).toMatch(mention);
      }
    }
    expect(text('ESP-de-Thierache_decision')).toMatch(/P\.J\. : convention de financement[\s\S]*20 000,00 € \(vingt mille euros\)/);
    expect(text('MSP-Val-de-Sambre_decision')).not.toMatch(/P\.J\./);
    expect(text('ESP-du-Santerre_decision')).toMatch(/sous les réserves suivantes[\s\S]*statuts de l’association[\s\S]*protocoles pluriprofessionnels/);
    expect(text('ESP-Chauny-Centre_decision')).toMatch(/ne peut être retenu[\s\S]*aucun médecin généraliste[\s\S]*L1411-11-1/);
    expect(text('CPTS-Somme-Ouest_decision')).toMatch(/ajourner[\s\S]*diagnostic territorial/);

    const agreement = text('ESP-de-Thierache_convention');
    for (let n = 1; n <= 11; n++) expect(agreement).toMatch(new RegExp(`Article ${n} –`));
    for (const mention of [/Entre L’Agence régionale de santé Hauts-de-France, 556 avenue Willy Brandt/, /Direction de l’offre de soins/, /L1435-8/, /20 000,00 € \(vingt mille euros\)/, /SIRET 55967651022976/, /Budget prévisionnel/, /Ingénierie de projet\s+8 000,00 €/, /Total\s+20 000,00 €/, /Pour le bénéficiaire/]) {
      expect(agreement).toMatch(mention);
    }
    expect(text('ESP-du-Santerre_convention')).toMatch(/18 000,00 € \(dix-huit mille euros\)/);

    const minutes = text('Seance-2026-04_proces-verbal');
    for (const mention of [
      /Procès-verbal de la séance n° 2026-04/,
      /Présidence : Claire Vandenberghe/,
      /Secrétariat : Julie Perrin/,
      /Paul Durand.{0,80}Présent \(à distance\)/,
      /Marc Leroy.{0,80}Représenté par Inès Martin/,
      /Sophie Bernard.{0,80}Excusée/,
      /Yann Morel.{0,40}Consultative/,
      /Quorum atteint/,
      /Paul Durand s’est déporté sur le point 5 \(CPTS Somme Ouest\) ; il n’a pris part ni aux débats ni au vote\. Motif déclaré : Administrateur de la CPTS\./,
      /0 pour, 4 contre, 0 abstention/,
      /Favorable sous réserve/,
      /Ajourné/,
      /La présidente de séance/,
      /Le secrétariat de séance/,
      /Fin de la séance à 16 h 30/,
    ]) {
      expect(minutes).toMatch(mention);
    }
    expect(await r.call('documents.list', { sessionId: session.id })).toHaveLength(8);
  });

  it('makes a new version on a second run and never overwrites', async () => {
    const r = await runtime();
    const session = await closedSession(r);
    const folder = join(tempDir(), 'documents');
    const first = await r.call('documents.generate', { sessionId: session.id, ...r.outputFolder(folder), kinds: ['minutes'] });
    const original = readFileSync(await r.localFile(first.documents[0]!));
    const second = await r.call('documents.generate', { sessionId: session.id, ...r.outputFolder(folder), kinds: ['minutes'] });
    expect(second.documents[0]).toMatchObject({ version: 2, reference: 'CS-2026-04-v2' });
    expect(second.documents[0]!.filePath).toMatch(/proces-verbal-v2\.pdf$/);
    expect(readFileSync(await r.localFile(first.documents[0]!))).toEqual(original);
  });

  it('refuses, listing what is missing, and writes nothing, when the appeal block is empty', async () => {
    const r = await runtime();
    const session = await closedSession(r);
    const { templates } = await r.call('settings.get', {});
    await r.call('settings.update', { templates: { ...templates, letterAppeal: '' } });
    const folder = join(tempDir(), 'documents');
    const error = await r.refuse('documents.generate', { sessionId: session.id, ...r.outputFolder(folder) });
    expect(error.code).toBe('VALIDATION');
    expect(error.details?.[0]).toMatchObject({ field: 'templates.letterAppeal', message: expect.stringMatching(/voies et délais de recours/) });
    expect(error.details).toHaveLength(5);
    expect(existsSync(folder)).toBe(false);
    expect(await r.call('documents.list', { sessionId: session.id })).toEqual([]);
  });

  it('refuses an unknown placeholder in a template, naming it', async () => {
    const r = await runtime();
    const { templates } = await r.call('settings.get', {});
    const error = await r.refuse('settings.update', { templates: { ...templates, letterClosing: 'Bien à vous, {{dossier.inconnu}}.' } });
    expect(error.details).toEqual([
      { field: 'templates.letterClosing', message: "« {{dossier.inconnu}} » n'est pas un champ connu (voir la liste des champs disponibles)." },
    ]);
  });

  it('previews a letter without registering it, and refuses documents of an open session', async () => {
    const r = await runtime();
    const session = await closedSession(r);
    const preview = await r.call('documents.preview', { sessionId: session.id, kind: 'decision_letter', itemId: session.items[0]!.id });
    expect(Buffer.from(preview.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(await r.call('documents.list', {})).toEqual([]);
    await r.call('sessions.reopen', { id: session.id, reason: 'Vérification' });
    expect((await r.refuse('documents.generate', { sessionId: session.id })).code).toBe('CONFLICT');
  });

  it('tracks the one-month notification deadline and the letters sent', async () => {
    const r = await runtime();
    const session = await closedSession(r);
    const { documents } = await r.call('documents.generate', { sessionId: session.id, ...r.outputFolder(join(tempDir(), 'd')), kinds: ['decision_letter'] });
    const states = async (today: string) => (await r.call('dashboard.deadlines', { today })).map((d) => d.state);
    expect(await states('2026-12-01')).toEqual(['to_send', 'to_send', 'to_send', 'to_send', 'to_send']);
    expect(await states('2026-12-20')).toEqual(Array(5).fill('due_soon'));
    const today = localDay(new Date());
    await r.call('documents.markSent', { id: documents[0]!.id, sentAt: today });
    const late = await r.call('dashboard.deadlines', { today: '2026-12-27' });
    expect(late.map((d) => [d.dsNumber, d.deadline, d.state])).toEqual([
      [24001101, '2026-12-26', 'sent'],
      [24001102, '2026-12-26', 'late'],
      [24001105, '2026-12-26', 'late'],
      [24001103, '2026-12-26', 'late'],
      [24001104, '2026-12-26', 'late'],
    ]);
    expect((await r.call('dossiers.get', { dsNumber: 24001101 })).status).toBe('notified');
  });

  it('produces in the background, reports progress, and stops between two documents when asked', async () => {
    const r = await runtime();
    const session = await closedSession(r);
    const folder = join(tempDir(), 'd');
    const started = await r.call('documents.start', { sessionId: session.id, ...r.outputFolder(folder) });
    const cancelled = await r.call('documents.cancel', { jobId: started.id });
    expect(cancelled.state).toBe('running');
    // Polled as the interface does, letting the batch run in between.
    const poll = async (jobId: string) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return r.call('documents.job', { jobId });
    };
    let job = cancelled;
    while (job.state === 'running') job = await poll(started.id);
    expect(job.state).toBe('cancelled');
    expect(job.result?.documents.length).toBeLessThan(8);
    expect(await r.call('documents.list', { sessionId: session.id })).toHaveLength(job.result!.documents.length);

    job = await r.call('documents.start', { sessionId: session.id, ...r.outputFolder(folder) });
    while (job.state === 'running') job = await poll(job.id);
    expect(job).toMatchObject({ state: 'done', done: 8, total: 8, current: 'Procès-verbal — séance n° 2026-04' });
    expect((await r.refuse('documents.job', { jobId: 'inconnu' })).code).toBe('NOT_FOUND');
  });

  it('makes the full archive, the same from either engine: the database as SQLite, the attachments and the documents', async () => {
    const r = await runtime();
    const session = await closedSession(r);
    const { documents } = await r.call('documents.generate', { sessionId: session.id, ...r.outputFolder(join(tempDir(), 'd')) });
    const { id: dossierId } = await r.call('dossiers.get', { dsNumber: 24001101 });
    const pdf = Buffer.from('%PDF-1.4\n% statuts\n');
    const attachment = await r.call('attachments.add', { dossierId, kind: 'other', fileName: 'statuts.pdf', contentBase64: pdf.toString('base64') });
    const file = join(tempDir(), 'archive.zip');
    let job = await r.call('backups.archive', { file });
    while (job.state === 'running') job = await new Promise((done) => setTimeout(() => done(r.call('backups.job', { jobId: job.id })), 20));
    expect(job.state).toBe('done');
    const entries = unzipSync(readFileSync(file));
    const manifest = JSON.parse(strFromU8(entries['manifest.json']!)) as { files: { path: string; sha256: string; role: string }[]; missing: string[] };
    expect(manifest.missing).toEqual([]);
    for (const f of manifest.files) expect(sha256(entries[f.path]!), f.path).toBe(f.sha256);
    expect(manifest.files.filter((f) => f.role === 'document').map((f) => f.sha256).sort()).toEqual(documents.map((d) => d.sha256).sort());
    expect(manifest.files.filter((f) => f.role === 'attachment').map((f) => f.sha256)).toEqual([attachment.sha256]);

    // Opened back, the archived database holds what the running one holds.
    const copy = join(tempDir(), 'archive.sqlite');
    writeFileSync(copy, entries['commission.sqlite']!);
    const archived = new SQLite(copy, { readonly: true });
    try {
      for (const table of ['dossiers', 'sessions', 'agenda_items', 'documents', 'attachments', 'audit_log']) {
        const [here] = await r.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
        expect(archived.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: Number(here!.n) });
      }
      expect(archived.prepare('SELECT sha256 FROM documents ORDER BY id').pluck().all()).toEqual(documents.map((d) => d.sha256));
      expect(archived.prepare('SELECT count(*) FROM stored_files').pluck().get()).toBe(0);
      const [head] = await r.query<{ hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
      expect(archived.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').pluck().get()).toBe(head!.hash);
    } finally {
      archived.close();
    }

    // Restored onto a laptop, it is a working local base: the register, its files, the chain, new work.
    const target = join(tempDir(), 'poste', 'commission.sqlite');
    const applied = await restoreOffline(target, file, { actor: 'secretariat', appVersion: 'test' });
    expect(applied).toMatchObject({ format: 'archive', documentsNotRestored: [] });
    const laptop = await startRuntime(target, { actor: 'secretariat' });
    try {
      // The register points where the restore put the files: nothing for the start to put right.
      expect(laptop.recovery).toEqual({ removed: [], adopted: [], setAside: [], skipped: null });
      const call = caller(laptop);
      const restored = await call('documents.list', { sessionId: session.id });
      expect(restored.map((d) => d.sha256)).toEqual(documents.map((d) => d.sha256));
      // Named relative to the shared base, under this data folder; written elsewhere, where they were.
      expect(restored.map((d) => d.filePath)).toEqual(documents.map((d) => (isAbsolute(d.filePath) ? d.filePath : join(dirname(target), d.filePath))));
      for (const doc of restored) expect(sha256(readFileSync(doc.filePath)), doc.filePath).toBe(doc.sha256);
      const opened = await call('attachments.open', { id: attachment.id });
      expect(readFileSync(opened.path)).toEqual(pdf);
      expect(await call('audit.verify', {})).toMatchObject({ ok: true });
      const again = await call('documents.generate', { sessionId: session.id, kinds: ['minutes'] });
      expect(again.documents.map((d) => d.version)).toEqual([2]);
      expect(existsSync(again.documents[0]!.filePath)).toBe(true);
    } finally {
      await laptop.close();
    }
  });

  it('exports the results as CSV for French Excel and as XLSX, with formulas defused', async () => {
    const r = await runtime();
    let session = await closedSession(r);
    // A motivation that a spreadsheet would run as a formula.
    await r.call('sessions.reopen', { id: session.id, reason: 'Correction de la motivation' });
    const chauny = session.items.find((i) => i.dossier.dsNumber === 24001103)!;
    await r.call('items.recordOpinion', {
      itemId: chauny.id,
      opinion: { kind: 'unfavorable', motivation: '=HYPERLINK("http://exemple.test";"clic")', vote: { for: 0, against: 4, abstention: 0 } },
    });
    await r.call('items.recordDecision', { itemId: chauny.id, date: '2026-11-30' });
    session = await r.call('sessions.close', { id: session.id });

    const csv = Buffer.from((await r.call('sessions.export', { sessionId: session.id, format: 'csv' })).contentBase64, 'base64');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toMatch(/^Séance;Date de la séance;Point;N° de dossier;Équipe ou structure;/);
    expect(lines).toHaveLength(7);
    expect(lines.find((l) => l.includes('24001101'))).toMatch(/;Favorable;4;0;0;.*;20000;Accord;2026-11-30;20000;8000;7000;5000;/);
    const refusal = lines.find((l) => l.includes('24001103'))!;
    expect(refusal).toContain(`"'=HYPERLINK(""http://exemple.test"";""clic"")"`);

    const xlsx = Buffer.from((await r.call('sessions.export', { sessionId: session.id, format: 'xlsx' })).contentBase64, 'base64');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Séance 2026-04');
    expect(sheet.rowCount).toBe(6);
    const cell = sheet.getRow(5).getCell(16);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('=HYPERLINK("http://exemple.test";"clic")');
  });

  it('defuses every text cell that starts with = + - @, a tab or a carriage return, whatever follows, in CSV and XLSX', async () => {
    for (const text of ['=1+1', '+33 6 12', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("x")\nsuite', '=\r\n', '-']) {
      expect(defuse(text), JSON.stringify(text)).toBe(`'${text}`);
    }
    for (const text of ['', 'Avis favorable', 'a=b', ' =1', '1-2', 'é=1']) expect(defuse(text)).toBe(text);

    const r = await runtime();
    let session = await closedSession(r);
    await r.call('sessions.reopen', { id: session.id, reason: 'Correction de la motivation' });
    const chauny = session.items.find((i) => i.dossier.dsNumber === 24001103)!;
    const motivation = '=cmd|\' /C calc\'!A0\nseconde ligne';
    await r.call('items.recordOpinion', { itemId: chauny.id, opinion: { kind: 'unfavorable', motivation, vote: { for: 0, against: 4, abstention: 0 } } });
    await r.call('items.recordDecision', { itemId: chauny.id, date: '2026-11-30' });
    session = await r.call('sessions.close', { id: session.id });

    const csv = Buffer.from((await r.call('sessions.export', { sessionId: session.id, format: 'csv' })).contentBase64, 'base64').toString('utf8');
    expect(csv).toContain(`"'=cmd|' /C calc'!A0\nseconde ligne"`);
    expect(csv).not.toMatch(/(^|;)"?=/m);

    const xlsx = Buffer.from((await r.call('sessions.export', { sessionId: session.id, format: 'xlsx' })).contentBase64, 'base64');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const cell = workbook.worksheets[0]!.getRow(5).getCell(16);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(motivation);
    // Formatted as text: editing it in Excel keeps it text.
    expect(cell.numFmt).toBe('@');
  });

  it('counts a month as the calendar does', () => {
    expect(addOneMonth('2026-12-10')).toBe('2027-01-10');
    expect(addOneMonth('2027-01-31')).toBe('2027-02-28');
    expect(addOneMonth('2028-01-31')).toBe('2028-02-29');
  });
});
