import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Download } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { caller, samplesDir, scriptDemoSession } from '../../cli/demo-session';
import { useBrowserTest, type BrowserTest } from '../support/browser';
import { localDay } from '../../services/dates';
import { formatDay } from '../../renderer/src/format';

const DOSSIER = 'ESP de Thiérache';
const LETTER = `Courrier de décision — ${DOSSIER}`;
const DOCUMENTS = 8;
const DECISIONS = 5;

/** Enough documents for the batch to outlast a click on « Arrêter ». */
const LARGE_SESSION_DOSSIERS = 40;

let sessionId = 0;
let largeSessionId = 0;
/** The services' today: a letter is sent on or after the day it was produced, never later than today. */
const today = localDay(new Date());

/** A closed session of many invented dossiers, each postponed. */
async function closeLargeSession(setup: BrowserTest): Promise<number> {
  const members = (await setup.dispatch('members.list', {})).filter((m) => m.voice === 'deliberative').slice(0, 3);
  const dossiers = [];
  for (let i = 1; i <= LARGE_SESSION_DOSSIERS; i++) {
    const data = { structureType: 'ESP' as const, name: `ESP d'essai n° ${i}` };
    dossiers.push(await setup.dispatch('dossiers.create', { data }));
  }
  let session = await setup.dispatch('sessions.create', { number: '2026-05', date: '2026-11-30', place: 'Lille' });
  await setup.dispatch('sessions.setRoll', {
    sessionId: session.id,
    members: members.map((m) => ({ memberId: m.id, status: 'present' as const })),
  });
  const items = dossiers.map((d) => ({ dossierId: d.id }));
  session = await setup.dispatch('agenda.set', { sessionId: session.id, items });
  await setup.dispatch('sessions.transition', { id: session.id, to: 'convened' });
  await setup.dispatch('sessions.transition', { id: session.id, to: 'in_progress' });
  for (const item of session.items) {
    await setup.dispatch('items.recordOpinion', {
      itemId: item.id,
      opinion: { kind: 'postponed', motivation: 'Pièces à compléter.', vote: { for: 3, against: 0, abstention: 0 } },
    });
    await setup.dispatch('items.recordDecision', { itemId: item.id });
  }
  return (await setup.dispatch('sessions.close', { id: session.id })).id;
}

const app = useBrowserTest({
  name: 'documents',
  files: [
    join(samplesDir, 'demarches-simplifiees/hdf-dossiers-export.xlsx'),
    join(samplesDir, 'zonage/hdf-zonage-medecins.csv'),
  ],
  // The demo's closed session (one dossier of each outcome), and a session still in preparation.
  prepare: async (setup) => {
    sessionId = (await scriptDemoSession(caller(setup.bridge.runtime))).id;
    largeSessionId = await closeLargeSession(setup);
    await setup.dispatch('sessions.create', { number: '2027-01', date: '2027-02-11', place: 'ARS, Euralille' });
  },
});

const page = () => app.page;
const url = (path: string) => `${app.bridge.url}/#${path}`;
const alertWith = (text: string) => page().locator('.fr-alert', { hasText: text });
const deadlineRow = (session: string) =>
  page().locator('.app-deadlines tbody tr', { hasText: `Séance n° ${session}` });
const pipelineCount = (label: string) =>
  page().locator('.app-pipeline-step', { hasText: label }).locator('.app-pipeline-count').textContent();

/** Each test starts from a fresh page: another route first unmounts what the last one left open. */
async function openSessionDocuments() {
  await page().goto(url('/page-introuvable'));
  await page().getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
  await app.audit();
  await page().goto(url(`/documents/${sessionId}`));
  await page().getByRole('heading', { level: 1, name: 'Documents de la séance n° 2026-04' }).waitFor();
}

/** Clicks what starts a download, and returns the file the user would save. */
async function download(click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [file] = await Promise.all([page().waitForEvent('download'), click()]);
  const path = join(app.workDir, file.suggestedFilename());
  await file.saveAs(path);
  return { download: file, bytes: await readFile(path) };
}

async function restoreDefault(paragraph: string) {
  await page().getByRole('button', { name: `Rétablir le texte par défaut : ${paragraph}`, exact: true }).click();
}

