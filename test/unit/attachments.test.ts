import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, inject, it } from 'vitest';
import { sample, sampleUpload } from '../support/fixtures';
import { useRuntime, type TestRuntime } from '../support/runtime';

const runtime = useRuntime();

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');

const contentTypes = (main: string, extra = '') =>
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  `<Override PartName="/word/document.xml" ContentType="${main}"/>${extra}</Types>`;
const WORD = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';

function docx(main = WORD, parts: Record<string, Uint8Array> = {}) {
  return zipSync({ '[Content_Types].xml': strToU8(contentTypes(main)), 'word/document.xml': strToU8('<w:document/>'), ...parts });
}

function odt(mimetype = 'application/vnd.oasis.opendocument.text', parts: Record<string, Uint8Array> = {}) {
  return zipSync({ mimetype: [strToU8(mimetype), { level: 0 }], 'content.xml': strToU8('<office:document-content/>'), ...parts });
}

const PDF = '%PDF-1.7\n% statuts\n';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
const CFB = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
const EXE = 'MZ\x90\x00\x03\x00\x00\x00\x04\x00';

async function dossier(r: TestRuntime) {
  await r.call('import.run', sampleUpload('demarches-simplifiees/hdf-dossiers-export.xlsx'));
  return (await r.call('dossiers.get', { dsNumber: 24001101 })).id;
}

const attach = (dossierId: number, fileName: string, content: Uint8Array | string) => ({
  dossierId,
  kind: 'other' as const,
  fileName,
  contentBase64: b64(content),
});

/** What the store keeps: the files under « pieces », or the database's rows. */
async function keptFiles(r: TestRuntime): Promise<string[]> {
  if (r.files === 'database') return (await r.query<{ sha256: string }>('SELECT sha256 FROM stored_files ORDER BY sha256')).map((f) => f.sha256);
  const folder = join(r.dataDir, 'pieces');
  return existsSync(folder) ? readdirSync(folder, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => f.name) : [];
}

