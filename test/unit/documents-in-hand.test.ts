import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import { localDay } from '../../services/dates';
import { sha256 } from '../../services/files';
import { composeEml, encodedWords } from '../../services/mail';
import { daysBetween, noticeWarning } from '../../services/convocations';
import { startRuntime } from '../../services/runtime';
import { printCommand } from '../../services/system-print';
import { cliArgs, root } from '../support/reliability';
import { readEml, takeDraft } from '../support/eml';
import { useRuntime, type TestRuntime } from '../support/runtime';
import { useTempDir } from '../support/temp';

const runtime = useRuntime({ desktop: true });
const tempDir = useTempDir();

/** pdftotext's reading, on one line, no-break spaces as plain spaces. */
function pdfText(path: string): string {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/[\s\u00a0\u202f\u2009]+/g, ' ');
}

/** The demo's closed session with its documents produced. */
async function producedSession(r: TestRuntime) {
  const session = await scriptDemoSession(caller(r));
  const { documents } = await r.call('documents.generate', { sessionId: session.id });
  return { session, documents };
}

/** No-break spaces as plain ones: the French typography puts them before « : » and in dates. */
const plain = (text: string | undefined) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');

const letterOf = (documents: Awaited<ReturnType<typeof producedSession>>['documents'], name: string) =>
  documents.find((d) => d.kind === 'decision_letter' && d.dossierName === name)!;

describe('documents in hand', () => {
  it('opens, prints, shows and copies a registered document, each checked against its sha256', async () => {
    const r = await runtime();
    const { documents } = await producedSession(r);
    const letter = letterOf(documents, 'ESP de Thiérache');
    const local = r.keptPath(letter.filePath);

    expect(await r.call('documents.open', { id: letter.id })).toEqual({ path: local, opened: true });
    expect(sha256(readFileSync(local))).toBe(letter.sha256);
    expect(await r.call('documents.print', { id: letter.id })).toEqual({ path: local, printed: true });
    expect(await r.call('documents.reveal', { id: letter.id })).toEqual({ path: local, shown: true });
    const saved = await r.call('documents.saveCopy', { id: letter.id });
    expect(saved.path).toBe(join(r.dir, 'enregistrements', basename(letter.filePath)));
    expect(sha256(readFileSync(saved.path!))).toBe(letter.sha256);
    const elsewhere = join(tempDir(), 'copie.pdf');
    expect(await r.call('documents.saveCopy', { id: letter.id, to: elsewhere })).toEqual({ path: elsewhere });
    expect(r.desktop!.actions.map((a) => [a.action, basename(a.path)])).toEqual([
      ['open', basename(letter.filePath)],
      ['print', basename(letter.filePath)],
      ['reveal', basename(letter.filePath)],
      ['save', basename(letter.filePath)],
    ]);

    r.desktop!.cancel = true;
    expect(await r.call('documents.saveCopy', { id: letter.id })).toEqual({ path: null });
    expect(await r.refuse('documents.saveCopy', { id: letter.id, to: local })).toMatchObject({ code: 'VALIDATION' });

    await r.alterKept(letter, Buffer.concat([readFileSync(saved.path!), Buffer.from('%% ajout\n')]));
    const changed = await r.refuse('documents.open', { id: letter.id });
    expect(changed.code).toBe('CONFLICT');
    expect(changed.message).toContain('a été modifié depuis sa production');
    expect(await r.refuse('documents.print', { id: letter.id })).toMatchObject({ code: 'CONFLICT' });
    expect((await r.refuse('documents.open', { id: 9999 })).code).toBe('NOT_FOUND');
  });

  it("prints with the system's verb, the path never inside a command line", () => {
    const path = String.raw`C:\Users\julie\Documents\a"b; rm -rf $x.pdf`;
    const windows = printCommand('win32', path);
    expect(windows.args.join(' ')).not.toContain(path);
    expect(windows.env).toEqual({ COMMISSION_PRINT_FILE: path });
    expect(printCommand('linux', path)).toEqual({ file: 'lp', args: ['--', path] });
  });

  it("zips the latest version of each of a session's documents, and refuses when one is missing", async () => {
    const r = await runtime();
    const { session, documents } = await producedSession(r);
    // A second version of the minutes: the ZIP holds the newest only.
    const again = await r.call('documents.generate', { sessionId: session.id, kinds: ['minutes'] });
    const to = join(tempDir(), 'seance.zip');
    const zip = await r.call('documents.zip', { sessionId: session.id, to });
    expect(zip.path).toBe(to);
    const entries = unzipSync(readFileSync(to));
    expect(Object.keys(entries).sort()).toEqual(zip.files.map((f) => f.name).sort());
    expect(Object.keys(entries)).toHaveLength(8);
    const minutes = again.documents[0]!;
    expect(zip.files.find((f) => f.reference === minutes.reference)).toBeDefined();
    for (const doc of [...documents.filter((d) => d.kind !== 'minutes'), minutes]) {
      expect(sha256(entries[basename(doc.filePath)]!)).toBe(doc.sha256);
    }

    const viaDialog = await r.call('documents.zip', { sessionId: session.id });
    expect(viaDialog.path).toBe(join(r.dir, 'enregistrements', 'seance-2026-04-documents.zip'));

    await r.alterKept(documents[0]!, null);
    const missing = await r.refuse('documents.zip', { sessionId: session.id, to: join(tempDir(), 'autre.zip') });
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain(documents[0]!.reference);
  });
});