async function saveTemplates() {
  await page().getByRole('button', { name: 'Enregistrer les modèles' }).click();
}

describe('Documents of a session, in Chromium against the real services', () => {
  it('lists every session, and says why one that is not closed has no documents yet', async () => {
    await page().goto(url('/'));
    await page().getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Documents' }).click();
    await page().getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
    await app.audit();
    const draft = page().getByRole('row', { name: /Séance n° 2027-01/ });
    expect(await draft.textContent()).toContain('La séance est en préparation.');
    // No documents page before the session is held: only its convocations.
    expect(await draft.getByRole('link').allTextContents()).toEqual(['Convocations de la séance n° 2027-01']);
    await app.screenshot('documents-seances.png');

    await page().getByRole('link', { name: 'Séance n° 2026-04' }).click();
    await page().getByRole('heading', { level: 1, name: 'Documents de la séance n° 2026-04' }).waitFor();
    await page().getByText("Aucun document n'a encore été produit pour cette séance.").waitFor();
    await app.audit();
  });

  it('previews a decision letter inside the app, in a frame the CSP allows, and saves a copy', async () => {
    await openSessionDocuments();
    const list = page().getByRole('list', { name: 'Documents de la séance' });
    expect(await list.getByRole('button').count()).toBe(DOCUMENTS);
    await list.getByRole('button', { name: new RegExp(LETTER) }).click();

    const frame = page().locator(`iframe[title="Aperçu : ${LETTER}"]`);
    await frame.waitFor();
    await app.audit();
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
    // Chromium's viewer runs in frames of its own inside the blob: document.
    await expect.poll(() => page().frames().some((f) => f.url().startsWith('chrome-extension://'))).toBe(true);
    expect(await list.getByRole('button', { name: new RegExp(LETTER) }).getAttribute('aria-pressed')).toBe('true');
    // The viewer paints the page in frames of its own, out of the test's reach: give it time.
    await page().waitForTimeout(3_000);
    await app.screenshot('documents-apercu.png', page().locator('section', { has: list }));

    const { download: file, bytes } = await download(() =>
      page().getByRole('button', { name: 'Enregistrer cet aperçu' }).click(),
    );
    expect(file.suggestedFilename()).toBe('2026-11-26_ESP-de-Thierache_decision.pdf');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A preview is not a document: the register stays empty.
    expect(await app.dispatch('documents.list', { sessionId })).toEqual([]);
  });

  it('produces every document with the progress up to the end, then shows them in the register', async () => {
    await openSessionDocuments();
    await page().getByRole('button', { name: 'Produire les documents' }).click();
    const progress = page().locator('.app-progress progress');
    await progress.waitFor();
    await alertWith(`${DOCUMENTS} documents produits`).waitFor();
    await app.audit();
    expect(await progress.getAttribute('max')).toBe(String(DOCUMENTS));
    expect(await progress.evaluate((element) => (element as unknown as { value: number }).value)).toBe(DOCUMENTS);
    expect(await page().locator('.app-progress').textContent()).toContain(`${DOCUMENTS} sur ${DOCUMENTS}`);
    expect(await page().locator('.app-progress').textContent()).toContain('Dernier document produit : Procès-verbal');
    const folder = join(app.workDir, 'documents', 'seance-2026-04');
    expect(await alertWith('documents produits').textContent()).toContain(folder);

    const register = page().locator('.app-table', { has: page().getByRole('columnheader', { name: 'Référence' }) });
    expect(await register.locator('tbody tr').count()).toBe(DOCUMENTS);
    const letterRow = register.getByRole('row', { name: new RegExp(LETTER) });
    expect(await letterRow.textContent()).toContain('CS-2026-04/01');
    expect(await register.getByRole('button', { name: /^Marquer comme envoyé/ }).count()).toBe(DECISIONS);
    expect(await register.getByText('Sans objet').count()).toBe(DOCUMENTS - DECISIONS);
    await app.screenshot('documents-seance.png');

    const registered = await app.dispatch('documents.list', { sessionId });
    expect(registered.map((d) => d.filePath.startsWith(folder))).toEqual(Array(DOCUMENTS).fill(true));
  });

  it('marks a letter as sent and the dashboard deadlines follow', async () => {
    // The day after the one-month deadline of the session of 26 November 2026.
    await page().clock.setFixedTime(new Date('2026-12-27T10:00:00'));
    await page().goto(url('/'));
    await page().getByRole('heading', { level: 2, name: 'Notification des décisions' }).waitFor();
    await app.audit();
    expect(await page().getByText('Courriers : 5 en retard et 40 à échéance proche.').isVisible()).toBe(true);
    const late = deadlineRow('2026-04');
    expect(await late.textContent()).toContain('26 décembre 2026');
    expect(await late.textContent()).toContain(`5 sur 5${DOSSIER}`);
    expect(await late.getByText('En retard').isVisible()).toBe(true);
    // The late row is highlighted; the large session's deadline, 30 December, is within a week.
    const background = await late.evaluate(
      (element) => element.ownerDocument.defaultView?.getComputedStyle(element).backgroundColor,
    );
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    expect(await deadlineRow('2026-05').textContent()).toContain('Échéance proche');
    expect(await deadlineRow('2026-05').textContent()).toContain('et 35 autres');
    expect(await pipelineCount('Décidé')).toBe(String(DECISIONS + LARGE_SESSION_DOSSIERS));
    expect(await pipelineCount('Notifié')).toBe('0');
    expect(await page().getByRole('link', { name: 'Séance n° 2027-01' }).isVisible()).toBe(true);
    await app.screenshot('documents-tableau-de-bord.png');

    await late.getByRole('link', { name: 'Documents de la séance' }).click();
    await page().getByRole('heading', { level: 1, name: 'Documents de la séance n° 2026-04' }).waitFor();
    await page().getByRole('button', { name: `Marquer comme envoyé le courrier de ${DOSSIER}` }).click();
    const sentAt = page().getByLabel("Date d'envoi");
    expect(await sentAt.inputValue()).toBe('2026-12-27');
    // The screen's clock is set ahead; the services refuse a date after their own today.
    await page().getByRole('button', { name: "Enregistrer l'envoi" }).click();
    const sentAtId = (await sentAt.getAttribute('id')) ?? '';
    await expect.poll(() => app.describedError(sentAtId)).toBe("La date d'envoi ne peut pas être dans le futur.");
    await sentAt.fill(today);
    await page().getByRole('button', { name: "Enregistrer l'envoi" }).click();
    await page().getByText(`Courrier de « ${DOSSIER} » marqué comme envoyé le ${formatDay(today)}.`).waitFor();
    await app.audit();
    expect(await page().getByText(`Envoyé le ${formatDay(today)}`, { exact: true }).count()).toBe(1);

    await page().goto(url('/'));
    await page().getByRole('heading', { level: 2, name: 'Notification des décisions' }).waitFor();
    await app.audit();
    await page().getByText('Courriers : 4 en retard et 40 à échéance proche. 1 courrier déjà envoyé.').waitFor();
    expect(await deadlineRow('2026-04').textContent()).toContain('4 sur 5');
    expect(await deadlineRow('2026-04').textContent()).not.toContain(DOSSIER);
    expect(await pipelineCount('Notifié')).toBe('1');
    const deadlines = await app.dispatch('dashboard.deadlines', { today: '2026-12-27' });
    expect(deadlines.find((d) => d.name === DOSSIER)).toMatchObject({ state: 'sent', sentAt: today });
  });

  it('exports the results as CSV and XLSX files to save', async () => {
    await openSessionDocuments();
    const csv = await download(() => page().getByRole('button', { name: 'Exporter en CSV (Excel)' }).click());
    expect(csv.download.suggestedFilename()).toMatch(/\.csv$/);
    expect(csv.bytes.toString('utf8')).toContain(DOSSIER);
    const xlsx = await download(() => page().getByRole('button', { name: 'Exporter en XLSX' }).click());
    expect(xlsx.download.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('refuses the batch with every missing mention once the appeal paragraph is blank', async () => {
    await openSessionDocuments();
    await page().getByRole('link', { name: 'Modifier les modèles de documents' }).click();
    await page().getByRole('heading', { level: 1, name: 'Modèles de documents' }).waitFor();
    await page().fill('#templates-letterAppeal', '');
    await alertWith('Sans ce paragraphe, aucun courrier de décision ne peut être produit').waitFor();
    await app.audit();
    await saveTemplates();
    await alertWith('Modèles enregistrés.').waitFor();

    await openSessionDocuments();
    await page().getByRole('button', { name: 'Produire à nouveau les documents' }).click();
    const refusal = alertWith("Les documents n'ont pas été produits");
    await refusal.waitFor();
    await app.audit();
    expect(await refusal.textContent()).toContain('5 mentions obligatoires manquent');
    const missing = await refusal.locator('li').allTextContents();
    expect(missing).toHaveLength(DECISIONS);
    for (const message of missing) {
      expect(message).toContain(
        'la mention des voies et délais de recours ne cite pas le délai de deux mois, le recours gracieux',
      );
    }
    expect(missing[0]).toContain(`Courrier n° 24001101 (${DOSSIER})`);
    await app.screenshot('documents-refus.png', refusal);
    // Nothing was written.
    expect(await app.dispatch('documents.list', { sessionId })).toHaveLength(DOCUMENTS);

    // The refusal leads to the paragraph to complete.
    await refusal.getByRole('link', { name: 'Modifier les modèles de documents' }).click();
    await page().getByRole('heading', { level: 1, name: 'Modèles de documents' }).waitFor();
    await expect.poll(() => app.isFocused('templates-letterAppeal')).toBe(true);
    await restoreDefault('Courrier — voies et délais de recours');
    expect(await page().inputValue('#templates-letterAppeal')).toContain('Voies et délais de recours');
    await saveTemplates();
    await alertWith('Modèles enregistrés.').waitFor();
  });

  it('inserts a placeholder at the cursor, previews it, and refuses an unknown one next to its field', async () => {
    await page().goto(url('/parametres/modeles'));
    const request = page().locator('#templates-letterRequest');
    await request.waitFor();

    // Inserted where the cursor is, and filled with a sample value in the preview below.
    await request.fill('Séance {{seance.numero}} : dossier ');
    await request.press('End');
    await page().getByRole('button', { name: /\{\{dossier\.numero\}\}/ }).click();
    expect(await request.inputValue()).toBe('Séance {{seance.numero}} : dossier {{dossier.numero}}');
    const preview = page().locator('.app-template', { has: request }).locator('.app-template-preview');
    expect(await preview.textContent()).toContain('Séance 2026-04 : dossier 24001101');
    await restoreDefault('Courrier — rappel de la demande');

    // Flagged while typing…
    const closing = page().locator('#templates-letterClosing');
    await closing.fill('Veuillez agréer, {{dossier.inconnu}}, mes salutations.');
    await expect.poll(() => app.describedError('templates-letterClosing')).toBe(
      "« {{dossier.inconnu}} » : ce champ n'est pas connu. Choisissez parmi les champs disponibles.",
    );
    await app.screenshot('documents-modeles.png');
    // …and refused by the handler, its message next to the field.
    await saveTemplates();
    await alertWith("Les modèles n'ont pas été enregistrés").waitFor();
    await app.audit();
    expect(await app.describedError('templates-letterClosing')).toBe(
      "« {{dossier.inconnu}} » n'est pas un champ connu (voir la liste des champs disponibles).",
    );
    expect((await app.dispatch('settings.get', {})).templates.letterClosing).not.toContain('inconnu');

    // The paragraph not saved is not lost on the way out without a word.
    const menu = page().getByRole('navigation', { name: 'Menu principal' });
    await menu.getByRole('link', { name: 'Documents' }).click();
    await app.answerConfirmation('Quitter sans enregistrer ?', 'Rester sur la page');
    expect(await closing.inputValue()).toBe('Veuillez agréer, {{dossier.inconnu}}, mes salutations.');
    await menu.getByRole('link', { name: 'Documents' }).click();
    await app.answerConfirmation('Quitter sans enregistrer ?', 'Quitter sans enregistrer');
    await page().getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
  });

  it('stops a batch on request and keeps what it produced', async () => {
    await page().goto(url(`/documents/${largeSessionId}`));
    await page().getByRole('heading', { level: 1, name: 'Documents de la séance n° 2026-05' }).waitFor();
    await page().getByRole('button', { name: 'Produire les documents' }).click();
    await page().getByRole('button', { name: 'Arrêter' }).click();
    const stopped = alertWith('Production arrêtée');
    await stopped.waitFor();
    await app.audit();
    const total = LARGE_SESSION_DOSSIERS + 1;
    const kept = (await app.dispatch('documents.list', { sessionId: largeSessionId })).length;
    expect(kept).toBeLessThan(total);
    expect(await stopped.textContent()).toContain(
      kept === 0
        ? "Aucun document n'a été produit avant l'arrêt."
        : `Documents produits avant l'arrêt : ${kept} sur ${total}.`,
    );
    expect(await page().getByRole('button', { name: 'Arrêter' }).count()).toBe(0);
    expect(await page().locator('.app-table tbody tr').count()).toBe(kept);
  });

  it('marks « à refaire » a letter whose decision changed after a reopening, in the register and on the dashboard', async () => {
    // A letter is sent (marked in an earlier test): reopening asks first.
    await page().goto(url(`/seances/${sessionId}`));
    await page().getByRole('button', { name: 'Rouvrir la séance' }).click();
    await page().fill('#reopen-reason', 'Erreur sur le vote du premier dossier');
    const reopen = page().locator('form').getByRole('button', { name: 'Rouvrir la séance' });
    await reopen.click();
    expect(await app.answerConfirmation('Rouvrir une séance dont des courriers sont envoyés ?', 'Annuler')).toContain(
      '1 courrier de décision est déjà envoyé aux porteurs.',
    );
    expect((await app.dispatch('sessions.get', { id: sessionId })).status).toBe('closed');
    await reopen.click();
    await app.answerConfirmation('Rouvrir une séance dont des courriers sont envoyés ?', 'Rouvrir la séance');
    await page().getByText('La séance est rouverte').waitFor();
    const item = (await app.dispatch('sessions.get', { id: sessionId })).items[0]!;
    await app.dispatch('items.recordOpinion', {
      itemId: item.id,
      opinion: { kind: 'unfavorable', motivation: 'Aucun protocole pluriprofessionnel n’est formalisé.', vote: { for: 0, against: 4, abstention: 0 } },
    });
    await app.dispatch('sessions.close', { id: sessionId });

    await openSessionDocuments();
    const register = page().locator('.app-table', { has: page().getByRole('columnheader', { name: 'Référence' }) });
    const letterRow = register.getByRole('row', { name: new RegExp(LETTER) });
    await letterRow.getByText('À refaire').waitFor();
    await app.audit();
    expect(await letterRow.textContent()).toContain('La décision a changé : accord puis refus.');
    // Already sent, and now to be made again: no second « Marquer comme envoyé ».
    expect(await letterRow.getByRole('button', { name: /^Marquer comme envoyé/ }).count()).toBe(0);
    // The letter and the minutes are to be made again; without a grant, the agreement is void.
    expect(await register.getByText('À refaire').count()).toBe(2);
    expect(await register.getByRole('row', { name: /Convention de financement — ESP de Thiérache/ }).getByText('Caduc').count()).toBe(1);
    await app.screenshot('documents-a-refaire.png', register);

    await page().goto(url('/'));
    await page().getByRole('heading', { level: 2, name: 'Notification des décisions' }).waitFor();
    await app.audit();
    expect(await deadlineRow('2026-04').getByText('À refaire').isVisible()).toBe(true);

    await openSessionDocuments();
    await page().getByRole('button', { name: 'Produire à nouveau les documents' }).click();
    // Refused, the first dossier has no agreement any more.
    await alertWith(`${DOCUMENTS - 1} documents produits`).waitFor();
    await app.audit();
    const redone = (await app.dispatch('documents.list', { sessionId })).filter((d) => d.version === 2 && d.kind === 'decision_letter');
    expect(redone.map((d) => [d.reference, d.stale])).toContainEqual(['CS-2026-04/01-v2', false]);
    // The new versions replace the old ones, which say so.
    expect(await register.getByText('À refaire').count()).toBe(0);
    expect(await register.getByText('Remplacé par la version 2').count()).toBe(DOCUMENTS - 1);
  });
});
