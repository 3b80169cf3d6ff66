/**
 * The cycle after the decision, in Chromium: the agreement signed with its scan on the dossier
 * page, the grant paid, the reports due on the dashboard, the yearly envelope; axe-core on
 * every screen visited.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caller, samplesDir, scriptDemoSession } from '../../cli/demo-session';
import { localDay } from '../../services/dates';
import { addMonths } from '../../shared/followup';
import { formatDay } from '../../renderer/src/format';
import { useBrowserTest } from '../support/browser';

const DOSSIER = 'ESP de Thiérache';
const today = localDay(new Date());
/** The demo's decisions are dated 30 November 2026: signing on that day is the earliest the rules allow. */
const SIGNED_ON = '2026-11-30';
let dossierId = 0;

const app = useBrowserTest({
  name: 'after-decision',
  files: [join(samplesDir, 'demarches-simplifiees/hdf-dossiers-export.xlsx')],
  prepare: async (setup) => {
    await scriptDemoSession(caller(setup.bridge.runtime));
    dossierId = (await setup.dispatch('dossiers.get', { dsNumber: 24001101 })).id;
    await setup.dispatch('settings.update', { envelopes: { budgets: [{ year: 2026, amount: 100000 }] } });
  },
});

const page = () => app.page;
const url = (path: string) => `${app.bridge.url}/#${path}`;

async function openDossier(): Promise<void> {
  // Loaded afresh, whatever the last test left on screen: another route first unmounts it.
  await page().goto(url('/page-introuvable'));
  await page().getByRole('heading', { level: 1 }).waitFor();
  await app.audit();
  await page().goto(url(`/dossiers/${dossierId}`));
  await page().getByRole('heading', { level: 2, name: "Convention et versement de l'aide" }).waitFor();
}