describe('from the command line', () => {
  it("writes a session's ZIP and its letters' drafts", async () => {
    const dir = tempDir();
    const db = join(dir, 'x.db');
    const setup = await startRuntime(db, { actor: 'test' });
    try {
      const session = await scriptDemoSession(caller(setup));
      await caller(setup)('documents.generate', { sessionId: session.id });
    } finally {
      await setup.close();
    }
    const cli = (...args: string[]) => spawnSync(process.execPath, cliArgs('--db', db, ...args), { cwd: root, encoding: 'utf8' });
    const zip = cli('zip', '2026-04', '--out', join(dir, 'seance.zip'));
    expect(zip.status).toBe(0);
    expect(Object.keys(unzipSync(readFileSync(join(dir, 'seance.zip'))))).toHaveLength(8);
    const mail = cli('mail', '2026-04', '--out', join(dir, 'brouillons'));
    expect(mail.status).toBe(0);
    const drafts = (JSON.parse(mail.stdout) as { drafts: { path: string }[] }).drafts;
    expect(drafts).toHaveLength(5);
    expect((await readEml(drafts[0]!.path)).attachments.length).toBeGreaterThan(0);
  });
});

describe('e-mail drafts', () => {
  it('encodes a French subject in RFC 2047 words that a parser reads back whole', async () => {
    const subject = 'Décision relative à votre demande — ESP « Les Trois-Îlets » 🩺 '.repeat(3).trim();
    const words = encodedWords(subject);
    for (const line of words.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    const dir = tempDir();
    const path = join(dir, 'essai.eml');
    writeFileSync(
      path,
      composeEml({
        from: { name: 'Agence régionale de santé', address: 'ars@example.fr' },
        to: [{ name: 'Anne "Nanou" Lefebvre', address: 'anne@example.fr' }],
        cc: [],
        subject: `${subject}\r\nBcc: intrus@example.fr`,
        text: 'Madame,\nVoici le courrier.\n\nCordialement',
        attachments: [{ fileName: 'décision n° 1.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 é') }],
        date: new Date('2026-12-04T17:00:00Z'),
      }),
    );
    const mail = await readEml(path);
    expect(mail.subject).toBe(`${subject} Bcc: intrus@example.fr`);
    expect(mail.bcc).toBeUndefined();
    expect(mail.to).toEqual([{ name: 'Anne "Nanou" Lefebvre', address: 'anne@example.fr' }]);
    expect(mail.from).toMatchObject({ name: 'Agence régionale de santé', address: 'ars@example.fr' });
    expect(mail.text?.replace(/\r\n/g, '\n')).toBe('Madame,\nVoici le courrier.\n\nCordialement');
    expect(mail.files).toEqual([
      { filename: 'décision n° 1.pdf', mimeType: 'application/pdf', disposition: 'attachment', sha256: sha256(Buffer.from('%PDF-1.4 é')) },
    ]);
    expect(new Date(mail.date!).toISOString()).toBe('2026-12-04T17:00:00.000Z');
  });

  it("drafts a letter's e-mail: to the sponsor, a copy to the département, the letter and its agreement attached", async () => {
    const r = await runtime();
    const { session, documents } = await producedSession(r);
    const letter = letterOf(documents, 'ESP de Thiérache');
    const agreement = documents.find((d) => d.kind === 'funding_agreement' && d.dossierId === letter.dossierId)!;
    const dossier = await r.call('dossiers.get', { id: letter.dossierId! });
    const sponsor = dossier.data.sponsor;
    expect(sponsor.email).not.toBe('');

    const draft = await r.call('mail.letterDraft', { documentId: letter.id });
    expect(draft.opened).toBe(true);
    expect(r.opened.at(-1)).toBe(draft.path);
    expect(draft.path.endsWith('.eml')).toBe(true);
    const mail = await takeDraft(draft.path);
    expect(mail.to).toEqual([{ name: `${sponsor.firstName} ${sponsor.lastName}`, address: sponsor.email }]);
    expect(mail.cc?.map((a) => a.address)).toEqual([`ars-hdf-dd${dossier.data.departmentCode}@ars.sante.fr`]);
    expect(mail.subject).toBe('Décision relative à votre demande de reconnaissance — ESP de Thiérache (dossier n° 24001101)');
    expect(mail.headers.find((h) => h.key === 'x-unsent')?.value).toBe('1');
    const salutation = sponsor.civility === 'Mme' ? 'Madame' : sponsor.civility === 'M.' ? 'Monsieur' : 'Madame, Monsieur';
    expect(mail.text).toMatch(new RegExp(`^${salutation},`));
    expect(mail.text).toContain(`référence ${letter.reference}`);
    expect(plain(mail.text)).toContain('séance du 26 novembre 2026');
    expect(mail.files.map((f) => [f.filename, f.sha256])).toEqual([
      [basename(letter.filePath), letter.sha256],
      [basename(agreement.filePath), agreement.sha256],
    ]);

    // A letter without agreement has one attachment; the template is the agency's.
    const settings = await r.call('settings.get', {});
    await r.call('settings.update', {
      templates: { ...settings.templates, mailLetterSubject: 'Votre dossier {{dossier.numero}} : décision du {{decision.date}}' },
    });
    const folder = join(tempDir(), 'brouillons');
    const all = await r.call('mail.sessionDrafts', { sessionId: session.id, folder });
    expect(all.folder).toBe(folder);
    expect(all.drafts).toHaveLength(5);
    const unfavorable = letterOf(documents, 'ESP Chauny Centre');
    const other = all.drafts.find((d) => d.attachments[0] === basename(unfavorable.filePath))!;
    const read = await readEml(other.path);
    expect(plain(read.subject)).toMatch(/^Votre dossier \d+ : décision du \d+ \S+ 2026$/);
    expect(read.files.map((f) => f.sha256)).toEqual([unfavorable.sha256]);
  });
});