describe('attachments', () => {
  it('keeps PDFs, images, office and OpenDocument files and plain text whose content matches the extension', async () => {
    const r = await runtime();
    const id = await dossier(r);
    const accepted: [string, Uint8Array | string][] = [
      ['statuts.pdf', PDF],
      ['scan.PNG', PNG],
      ['photo.jpeg', JPEG],
      ['scan.tif', 'II*\0\x08\0\0\0'],
      ['projet.docx', docx()],
      ['budget.xlsx', sample('demarches-simplifiees/hdf-dossiers-export.xlsx')],
      ['projet.odt', odt()],
      ['ancien.doc', CFB],
      ['liste.csv', sample('demarches-simplifiees/hdf-dossiers-export.csv')],
      ['notes.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Réunion du 3 mars\r\n', 'utf16le')])],
    ];
    for (const [fileName, content] of accepted) {
      expect((await r.call('attachments.add', attach(id, fileName, content))).originalName).toBe(fileName);
    }
    expect((await r.call('dossiers.get', { id })).attachments).toHaveLength(accepted.length);
  });

  it('refuses programs, scripts, shortcuts, macros and disguised files in French, writing nothing', async () => {
    const r = await runtime();
    const id = await dossier(r);
    const audit = async () => (await r.call('audit.list', { limit: 1000 })).length;
    const before = await audit();
    const refused: [string, Uint8Array | string, RegExp][] = [
      ['programme.exe', EXE, /^Les programmes, scripts, raccourcis et documents à macros \(\.exe\) ne peuvent pas être joints/],
      ['lancer.bat', '@echo off\r\n', /\(\.bat\)/],
      ['Projet.lnk', 'L\0\0\0', /\(\.lnk\)/],
      ['script.ps1', 'Remove-Item *', /\(\.ps1\)/],
      ['macro.vbs', 'MsgBox 1', /\(\.vbs\)/],
      ['page.hta', '<html>', /\(\.hta\)/],
      ['budget.xlsm', docx(), /\(\.xlsm\)/],
      ['archive.zip', docx(), /^Les fichiers \.zip ne sont pas admis/],
      ['sans extension', PDF, /doit finir par son extension/],
      ['statuts.pdf', EXE, /^« statuts\.pdf » est un programme, sous une extension \.pdf/],
      ['statuts.pdf.exe', EXE, /\(\.exe\)/],
      ['statuts.pdf', PNG, /^Le contenu de « statuts\.pdf » n'est pas celui d'un PDF/],
      ['projet.docx', PDF, /n'est pas celui d'un document Word \(sans macros\)/],
      ['projet.docx', docx('application/vnd.ms-word.document.macroEnabled.main+xml'), /document Word \(sans macros\)/],
      ['projet.docx', docx(WORD, { 'word/vbaProject.bin': new Uint8Array([1, 2, 3]) }), /document Word \(sans macros\)/],
      ['projet.odt', odt('application/vnd.oasis.opendocument.text', { 'Basic/Standard/Module1.xml': strToU8('<x/>') }), /texte OpenDocument/],
      ['projet.ods', odt(), /classeur OpenDocument/],
      ['notes.txt', new Uint8Array([0x50, 0, 1, 2]), /n'est pas celui d'un fichier texte/],
    ];
    for (const [fileName, content, message] of refused) {
      const error = await r.refuse('attachments.add', attach(id, fileName, content));
      expect(error.code, fileName).toBe('VALIDATION');
      expect(error.details?.[0], fileName).toMatchObject({ field: 'fileName', message: expect.stringMatching(message) });
    }
    for (const fileName of ['facture\u202Efdp.pdf', 'a\u2066b.pdf', 'nul\u0000.pdf']) {
      const error = await r.refuse('attachments.add', attach(id, fileName, PDF));
      expect(error.details?.[0]).toMatchObject({ field: 'fileName', message: expect.stringMatching(/^Le nom du fichier contient un caractère/) });
    }
    expect(await audit()).toBe(before);
    expect(await keptFiles(r)).toEqual([]);
  });

  it('shortens a long name for its copy, keeping the extension, and keeps the name as given', async () => {
    const r = await runtime();
    const id = await dossier(r);
    const fileName = `${'é'.repeat(120)}.pdf`;
    const attachment = await r.call('attachments.add', attach(id, fileName, PDF));
    expect(attachment.originalName).toBe(fileName);
    const { path } = await r.call('attachments.open', { id: attachment.id });
    expect(basename(path)).toMatch(/^[0-9a-f]{12}-é{50}\.pdf$/);
    const emoji = await r.call('attachments.add', attach(id, `${'👍🏽'.repeat(40)}.PDF`, `${PDF} `));
    const { path: second } = await r.call('attachments.open', { id: emoji.id });
    expect(Buffer.byteLength(basename(second))).toBeLessThanOrEqual(120);
    expect(basename(second)).toMatch(/^[0-9a-f]{12}-(👍🏽)+\.pdf$/);
  });

  it('opens only a kept copy that is still what its extension says, and its recorded bytes', async () => {
    const r = await runtime();
    const id = await dossier(r);
    const attachment = await r.call('attachments.add', attach(id, 'statuts.pdf', PDF));
    const { path } = await r.call('attachments.open', { id: attachment.id });
    expect(path.startsWith(r.dataDir)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(PDF);
    expect(r.opened).toEqual([path]);

    /** Replaces the kept bytes where the store keeps them. */
    const damage = async (bytes: string) => {
      if (r.files === 'folder') writeFileSync(path, bytes);
      else await r.query('UPDATE stored_files SET content = ? WHERE sha256 = ?', [Buffer.from(bytes), attachment.sha256]);
    };
    const where = r.files === 'folder' ? `sa copie est ici : ${path}` : 'sa copie est dans la base partagée';
    await damage(EXE);
    const changed = await r.refuse('attachments.open', { id: attachment.id });
    expect(changed.code).toBe('CONFLICT');
    expect(changed.message).toMatch(/est un programme[\s\S]*n'est pas ouverte ; /);
    expect(changed.message).toContain(where);
    await damage(PDF.replace('statuts', 'statutS'));
    expect(await r.refuse('attachments.open', { id: attachment.id })).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^La copie de « statuts\.pdf » a été modifiée depuis qu'elle a été jointe \(son empreinte ne correspond plus\)/),
    });
    if (r.files === 'folder') rmSync(path);
    else await r.query('DELETE FROM stored_files WHERE sha256 = ?', [attachment.sha256]);
    expect(await r.refuse('attachments.open', { id: attachment.id })).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(`^La copie de « statuts\\.pdf » est introuvable ${r.files === 'folder' ? 'dans le dossier des données' : 'dans la base partagée'}`),
    });
    expect(r.opened).toEqual([path]);
  });

  it('keeps one copy of the same bytes attached twice, and forgets it with the last attachment', async () => {
    const r = await runtime();
    const id = await dossier(r);
    const first = await r.call('attachments.add', attach(id, 'statuts.pdf', PDF));
    const second = await r.call('attachments.add', attach(id, 'statuts.pdf', PDF));
    expect(await keptFiles(r)).toHaveLength(1);
    await r.call('attachments.remove', { id: first.id });
    expect(await keptFiles(r)).toHaveLength(1);
    const { path } = await r.call('attachments.open', { id: second.id });
    expect(readFileSync(path, 'utf8')).toBe(PDF);
    await r.call('attachments.remove', { id: second.id });
    expect(await keptFiles(r)).toEqual([]);
  });

  it.runIf(inject('postgresTemplate'))('serves a copy in the cache only as the database keeps it', async () => {
    const r = await runtime();
    const id = await dossier(r);
    const attachment = await r.call('attachments.add', attach(id, 'statuts.pdf', PDF));
    const { path } = await r.call('attachments.open', { id: attachment.id });
    // A copy changed on this machine is taken again from the database.
    writeFileSync(path, EXE);
    expect((await r.call('attachments.open', { id: attachment.id })).path).toBe(path);
    expect(readFileSync(path, 'utf8')).toBe(PDF);
    rmSync(path);
    await r.call('attachments.open', { id: attachment.id });
    expect(readFileSync(path, 'utf8')).toBe(PDF);
  });
});
