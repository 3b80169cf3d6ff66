import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { caller, samplesDir, scriptDemoSession } from '../../cli/demo-session';
import { localDay } from '../../services/dates';
import { sha256 } from '../../services/files';
import { useBrowserTest } from '../support/browser';
import { readEml, takeDraft } from '../support/eml';

let closedId = 0;
let upcomingId = 0;
let thieracheId = 0;

const app = useBrowserTest({
  name: 'after-docs',
  desktop: true,
  files: [join(samplesDir, 'demarches-simplifiees/hdf-dossiers-export.xlsx')],
  // The demo's closed session with its documents, and a session in three days to convene.
  prepare: async (setup) => {
    const call = caller(setup.bridge.runtime);
    closedId = (await scriptDemoSession(call)).id;
    await call('documents.generate', { sessionId: closedId });
    const members = await call('members.list', {});
    const { version, ...martin } = members.find((m) => m.lastName === 'Martin')!;
    await call('members.save', { member: { ...martin, email: 'ines.martin@urps.example.fr' }, expectedVersion: version });
    const session = await call('sessions.create', {
      number: '2027-01',
      date: localDay(new Date(Date.now() + 3 * 86_400_000)),
      startTime: '09:30',
      place: 'ARS Hauts-de-France, Euralille',
    });
    thieracheId = (await call('dossiers.get', { dsNumber: 24001101 })).id;
    const other = (await call('dossiers.get', { dsNumber: 24001104 })).id;
    await call('agenda.set', { sessionId: session.id, items: [{ dossierId: other, rapporteurMemberId: martin.id }] });
    upcomingId = session.id;
  },
});

const page = () => app.page;
const url = (path: string) => `${app.bridge.url}/#${path}`;
const actions = () => app.bridge.desktop!.actions;
const alertWith = (text: string) => page().locator('.fr-alert', { hasText: text });

async function letterOfThierache() {
  const documents = await app.dispatch('documents.list', { sessionId: closedId });
  const letter = documents.find((d) => d.kind === 'decision_letter' && d.dossierId === thieracheId)!;
  const agreement = documents.find((d) => d.kind === 'funding_agreement' && d.dossierId === thieracheId)!;
  return { documents, letter, agreement };
}

describe('documents in hand', () => {
  it("opens, prints, copies and shows a document from the register, and drafts its letter's e-mail", async () => {
    const { letter, agreement } = await letterOfThierache();
    await page().goto(url(`/documents/${closedId}`));
    await page().getByRole('heading', { level: 1, name: 'Documents de la séance n° 2026-04' }).waitFor();
    await app.audit();
    const button = (action: string) => page().getByRole('button', { name: `${action} : Courrier de décision ${letter.reference}`, exact: true });
    const file = basename(letter.filePath);

    await button('Ouvrir').click();
    await alertWith(`« ${file} » s'ouvre sur l'ordinateur.`).waitFor();
    expect(actions().at(-1)).toEqual({ action: 'open', path: letter.filePath });

    await button('Imprimer').click();
    await alertWith(`« ${file} » est envoyé à l'imprimante.`).waitFor();
    expect(actions().at(-1)).toEqual({ action: 'print', path: letter.filePath });

    await button('Afficher dans le dossier').click();
    await alertWith(`« ${file} » est montré dans son dossier.`).waitFor();
    expect(actions().at(-1)).toEqual({ action: 'reveal', path: letter.filePath });

    await button('Enregistrer une copie').click();
    const copy = join(app.bridge.desktop!.saveDir, file);
    await alertWith(copy).waitFor();
    expect(actions().at(-1)).toEqual({ action: 'save', path: copy });
    expect(sha256(readFileSync(copy))).toBe(letter.sha256);

    await button('Brouillon de courriel').click();
    await alertWith('Le brouillon de courriel « Décision relative à votre demande de reconnaissance').waitFor();
    const draft = actions().at(-1)!;
    expect(draft.action).toBe('open');
    expect(draft.path.endsWith('.eml')).toBe(true);
    const mail = await takeDraft(draft.path);
    const sponsor = (await app.dispatch('dossiers.get', { id: thieracheId })).data.sponsor;
    expect(mail.to?.map((a) => a.address)).toEqual([sponsor.email]);
    expect(mail.cc?.map((a) => a.address)).toEqual(['ars-hdf-dd02@ars.sante.fr']);
    expect(mail.files.map((f) => [f.filename, f.sha256])).toEqual([
      [file, letter.sha256],
      [basename(agreement.filePath), agreement.sha256],
    ]);
    await app.audit();
  });

  it("saves the session's documents as one ZIP, and writes the letters' drafts into a folder", async () => {
    const { documents } = await letterOfThierache();
    await page().goto(url('/page-introuvable'));
    await page().getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    await app.audit();
    await page().goto(url(`/documents/${closedId}`));
    await page().getByRole('button', { name: 'Télécharger tous les documents (ZIP)' }).click();
    const zipPath = join(app.bridge.desktop!.saveDir, 'seance-2026-04-documents.zip');
    await alertWith('Archive de 8 documents enregistrée').waitFor();
    expect(actions().at(-1)).toEqual({ action: 'save', path: zipPath });
    const entries = unzipSync(readFileSync(zipPath));
    expect(Object.keys(entries).sort()).toEqual(documents.map((d) => basename(d.filePath)).sort());
    for (const doc of documents) expect(sha256(entries[basename(doc.filePath)]!), doc.reference).toBe(doc.sha256);

    await page().getByRole('button', { name: 'Écrire les brouillons de courriel' }).click();
    await alertWith('5 brouillons de courriel écrits dans').waitFor();
    const folder = join(app.bridge.desktop!.saveDir, 'brouillons');
    expect(actions().at(-1)).toEqual({ action: 'folder', path: folder });
    const drafts = readdirSync(folder).filter((name) => name.endsWith('.eml'));
    expect(drafts).toHaveLength(5);
    for (const name of drafts) {
      const mail = await readEml(join(folder, name));
      const letter = documents.find((d) => d.kind === 'decision_letter' && basename(d.filePath) === mail.files[0]!.filename)!;
      expect(mail.files[0]!.sha256).toBe(letter.sha256);
    }
    await app.audit();
  });

  it("opens a document from the dossier's page", async () => {
    const { letter } = await letterOfThierache();
    await page().goto(url(`/dossiers/${thieracheId}`));
    await page().getByRole('heading', { level: 2, name: 'Documents produits' }).waitFor();
    await app.audit();
    await page().getByRole('button', { name: `Ouvrir : Courrier de décision ${letter.reference}`, exact: true }).click();
    await alertWith("s'ouvre sur l'ordinateur").waitFor();
    expect(actions().at(-1)).toEqual({ action: 'open', path: letter.filePath });
  });
});