describe('convocations', () => {
  it('counts the five days of CRPA R133-8 from today, and names late sendings', () => {
    expect(daysBetween('2026-11-20', '2026-11-26')).toBe(6);
    expect(noticeWarning('2026-11-26', '2026-11-21', [{ name: 'A', sentAt: null }])).toBeNull();
    expect(noticeWarning('2026-11-26', '2026-11-22', [{ name: 'A', sentAt: null }])).toMatch(/dans 4 jours .* moins de cinq jours .* R133-8/);
    expect(noticeWarning('2026-11-26', '2026-11-26', [{ name: 'A', sentAt: '2026-11-10' }])).toBeNull();
    expect(plain(noticeWarning('2026-11-26', '2026-11-26', [{ name: 'Inès Martin', sentAt: '2026-11-23' }])!)).toBe(
      'Convocation envoyée moins de cinq jours avant la séance : Inès Martin (le 23 novembre 2026).',
    );
  });

  it('writes a convocation per member and the agenda, records their sending, and drafts their e-mails', async () => {
    const r = await runtime();
    const call = caller(r);
    await scriptDemoSession(call);
    const members = await r.call('members.list', {});
    const member = (lastName: string) => members.find((m) => m.lastName === lastName)!;
    const { version, ...martin } = member('Martin');
    await r.call('members.save', { member: { ...martin, email: 'ines.martin@urps.example.fr' }, expectedVersion: version });
    const inFourDays = localDay(new Date(Date.now() + 4 * 86_400_000));
    const session = await r.call('sessions.create', {
      number: '2027-01',
      date: inFourDays,
      startTime: '09:30',
      place: 'ARS Hauts-de-France, Euralille',
      videoLink: 'https://webconf.example.fr/commission',
    });
    const dossier = (n: number) => r.call('dossiers.get', { dsNumber: n });
    await r.call('agenda.set', {
      sessionId: session.id,
      items: [{ dossierId: (await dossier(24001102)).id, rapporteurMemberId: member('Martin').id }, { dossierId: (await dossier(24001104)).id }],
    });
    const generated = await r.call('convocations.generate', { sessionId: session.id });
    expect(generated.members).toHaveLength(members.length);
    expect(generated.daysBefore).toBe(4);
    expect(plain(generated.warning!)).toMatch(/dans 4 jours .* moins de cinq jours avant la réunion \(CRPA, art\. R133-8\)/);

    const ines = generated.members.find((m) => m.memberId === member('Martin').id)!;
    expect(ines.email).toBe('ines.martin@urps.example.fr');
    // Opened, each is checked and put on this machine (copied from the database when kept there).
    const opened = async (memberId?: number) => (await r.call('convocations.open', { sessionId: session.id, ...(memberId === undefined ? {} : { memberId }) })).path;
    expect(await opened(ines.memberId)).toBe(ines.filePath);
    expect(await opened()).toBe(generated.agendaPath);
    for (const path of [ines.filePath!, generated.agendaPath!]) expect(() => execFileSync('qpdf', ['--check', path])).not.toThrow();
    const text = pdfText(ines.filePath!);
    for (const mention of [
      /Agence régionale de santé Hauts-de-France/,
      /Mme Inès Martin/,
      /URPS médecins libéraux/,
      /Objet : convocation à la séance n° 2027-01/,
      /Madame,/,
      /Heure 9 h 30/,
      /Lieu ARS Hauts-de-France, Euralille/,
      /Visioconférence https:\/\/webconf\.example\.fr\/commission/,
      /Vous y siégez avec voix délibérative\./,
      /Vous êtes désignée rapporteure du dossier : MSP Val de Sambre\./,
      /Ordre du jour 1\. MSP Val de Sambre — maison de santé pluriprofessionnelle/,
      /Rapporteure : Mme Inès Martin/,
      /Documents à examiner/,
      /Dossier de demande n° 24001102 déposé sur Démarches Simplifiées/,
      /Claire Vandenberghe/,
    ]) {
      expect(text, String(mention)).toMatch(mention);
    }
    const paul = generated.members.find((m) => m.memberId === member('Durand').id)!;
    expect(await opened(paul.memberId)).toBe(paul.filePath);
    expect(pdfText(paul.filePath!)).toMatch(/M\. Paul Durand .*Monsieur,/);
    expect(pdfText(generated.agendaPath!)).toMatch(/Ordre du jour de la séance n° 2027-01 .*1\. MSP Val de Sambre .*2\. CPTS Somme Ouest/);

    expect(await r.refuse('convocations.markSent', { sessionId: session.id, memberIds: [ines.memberId], sentAt: '2099-01-01' })).toMatchObject({
      code: 'VALIDATION',
    });
    const sent = await r.call('convocations.markSent', { sessionId: session.id, memberIds: [ines.memberId] });
    expect(sent.members.find((m) => m.memberId === ines.memberId)!.sentAt).toBe(localDay(new Date()));
    expect(sent.members.filter((m) => m.sentAt !== null)).toHaveLength(1);
    expect(plain(sent.warning!)).toContain('Convocation envoyée moins de cinq jours avant la séance : Inès Martin');
    expect((await r.call('audit.list', { entityType: 'session', entityId: String(session.id) })).map((e) => e.action)).toContain('convocations.sent');

    const draft = await r.call('convocations.draft', { sessionId: session.id, memberId: ines.memberId });
    expect(draft.opened).toBe(true);
    const mail = await takeDraft(draft.path);
    expect(mail.to).toEqual([{ name: 'Inès Martin', address: 'ines.martin@urps.example.fr' }]);
    expect(plain(mail.subject)).toMatch(/^Convocation à la séance n° 2027-01 de la commission du \d+ \S+ \d{4}$/);
    expect(plain(mail.text)).toMatch(/^Madame,\s+Vous trouverez ci-joint votre convocation .* à 9 h 30, ARS Hauts-de-France, Euralille/);
    expect(mail.files.map((f) => f.sha256)).toEqual([sha256(readFileSync(ines.filePath!)), sha256(readFileSync(generated.agendaPath!))]);

    const folder = join(tempDir(), 'convocations');
    const drafts = await r.call('convocations.drafts', { sessionId: session.id, folder });
    expect(drafts.drafts).toHaveLength(members.length);
    expect(drafts.drafts.filter((d) => d.warnings.length)).toHaveLength(members.length - 1);
    for (const d of drafts.drafts) expect(existsSync(d.path)).toBe(true);

    // The full archive keeps them, under their path in the data folder.
    const archivePath = join(tempDir(), 'archive.zip');
    let job = await r.call('backups.archive', { file: archivePath });
    while (job.state === 'running') job = await new Promise((done) => setTimeout(() => done(r.call('backups.job', { jobId: job.id })), 20));
    const archived = unzipSync(readFileSync(archivePath));
    for (const path of [ines.filePath!, generated.agendaPath!]) {
      expect(sha256(archived[relative(r.dataDir, path).split(sep).join('/')]!)).toBe(sha256(readFileSync(path)));
    }

    // Produced again, a convocation is to be sent again.
    const again = await r.call('convocations.generate', { sessionId: session.id });
    expect(again.members.every((m) => m.sentAt === null)).toBe(true);
  });

  it('refuses a session without start time, and a closed one', async () => {
    const r = await runtime();
    const closed = await scriptDemoSession(caller(r));
    expect((await r.refuse('convocations.generate', { sessionId: closed.id })).code).toBe('CONFLICT');
    const session = await r.call('sessions.create', { number: '2027-02', date: '2027-03-01', place: 'Lille' });
    const refused = await r.refuse('convocations.generate', { sessionId: session.id });
    expect(refused).toMatchObject({ code: 'VALIDATION', details: [{ field: 'startTime' }] });
    expect((await r.refuse('convocations.draft', { sessionId: session.id, memberId: 1 })).code).toBe('CONFLICT');
  });
});