describe('after the decision', () => {
  it('records the agreement signed with its scan: refused before the decision, then « Convention signée »', async () => {
    await openDossier();
    await page().getByRole('heading', { name: /Aide de 20 000 € décidée le 30 novembre 2026/ }).waitFor();
    await app.audit();

    const form = page().getByRole('form', { name: 'Enregistrer la convention signée' });
    // Without the scan, nothing is sent.
    await form.getByRole('button', { name: 'Enregistrer la convention signée' }).click();
    await expect.poll(() => app.describedError('scan')).toBe('Joignez le scan de la convention signée par les deux parties.');

    const scan = join(app.workDir, 'convention-signee.pdf');
    await writeFile(scan, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    await page().locator('#scan').setInputFiles(scan);
    await page().locator('#signedOn').fill('2026-11-29');
    await form.getByRole('button', { name: 'Enregistrer la convention signée' }).click();
    await expect.poll(() => app.describedError('signedOn')).toMatch(/précède la décision du 30\snovembre 2026/);
    await app.audit();

    await page().locator('#signedOn').fill(SIGNED_ON);
    await page().locator('#instalments').fill('2');
    // The default due dates of article 6 follow the signature date.
    await expect.poll(() => page().locator('#reports-0-dueOn').inputValue()).toBe(addMonths(SIGNED_ON, 18));
    await form.getByRole('button', { name: 'Enregistrer la convention signée' }).click();
    await page().getByText(`Convention signée le : ${formatDay(SIGNED_ON)}`).waitFor();
    await expect.poll(() => page().locator('.app-meta').first().textContent()).toContain('Convention signée');
    const followUp = await app.dispatch('followup.get', { dossierId });
    expect(followUp.grants[0]!.agreement).toMatchObject({ signedOn: SIGNED_ON, instalments: 2, scan: { originalName: 'convention-signee.pdf' } });
    await app.audit();
  });

  it('records the grant paid: more than granted is refused, so is a payment entered after another one recorded elsewhere until reloaded, and the same payment order twice; then « Aide versée »', async () => {
    await openDossier();
    await page().locator('#amount').fill('25 000');
    await page().locator('#reference').fill('MDT-2026-0412');
    await page().getByRole('button', { name: 'Enregistrer le versement' }).click();
    await expect.poll(() => app.describedError('amount')).toMatch(/dépasse ce qui reste à verser/);
    await app.audit();

    // Another machine records the first instalment meanwhile: this page has not seen it.
    const agreementId = (await app.dispatch('followup.get', { dossierId })).grants[0]!.agreement!.id;
    await app.dispatch('followup.recordPayment', { agreementId, paidOn: SIGNED_ON, amount: 5000, reference: 'MDT-2026-0412', expectedVersion: 0 });
    await page().locator('#amount').fill('5 000');
    await page().getByRole('button', { name: 'Enregistrer le versement' }).click();
    const alert = page().locator('.fr-alert', { hasText: 'Un versement a été enregistré sur cette convention par ' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('après votre ouverture. Rechargez-la pour le voir avant d’en saisir un autre.');
    expect((await app.dispatch('followup.get', { dossierId })).grants[0]!.agreement!.payments).toHaveLength(1);
    await app.audit();
    await alert.getByRole('button', { name: 'Recharger' }).click();
    await page().getByRole('table', { name: "Versements de l'aide" }).getByText('MDT-2026-0412').waitFor();
    await page().getByRole('heading', { name: 'Enregistrer le versement 2 sur 2' }).waitFor();
    expect(await alert.count()).toBe(0);

    // The same payment order is not a second instalment.
    await page().locator('#amount').fill('15 000');
    await page().getByRole('button', { name: 'Enregistrer le versement' }).click();
    await expect.poll(() => app.describedError('reference')).toMatch(/^Le versement de référence « MDT-2026-0412 » est déjà enregistré sur cette convention/);
    await app.audit();

    await page().locator('#reference').fill('MDT-2026-0577');
    await page().getByRole('button', { name: 'Enregistrer le versement' }).click();
    await page().getByRole('table', { name: "Versements de l'aide" }).getByText('MDT-2026-0577').waitFor();
    await expect.poll(() => page().locator('.app-meta').first().textContent()).toContain('Aide versée');
    expect((await app.dispatch('dossiers.get', { id: dossierId })).status).toBe('grant_paid');
    await app.audit();
  });

  it('shows the reports due on the dashboard beside the notifications, the stages reached and the envelope with its table', async () => {
    await page().goto(url('/page-introuvable'));
    await page().goto(url('/'));
    await page().getByRole('heading', { level: 2, name: 'Justificatifs des conventions' }).waitFor();
    const reports = page().locator('.app-reports tbody tr');
    await expect.poll(() => reports.count()).toBe(3);
    expect(await reports.first().textContent()).toContain(DOSSIER);
    expect(await reports.first().textContent()).toContain(formatDay(addMonths(SIGNED_ON, 18)));
    // The notifications are still there.
    await page().getByRole('heading', { level: 2, name: 'Notification des décisions' }).waitFor();
    const stage = (label: string) => page().locator('.app-pipeline-step', { hasText: label }).locator('.app-pipeline-count').textContent();
    expect(await stage('Aide versée')).toBe('1');

    // The envelope of 2026: 38 000 € decided, 20 000 € signed and paid, 62 000 € left.
    await page().getByRole('combobox', { name: 'Année' }).selectOption(String(2026));
    const summary = page().getByTestId('envelope-summary');
    await expect.poll(() => summary.textContent()).toMatch(/Reste à engager : 62[\s\u202f]000/);
    const table = page().getByRole('table', { name: /Aides au démarrage 2026/ });
    const total = await table.getByRole('row', { name: /Total/ }).textContent();
    expect(total?.replace(/[\s\u202f\u00a0]/g, '')).toBe('Total38000€20000€20000€');
    await app.audit();
  });

  it('marks a report received, refuses a change from an older version until reloaded, and the dashboard no longer awaits it', async () => {
    await openDossier();
    const received = page().getByRole('button', { name: "Factures acquittées : reçu aujourd'hui" });
    const receivedToday = page().getByRole('table', { name: 'Justificatifs demandés par la convention' }).getByText(`Reçu le ${formatDay(today)}`);
    await received.click();
    await receivedToday.waitFor();
    await app.audit();

    // Set back to awaited elsewhere meanwhile: this page's « Remettre en attente » is out of date.
    const report = (await app.dispatch('followup.get', { dossierId })).grants[0]!.agreement!.reports[0]!;
    await app.dispatch('followup.recordReport', { reportId: report.id, receivedOn: null, expectedVersion: report.version });
    await page().getByRole('button', { name: 'Remettre en attente' }).click();
    const alert = page().locator('.fr-alert', { hasText: 'Ce justificatif a été modifié par ' });
    await alert.waitFor();
    await app.audit();
    await alert.getByRole('button', { name: 'Recharger' }).click();
    await received.click();
    await receivedToday.waitFor();
    expect(await alert.count()).toBe(0);
    await page().goto(url('/'));
    await page().getByRole('heading', { level: 2, name: 'Justificatifs des conventions' }).waitFor();
    await expect.poll(() => page().locator('.app-reports tbody tr').count()).toBe(2);
  });

  it('sets the yearly envelope in Paramètres', async () => {
    await page().goto(url('/parametres'));
    await page().getByRole('heading', { level: 2, name: "Enveloppes annuelles de l'aide au démarrage" }).waitFor();
    await expect.poll(() => page().locator('#envelopes-budgets-0-year').inputValue()).toBe('2026');
    await page().getByRole('button', { name: 'Ajouter une année' }).click();
    await page().locator('#envelopes-budgets-1-amount').fill('abc');
    await page().getByRole('button', { name: 'Enregistrer les enveloppes' }).click();
    await expect.poll(() => app.describedError('envelopes-budgets-1-amount')).toMatch(/Indiquez un montant en euros/);
    await page().locator('#envelopes-budgets-1-amount').fill('120 000');
    await page().getByRole('button', { name: 'Enregistrer les enveloppes' }).click();
    await page().getByText('Enveloppes annuelles enregistrées.').waitFor();
    expect((await app.dispatch('settings.get', {})).envelopes.budgets).toEqual([
      { year: 2026, amount: 100000 },
      { year: 2027, amount: 120000 },
    ]);
    await app.audit();
  });
});

describe('housekeeping', () => {
  it('warns of a member of the same name, saves it once confirmed, then merges the two records', async () => {
    await page().goto(url('/seances/membres'));
    await page().getByRole('heading', { level: 1, name: 'Membres de la commission' }).waitFor();
    await page().locator('#member-firstName').fill('ines');
    await page().locator('#member-lastName').fill('MARTIN');
    await page().locator('#member-organisation').fill('URPS');
    await page().getByRole('button', { name: 'Ajouter le membre' }).click();
    await page().getByText('Un membre porte déjà ce nom').waitFor();
    await app.audit();
    await page().getByRole('button', { name: 'Enregistrer quand même' }).click();
    await page().getByText('Membre enregistré : ines MARTIN.').waitFor();
    const members = await app.dispatch('members.list', {});
    const kept = members.find((m) => m.firstName === 'Inès')!;
    const twin = members.find((m) => m.firstName === 'ines')!;

    await page().locator('#merge-keepId').selectOption(String(kept.id));
    await page().locator('#merge-removeId').selectOption(String(twin.id));
    await page().getByRole('button', { name: 'Fusionner les deux fiches' }).click();
    await page().getByText('Cette opération ne peut pas être annulée.', { exact: false }).waitFor();
    await app.audit();
    await page().getByRole('button', { name: 'Confirmer la fusion' }).click();
    await page().getByText(/Fiches fusionnées dans Inès Martin/).waitFor();
    expect((await app.dispatch('members.list', {})).map((m) => m.id)).not.toContain(twin.id);
    await app.audit();
  });

  it('deletes a session never held, once confirmed', async () => {
    const session = await app.dispatch('sessions.create', { number: '2027-01', date: '2027-02-11', place: 'ARS, Euralille' });
    await page().goto(url(`/seances/${session.id}`));
    await page().getByRole('button', { name: 'Supprimer la séance' }).click();
    await page().getByText('Supprimer la séance n° 2027-01 ?').waitFor();
    await app.audit();
    await page().getByRole('button', { name: 'Confirmer la suppression' }).click();
    await page().getByText('La séance n° 2027-01 est supprimée.').waitFor();
    expect((await app.dispatch('sessions.list', {})).map((s) => s.number)).toEqual(['2026-04']);
    await app.audit();
  });

  it('records a withdrawal by the applicants on the dossier page, and the dossier keeps its record', async () => {
    const { id } = await app.dispatch('dossiers.get', { dsNumber: 24001102 });
    await page().goto(url(`/dossiers/${id}`));
    await page().getByText('Enregistrer un désistement des porteurs').click();
    await page().locator('#reason').fill('L’équipe renonce au projet.');
    await page().getByRole('button', { name: 'Enregistrer le désistement' }).click();
    await page().getByText(`Désistement des porteurs le ${formatDay(today)}`).waitFor();
    expect((await app.dispatch('followup.get', { dossierId: id })).withdrawal).toEqual({ date: today, reason: 'L’équipe renonce au projet.' });
    await app.audit();
  });
});