describe('convocations', () => {
  it('convenes the members, warns of the five days, records a sending and drafts the e-mail', async () => {
    await page().goto(url('/documents'));
    const link = page().getByRole('link', { name: 'Convocations de la séance n° 2027-01' });
    await link.waitFor();
    await app.audit();
    await link.click();
    await page().getByRole('heading', { level: 1, name: 'Convocations de la séance n° 2027-01' }).waitFor();
    await app.audit();
    expect(page().url()).toBe(url(`/documents/${upcomingId}/convocations`));

    await page().getByRole('button', { name: 'Produire les convocations' }).click();
    await alertWith("6 convocations et l'ordre du jour produits").waitFor();
    await alertWith('dans 3 jours').waitFor();
    expect(await alertWith('Délai de convocation').textContent()).toMatch(/moins de cinq jours avant la réunion \(CRPA, art\. R133-8\)/);

    const view = await app.dispatch('convocations.get', { sessionId: upcomingId });
    const ines = view.members.find((m) => m.name === 'Inès Martin')!;
    const text = execFileSync('pdftotext', [ines.filePath!, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toMatch(/Mme Inès Martin/);
    expect(text).toMatch(/désignée rapporteure du dossier : CPTS Somme Ouest/);
    expect(() => execFileSync('qpdf', ['--check', view.agendaPath!])).not.toThrow();

    await page().getByRole('button', { name: 'Marquer comme envoyée la convocation de Inès Martin' }).click();
    const form = page().getByRole('form', { name: 'Envoi de la convocation de Inès Martin' });
    await form.getByLabel("Date d'envoi").fill('2099-01-01');
    await form.getByRole('button', { name: "Enregistrer l'envoi" }).click();
    await form.getByText("La date d'envoi ne peut pas être dans le futur.").waitFor();
    await app.audit();
    await form.getByLabel("Date d'envoi").fill(localDay(new Date()));
    await form.getByRole('button', { name: "Enregistrer l'envoi" }).click();
    const row = page().locator('tr', { hasText: 'Inès Martin' });
    await row.getByText('Envoyée le').waitFor();
    await alertWith('Convocation de Inès Martin marquée comme envoyée').waitFor();
    expect((await app.dispatch('convocations.get', { sessionId: upcomingId })).members.find((m) => m.memberId === ines.memberId)!.sentAt).toBe(
      localDay(new Date()),
    );

    await page().getByRole('button', { name: 'Brouillon de courriel : convocation de Inès Martin' }).click();
    await alertWith('Le brouillon de courriel « Convocation à la séance n° 2027-01').waitFor();
    const mail = await takeDraft(actions().at(-1)!.path);
    expect(mail.to).toEqual([{ name: 'Inès Martin', address: 'ines.martin@urps.example.fr' }]);
    expect(mail.files.map((f) => f.sha256)).toEqual([sha256(readFileSync(ines.filePath!)), sha256(readFileSync(view.agendaPath!))]);

    await page().getByRole('button', { name: "Ouvrir l'ordre du jour" }).click();
    await alertWith("L'ordre du jour s'ouvre sur l'ordinateur.").waitFor();
    expect(actions().at(-1)).toEqual({ action: 'open', path: view.agendaPath });
    await app.audit();
  });
});
