import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Api } from '../../shared/contract';
import { formatDay } from '../../renderer/src/format';
import { localToday } from '../../renderer/src/pages/documents/labels';
import { useBrowserTest } from '../support/browser';

const exportXlsx = join(fileURLToPath(new URL('./fixtures/', import.meta.url)), 'hdf-dossiers-export.xlsx');

const identity = {
  regionCode: '32',
  agencyName: 'Agence régionale de santé Hauts-de-France',
  direction: "Direction de l'offre de soins",
  unit: 'Service premier recours',
  address: { street: '556 avenue Willy Brandt', postalCode: '59777', city: 'Lille' },
  phone: '',
  email: '',
  directorGeneral: { civility: 'M.' as const, firstName: 'Marc', lastName: 'Delattre', title: 'Directeur général' },
  signatory: { civility: 'Mme' as const, firstName: 'Claire', lastName: 'Vandenberghe', title: "Directrice de l'offre de soins", byDelegation: true },
  appeal: { court: 'tribunal administratif de Lille' },
  departments: [],
};

const members = [
  { civility: 'Mme', firstName: 'Claire', lastName: 'Vandenberghe', organisation: 'ARS', title: "Directrice de l'offre de soins" },
  { civility: 'M.', firstName: 'Paul', lastName: 'Durand', organisation: 'CPAM du Nord', title: '' },
  { civility: 'Mme', firstName: 'Inès', lastName: 'Martin', organisation: 'URPS médecins libéraux', title: '' },
  { civility: 'M.', firstName: 'Yann', lastName: 'Morel', organisation: 'France Assos Santé', title: '', advisory: true },
];

const PRIVATE_NOTE = 'Le porteur a rappelé le secrétariat le 3 décembre.';

/** Calendar days around today: decisions are dated from the session's day to today, on this computer's calendar. */
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const today = localToday();
const SESSION_DATE = shift(today, -6);

const app = useBrowserTest({
  name: 'session',
  files: [exportXlsx],
  prepare: async (setup) => {
    await setup.dispatch('settings.update', { identity, grants: { defaultStartupGrant: 20_000, ceiling: 50_000 } });
    await setup.dispatch('import.run', {
      fileName: 'hdf-dossiers-export.xlsx',
      contentBase64: readFileSync(exportXlsx).toString('base64'),
    });
  },
});

let sessionId = 0;
let projector: Page;

const page = () => app.page;
const url = (path: string) => `${app.bridge.url}/#${path}`;
/** Errors are role="alert", successes and information role="status": the DSFR class covers both. */
const alertWith = (text: string) => page().locator('.fr-alert', { hasText: text });
const agendaNames = () => page().locator('.app-agenda-item .fr-text--bold').allTextContents();
const focusedTitle = () => page().locator(':focus').getAttribute('title');

async function openTab(name: RegExp) {
  await page().getByRole('tab', { name }).click();
}

describe('A commission session, in Chromium against the real services', () => {
  it('keeps the roster of the commission, one member with an advisory voice', async () => {
    await page().goto(url('/seances'));
    await page().getByRole('heading', { name: "Aucune séance pour l'instant" }).waitFor();
    await app.audit();
    await page().getByRole('link', { name: 'Membres de la commission' }).click();
    await page().getByRole('heading', { level: 1, name: 'Membres de la commission' }).waitFor();

    // A missing name is refused next to its field.
    await page().fill('#member-firstName', 'Claire');
    await page().getByRole('button', { name: 'Ajouter le membre' }).click();
    await alertWith("Le membre n'a pas été enregistré").waitFor();
    await app.audit();
    expect(await app.describedError('member-lastName')).toBe('Le nom du membre est obligatoire.');

    for (const member of members) {
      await page().selectOption('#member-civility', member.civility);
      await page().fill('#member-firstName', member.firstName);
      await page().fill('#member-lastName', member.lastName);
      await page().fill('#member-organisation', member.organisation);
      await page().fill('#member-title', member.title);
      if (member.advisory) await page().getByLabel('Voix consultative').check({ force: true });
      await page().getByRole('button', { name: 'Ajouter le membre' }).click();
      await page().getByText(`Membre enregistré : ${member.firstName} ${member.lastName}.`).waitFor();
    }
    expect(await page().locator('tbody tr').count()).toBe(4);
    await app.screenshot('membres.png');
    expect(await page().locator('tbody tr', { hasText: 'Yann Morel' }).textContent()).toContain('Voix consultative');
  });

  it('scores a dossier: suggestions to confirm, an optional axis set aside, another scorer and the consensus', async () => {
    const thierache = await app.dispatch('dossiers.get', { dsNumber: 24001101 });
    await page().goto(url(`/dossiers/${thierache.id}`));
    const evaluation = page().locator('#evaluation');
    await evaluation.getByRole('heading', { name: 'Évaluation' }).waitFor();
    // Suggestions are shown with their reason, not counted until confirmed.
    expect(await evaluation.textContent()).toContain('2 médecins généralistes : 4 points');
    expect(await evaluation.locator('.app-score-total').textContent()).toBe('0 / 100 (0 %)');

    await evaluation.getByRole('button', { name: 'Retenir toutes les suggestions' }).click();
    expect(await evaluation.locator('.app-score-total').textContent()).toBe('41 / 100 (41 %)');
    await page().getByLabel('Note : Zonage médecins').selectOption('10');
    await page().getByLabel('Note : Accessibilité potentielle localisée (APL)').selectOption('3');
    await page().getByLabel('Note : Maître de stage').selectOption('2');
    await page().getByLabel("Note : Horaires d'ouverture et soins non programmés").selectOption('6');
    await page().getByLabel('Écarter cet axe pour ce dossier').first().check({ force: true });
    // A decimal, a negative and a word: each refused next to its field, naming its criterion.
    await page().getByLabel('Note : Patients sans médecin traitant').fill('2,5');
    await page().getByLabel('Note : Qualité du diagnostic territorial').fill('-1');
    await page().getByLabel('Note : Cofinancements').fill('abc');
    await evaluation.getByRole('button', { name: 'Enregistrer les notes' }).click();
    await evaluation.getByText("Les notes n'ont pas été enregistrées").waitFor();
    await app.audit();
    expect(await app.describedError('sheet-values-patients_without_gp')).toBe(
      '« Patients sans médecin traitant » : la note est un nombre entier, sans virgule (« 2,5 » saisi) ; saisir un nombre entier de 0 à 5.',
    );
    expect(await app.describedError('sheet-values-territorial_diagnosis')).toBe(
      '« Qualité du diagnostic territorial » : la note ne peut pas être négative ; saisir un nombre entier de 0 à 5.',
    );
    expect(await app.describedError('sheet-values-co_funding')).toBe(
      "« Cofinancements » : « abc » n'est pas un nombre ; saisir un nombre entier de 0 à 4.",
    );
    // Correcting a field takes its message away at once; a value off the scale is not counted.
    await page().getByLabel('Note : Patients sans médecin traitant').fill('4');
    expect(await app.describedError('sheet-values-patients_without_gp')).toBe('');
    await page().getByLabel('Note : Qualité du diagnostic territorial').fill('4');
    await page().getByLabel('Note : Cofinancements').fill('9');
    expect(await evaluation.locator('.app-score-total').textContent()).toBe('70 / 85 (82 %)');
    await evaluation.getByRole('button', { name: 'Enregistrer les notes' }).click();
    expect(await app.describedError('sheet-values-co_funding')).toBe(
      '« Cofinancements » : la note doit être un nombre entier de 0 à 4.',
    );
    await page().getByLabel('Note : Cofinancements').fill('2');
    await evaluation.getByRole('button', { name: 'Enregistrer les notes' }).click();
    await evaluation.getByText('Notes enregistrées : Instructeur.').waitFor();
    expect(await evaluation.locator('.app-score-total').textContent()).toBe('72 / 85 (85 %)');
    expect(await evaluation.textContent()).toContain('Avis suggéré : Favorable');

    // A member scored the zoning lower: the spread shows, and the consensus is retained.
    const paul = (await app.dispatch('members.list', {})).find((m) => m.lastName === 'Durand')!;
    const instructor = (await app.dispatch('scores.get', { dossierId: thierache.id })).sheets[0]!.sheet;
    await app.dispatch('scores.save', {
      dossierId: thierache.id,
      scorer: `member:${paul.id}`,
      sheet: { ...instructor, values: { ...instructor.values, zoning: 6 } },
    });
    await page().reload();
    const comparison = page().locator('section[aria-labelledby="comparison-title"]');
    expect(await comparison.locator('tr', { hasText: 'Zonage médecins' }).textContent()).toContain('4 points');
    await comparison.getByRole('button', { name: 'Retenir le consensus calculé' }).click();
    await evaluation.getByText('Le consensus est enregistré').waitFor();
    await app.audit();
    await app.screenshot('dossier-evaluation.png', evaluation);
  });

  it('creates a session through the form, refusing an end before the start', async () => {
    await page().goto(url('/seances'));
    await page().getByRole('link', { name: 'Nouvelle séance' }).click();
    await page().getByRole('heading', { level: 1, name: 'Nouvelle séance' }).waitFor();
    await page().getByText('Les 4 membres actifs de la commission siégeront').waitFor();
    await app.audit();

    await page().fill('#session-number', '2026-04');
    await page().fill('#session-title', "Commission de sélection des projets d'exercice coordonné");
    await page().fill('#session-date', SESSION_DATE);
    await page().fill('#session-startTime', '14:00');
    await page().fill('#session-endTime', '12:00');
    await page().fill('#session-place', 'ARS Hauts-de-France, salle du conseil, Lille');
    await page().selectOption('#session-chairMemberId', { label: 'Claire Vandenberghe (ARS)' });
    await page().fill('#session-secretary', 'Julie Perrin');
    await page().getByRole('button', { name: 'Créer la séance' }).click();
    await alertWith("La séance n'a pas été enregistrée").waitFor();
    await app.audit();
    expect(await app.describedError('session-endTime')).toBe("L'heure de fin doit suivre l'heure de début.");
    // « Annuler » with the form filled asks first.
    await page().getByRole('link', { name: 'Annuler' }).click();
    await app.answerConfirmation('Quitter sans enregistrer ?', 'Rester sur la page');
    expect(await page().inputValue('#session-number')).toBe('2026-04');

    await page().fill('#session-endTime', '17:00');
    await page().getByRole('button', { name: 'Créer la séance' }).click();
    await page().getByRole('heading', { level: 1, name: 'Séance n° 2026-04' }).waitFor();
    await page().getByText('La séance est créée.').waitFor();
    await app.audit();
    sessionId = Number(/#\/seances\/(\d+)/.exec(page().url())?.[1]);
    expect(sessionId).toBeGreaterThan(0);
    expect(await page().locator('.app-meta').textContent()).toContain(`${formatDay(SESSION_DATE)}, de 14 h à 17 h`);
  });

  it('sets the roll: one member remote, one represented by a present voting member; the quorum follows', async () => {
    await page().goto(url(`/seances/${sessionId}?onglet=membres`));
    await page().getByRole('heading', { name: 'Présences et quorum' }).waitFor();
    await alertWith('Quorum non atteint').waitFor();
    await app.audit();

    await page().getByLabel('Présence de Claire Vandenberghe').selectOption('present');
    await page().getByLabel('Présence de Paul Durand').selectOption('remote');
    await page().getByLabel('Présence de Yann Morel').selectOption('present');
    // An advisory member cannot hold nor give a proxy.
    expect(await page().getByLabel('Présence de Yann Morel').locator('option[value="represented"]').count()).toBe(0);
    await page().getByLabel('Présence de Inès Martin').selectOption('represented');
    const holders = await page().getByLabel('Mandataire de Inès Martin').locator('option:not([hidden])').allTextContents();
    expect(holders.sort()).toEqual(['Claire Vandenberghe', 'Paul Durand']);
    await page().getByLabel('Mandataire de Inès Martin').selectOption({ label: 'Claire Vandenberghe' });
    // The quorum is recounted before the roll is saved.
    await alertWith('Quorum atteint').waitFor();
    expect(await page().getByText('pas encore enregistrées').count()).toBe(1);

    // Removing a member says how the quorum changes; cancelled, the member stays.
    await page().getByRole('button', { name: 'Retirer Paul Durand de la séance' }).click();
    expect(await app.answerConfirmation('Retirer ce membre de la séance ?', 'Annuler')).toContain(
      'Le quorum passe de 3 à 2 membres comptés (il en faut 1).',
    );
    expect(await page().getByLabel('Présence de Paul Durand').inputValue()).toBe('remote');
    // An advisory member does not count: confirmed, the row goes, and comes back from the list.
    await page().getByRole('button', { name: 'Retirer Yann Morel de la séance' }).click();
    expect(await app.answerConfirmation('Retirer ce membre de la séance ?', 'Retirer de la séance')).toContain(
      'Le quorum ne change pas : 3 membres comptés.',
    );
    expect(await page().getByLabel('Présence de Yann Morel').count()).toBe(0);
    const yann = await page().locator('#roll-add-member option', { hasText: 'Yann Morel' }).textContent();
    await page().selectOption('#roll-add-member', { label: yann! });
    await page().getByRole('button', { name: 'Ajouter à la séance' }).click();
    await page().getByLabel('Présence de Yann Morel').selectOption('present');

    // The roll not saved yet: leaving the session asks first.
    await page().getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Séances' }).click();
    await app.answerConfirmation('Quitter sans enregistrer ?', 'Rester sur la page');
    expect(await page().getByText('pas encore enregistrées').count()).toBe(1);

    await page().getByRole('button', { name: 'Enregistrer les présences' }).click();
    await page().getByText('Présences enregistrées').waitFor();
    await app.audit();
    const quorum = alertWith('Quorum atteint');
    expect(await quorum.textContent()).toContain(
      'Quorum atteint : 3 membres à voix délibérative présents ou représentés sur 3 (2 présents dont 1 à distance, 1 représenté) ; il en faut au moins 2.',
    );
    await app.screenshot('seance-presences.png');
    const roll = (await app.dispatch('sessions.get', { id: sessionId })).members;
    const claire = roll.find((m) => m.lastName === 'Vandenberghe')!;
    expect(Object.fromEntries(roll.map((m) => [m.lastName, [m.status, m.remote, m.proxyHolderId]]))).toEqual({
      Vandenberghe: ['present', false, null],
      Durand: ['present', true, null],
      Martin: ['represented', false, claire.memberId],
      Morel: ['present', false, null],
    });
  });

  it('builds the agenda from a search, eligible dossiers first, and reorders it from the keyboard', async () => {
    await page().goto(url(`/seances/${sessionId}`));
    await openTab(/^Ordre du jour/);
    const search = page().getByLabel('Rechercher un dossier');
    await search.fill('ESP');
    await page().getByText('dossiers à ajouter, les éligibles en premier').waitFor();
    await app.audit();
    const found = await page().locator('.app-picker tbody tr').allTextContents();
    const at = (name: string) => found.findIndex((row) => row.includes(name));
    // The ineligible ESP Chauny Centre comes after the eligible ones, with its warning.
    expect(at('ESP Chauny Centre')).toBeGreaterThan(Math.max(at('ESP de Thiérache'), at('ESP du Santerre')));
    expect(found[at('ESP Chauny Centre')]).toContain('Non éligible');

    for (const [query, name] of [
      ['24001101', 'ESP de Thiérache'],
      ['24001105', 'ESP du Santerre'],
      ['24001103', 'ESP Chauny Centre'],
    ]) {
      await search.fill(query!);
      await page().getByText('1 dossier à ajouter').waitFor();
      await page().getByRole('button', { name: `Ajouter « ${name} » à l'ordre du jour` }).click();
      await expect.poll(agendaNames).toContain(name);
    }
    expect(await agendaNames()).toEqual(['ESP de Thiérache', 'ESP du Santerre', 'ESP Chauny Centre']);
    expect(await page().locator('.app-agenda-item').last().textContent()).toContain('Non éligible');

    await page().getByRole('button', { name: 'Monter « ESP Chauny Centre »' }).focus();
    await page().keyboard.press('Enter');
    await expect.poll(agendaNames).toEqual(['ESP de Thiérache', 'ESP Chauny Centre', 'ESP du Santerre']);
    // The focus stays with the dossier that moved.
    await expect.poll(focusedTitle).toBe('Monter « ESP Chauny Centre »');

    await page().getByLabel('Rapporteur de « ESP de Thiérache »').selectOption({ label: 'Rapporteur : Inès Martin' });
    await expect
      .poll(async () => (await app.dispatch('sessions.get', { id: sessionId })).items[0]?.rapporteurMemberId)
      .not.toBeNull();
    await search.fill('');
    await page().getByText('3 dossiers à ajouter, les éligibles en premier.').waitFor();
    await app.screenshot('seance-ordre-du-jour.png');
  });

  it('declares a conflict of interest, shown on the item with its quorum', async () => {
    await openTab(/^Déports/);
    await page().getByLabel('Membre', { exact: true }).selectOption({ label: 'Paul Durand' });
    await page().getByLabel('Dossier', { exact: true }).selectOption({ label: '3. ESP du Santerre' });
    await page().getByLabel('Motif (facultatif)').fill("Médecin traitant de membres de l'équipe");
    await page().getByRole('button', { name: 'Enregistrer le déport' }).click();
    const row = page().locator('tbody tr', { hasText: 'Paul Durand' });
    await row.waitFor();
    expect(await row.textContent()).toContain('3. ESP du Santerre');
    expect(await row.textContent()).toContain('Quorum atteint');
    expect(await row.textContent()).toContain('2 votants');

    await openTab(/^Ordre du jour/);
    expect(await page().locator('.app-agenda-item', { hasText: 'ESP du Santerre' }).textContent()).toContain(
      "Déport : Paul Durand (Médecin traitant de membres de l'équipe)",
    );

    // Asked first: cancelling keeps the item and brings the focus back to its button.
    const removeSanterre = page().getByTitle("Retirer « ESP du Santerre » de l'ordre du jour");
    await removeSanterre.click();
    expect(await page().evaluate('document.activeElement?.textContent')).toBe('Annuler');
    expect(await app.answerConfirmation("Retirer le dossier de l'ordre du jour ?", 'Annuler')).toContain(
      '« ESP du Santerre » ne sera plus examiné à cette séance.',
    );
    await expect.poll(focusedTitle).toBe("Retirer « ESP du Santerre » de l'ordre du jour");
    expect(await agendaNames()).toEqual(['ESP de Thiérache', 'ESP Chauny Centre', 'ESP du Santerre']);
    // The minutes must say who withdrew: the item cannot leave the agenda with its withdrawal.
    await removeSanterre.click();
    await app.answerConfirmation("Retirer le dossier de l'ordre du jour ?", "Retirer de l'ordre du jour");
    await alertWith("L'ordre du jour n'a pas été modifié").waitFor();
    await app.audit();
    expect(await alertWith("L'ordre du jour n'a pas été modifié").textContent()).toContain(
      "Le dossier « ESP du Santerre » ne peut pas être retiré de l'ordre du jour sans effacer un déport déclaré : retirez d'abord le déport de M. Paul Durand, ou ajournez le dossier.",
    );
    expect(await agendaNames()).toEqual(['ESP de Thiérache', 'ESP Chauny Centre', 'ESP du Santerre']);

    // Removing the withdrawal is asked first; removed, it is declared again.
    const declare = async () => {
      await page().getByLabel('Membre', { exact: true }).selectOption({ label: 'Paul Durand' });
      await page().getByLabel('Dossier', { exact: true }).selectOption({ label: '3. ESP du Santerre' });
      await page().getByLabel('Motif (facultatif)').fill("Médecin traitant de membres de l'équipe");
      await page().getByRole('button', { name: 'Enregistrer le déport' }).click();
    };
    await openTab(/^Déports/);
    const withdrawals = async () => (await app.dispatch('sessions.get', { id: sessionId })).items[2]!.withdrawals.length;
    await page().getByRole('button', { name: 'Retirer le déport de Paul Durand' }).click();
    expect(await app.answerConfirmation('Retirer ce déport ?', 'Annuler')).toContain(
      'Paul Durand reprendra part aux débats et au vote sur « ESP du Santerre »',
    );
    expect(await withdrawals()).toBe(1);
    await page().getByRole('button', { name: 'Retirer le déport de Paul Durand' }).click();
    await app.answerConfirmation('Retirer ce déport ?', 'Retirer le déport');
    await page().getByText("Aucun déport n'est déclaré.").waitFor();
    expect(await withdrawals()).toBe(0);
    await declare();
    await page().locator('tbody tr', { hasText: 'Paul Durand' }).waitFor();
  });

  it('convenes and opens the session', async () => {
    await page().getByRole('button', { name: 'Convoquer la séance' }).click();
    await page().getByText('La séance est convoquée.').waitFor();
    await page().getByRole('button', { name: 'Ouvrir la séance' }).click();
    await page().getByText('La séance est ouverte.').waitFor();
    expect(await page().locator('.app-meta').textContent()).toContain('En cours');
  });

  it('records in live mode a favorable opinion with reservations, after refusing an impossible vote', async () => {
    await page().getByRole('link', { name: 'Mode séance' }).click();
    await page().getByRole('heading', { level: 1, name: 'ESP de Thiérache' }).waitFor();
    expect(await page().locator('.app-live-position').textContent()).toBe('Point 1 sur 3');
    expect(await page().locator('.app-live-keys').textContent()).toContain('Ctrl+Entrée : enregistrer l');
    // The score, its axes and the suggested opinion; the eligibility verdict.
    expect(await page().locator('.app-live-dossier .app-score-total').textContent()).toBe('72 / 85');
    expect(await page().locator('.app-live-dossier .app-axis').count()).toBe(5);
    await expect.poll(() => page().locator('.app-live-dossier').textContent()).toContain('Avis suggéré : Favorable');
    await expect.poll(() => page().locator('.app-live-facts').textContent()).toContain('À vérifier');

    await page().getByLabel('Favorable sous réserve').check({ force: true });
    await page().getByLabel('Nouvelle réserve').fill("Transmettre les statuts signés de l'association");
    await page().keyboard.press('Enter');
    await page().locator('.app-reservations li', { hasText: 'Transmettre les statuts' }).waitFor();
    await page().getByLabel('Motivation (obligatoire)').fill('Projet solide ; les statuts restent à transmettre.');

    await page().keyboard.press('Alt+KeyV');
    await expect.poll(() => app.isFocused('opinion-vote-for')).toBe(true);
    await page().keyboard.type('4');
    // The vote is checked as it is typed, then refused by the handler next to the vote.
    const voteMessage = page().locator('#opinion-vote-messages');
    const tooMany = 'Le nombre de votes (4) dépasse le nombre de votants (3 : 2 présents dont 1 à distance, 1 représenté).';
    await expect.poll(() => voteMessage.textContent()).toBe(tooMany);
    expect(await page().getByLabel("Montant de l'aide").inputValue()).toBe('20000');
    await page().getByLabel('Ingénierie de projet').fill('8000');
    await page().getByLabel('Investissement informatique').fill('7000');
    await page().getByLabel('Mobilier et logistique').fill('4000');
    await page().getByText('La ventilation fait 19 000 € : il manque 1 000 € pour atteindre 20 000 €.').waitFor();
    await app.audit();
    await page().getByLabel('Mobilier et logistique').fill('5000');
    await page().getByText('La ventilation fait 20 000 € : elle correspond au montant.').waitFor();
    await page().getByLabel('Notes privées du secrétariat (facultatif)').fill(PRIVATE_NOTE);

    await page().keyboard.press('Control+Enter');
    await alertWith("L'avis n'a pas été enregistré").waitFor();
    expect(await page().locator('#opinion-vote .fr-message--error').textContent()).toBe(tooMany);
    expect((await app.dispatch('sessions.get', { id: sessionId })).items[0]!.opinion).toBeNull();
    // The unsaved draft holds the window's closing (the main process then asks) and the screen.
    const unloadHeld = () => page().evaluate("!window.dispatchEvent(new Event('beforeunload', { cancelable: true }))");
    expect(await unloadHeld()).toBe(true);
    await page().getByRole('link', { name: 'Quitter le mode séance' }).click();
    await app.answerConfirmation('Quitter sans enregistrer ?', 'Rester sur la page');
    expect(await page().getByLabel('Motivation (obligatoire)').inputValue()).toBe('Projet solide ; les statuts restent à transmettre.');

    await page().getByLabel('Pour', { exact: true }).fill('3');
    await page().getByLabel('Contre', { exact: true }).fill('0');
    await page().getByLabel('Abstention', { exact: true }).fill('0');
    expect(await voteMessage.textContent()).toBe('');
    await page().keyboard.press('Control+Enter');
    await page().getByText('Avis enregistré le').waitFor();
    expect(await unloadHeld()).toBe(false);
    await app.audit();
    expect(await page().locator('.app-live-step').first().textContent()).toContain('Favorable sous réserve');
    const recorded = (await app.dispatch('sessions.get', { id: sessionId })).items[0]!;
    expect(recorded.opinion).toEqual({
      kind: 'favorable_with_reservations',
      motivation: 'Projet solide ; les statuts restent à transmettre.',
      reservations: ["Transmettre les statuts signés de l'association"],
      vote: { for: 3, against: 0, abstention: 0 },
      grant: { amount: 20000, engineering: 8000, it: 7000, furniture: 5000 },
      noQuorum: false,
    });
    expect(recorded.privateNotes).toBe(PRIVATE_NOTE);
    await app.screenshot('seance-direct.png');
  });

  it('shows the room the item chosen in live mode, without the private notes', async () => {
    projector = await app.newWindow();
    await projector.goto(url(`/seances/${sessionId}/projection`));
    await projector.getByRole('heading', { level: 1, name: 'ESP de Thiérache' }).waitFor();
    await app.audit(projector);
    // French amounts are grouped with narrow no-break spaces.
    const text = (await projector.locator('body').textContent())?.replace(/\s+/g, ' ');
    expect(text).toContain('Favorable sous réserve');
    expect(text).toContain('Pour 3 · Contre 0 · Abstention 0');
    expect(text).toContain("Transmettre les statuts signés de l'association");
    expect(text).toContain('Aide proposée : 20 000 €');
    expect(text).not.toContain(PRIVATE_NOTE);
    expect(text).not.toContain('Paul Durand');
    expect(await projector.locator('.app-axes--large .app-axis').count()).toBe(5);
    await app.screenshot('seance-projection.png', projector);

    // A 1024 × 768 projector and a 200-character name: the score and the opinion stay on screen.
    const thierache = await app.dispatch('dossiers.get', { dsNumber: 24001101 });
    const long = `ESP de Thiérache ${'et des communes associées du bocage '.repeat(6)}`.slice(0, 200);
    await app.dispatch('dossiers.update', { id: thierache.id, data: { ...thierache.data, name: long } });
    await projector.setViewportSize({ width: 1024, height: 768 });
    await projector.reload();
    await projector.getByRole('heading', { level: 1, name: long.trim() }).waitFor();
    await app.audit(projector);
    for (const part of ['.app-projector-total', '.app-projector-opinion', '.app-projector-vote']) {
      const box = await projector.locator(part).first().boundingBox();
      expect(box!.y + box!.height, part).toBeLessThanOrEqual(768);
    }
    await app.screenshot('seance-projection-1024.png', projector);
    await app.dispatch('dossiers.update', { id: thierache.id, data: thierache.data });
    await projector.setViewportSize({ width: 1280, height: 900 });
    await projector.reload();
    await projector.getByRole('heading', { level: 1, name: 'ESP de Thiérache' }).waitFor();

    // At 200 % zoom (half the CSS pixels) live mode leaves most of the window to the item.
    await page().setViewportSize({ width: 640, height: 450 });
    const content = await page().locator('.app-live-main').boundingBox();
    const keys = await page().locator('.app-live-keys').boundingBox();
    expect(content!.y).toBeLessThan(450 / 2);
    // The keys reminder no longer covers the bottom of the item: it comes after it.
    expect(keys!.y).toBeGreaterThanOrEqual(content!.y + content!.height);
    await app.audit();
    await app.screenshot('seance-direct-200.png');
    await page().setViewportSize({ width: 1280, height: 900 });

    // PageDown in live mode moves the room's view too.
    await page().locator('h1').click();
    await page().keyboard.press('PageDown');
    await page().getByRole('heading', { level: 1, name: 'ESP Chauny Centre' }).waitFor();
    await projector.getByRole('heading', { level: 1, name: 'ESP Chauny Centre' }).waitFor();
    expect(await projector.locator('body').textContent()).toContain("En cours d'examen.");
  });

  it('refuses an unfavorable opinion without motivation, then records it', async () => {
    await expect.poll(() => page().locator('.app-live-facts').textContent()).toContain('Non éligible');
    await page().getByLabel('Défavorable').check({ force: true });
    await page().getByLabel('Contre', { exact: true }).fill('3');
    await page().keyboard.press('Control+Enter');
    await alertWith("L'avis n'a pas été enregistré").waitFor();
    expect(await app.describedError('opinion-motivation')).toBe('La motivation est obligatoire pour un avis « Défavorable ».');
    await expect.poll(() => app.isFocused('opinion-motivation')).toBe(true);

    await page().keyboard.type("L'équipe ne compte aucun médecin généraliste (article L1411-11-1 du code de la santé publique).");
    await page().keyboard.press('Control+Enter');
    await page().getByText('Avis enregistré le').waitFor();
    await app.audit();
    expect(await page().locator('.app-live-step').nth(1).textContent()).toContain('Défavorable');

    // Recording again replaces the opinion: asked first, nothing written when cancelled.
    const opinionAt = async () => (await app.dispatch('sessions.get', { id: sessionId })).items[1]!.opinionAt;
    const first = await opinionAt();
    await page().keyboard.press('Control+Enter');
    expect(await app.answerConfirmation("Remplacer l'avis enregistré ?", 'Annuler')).toContain(
      '« ESP Chauny Centre » a déjà un avis enregistré : Défavorable',
    );
    expect(await opinionAt()).toBe(first);
    await page().keyboard.press('Control+Enter');
    await app.answerConfirmation("Remplacer l'avis enregistré ?", "Remplacer l'avis");
    await expect.poll(opinionAt).not.toBe(first);
  });

  it('refuses to close while an item has no opinion, naming it', async () => {
    await page().getByRole('link', { name: 'Quitter le mode séance' }).click();
    await page().getByRole('heading', { level: 1, name: 'Séance n° 2026-04' }).waitFor();
    await page().getByRole('button', { name: 'Clôturer la séance' }).click();
    await page().getByRole('button', { name: 'Oui, clôturer' }).click();
    const refusal = alertWith('La séance ne peut pas être clôturée');
    await refusal.waitFor();
    await app.audit();
    expect(await refusal.textContent()).toContain(
      "n° 24001105 — ESP du Santerre : aucun avis n'est enregistré (l'ajourner s'il n'a pas été examiné).",
    );
  });

  it('postpones faute de quorum, without a vote, the last item once a second withdrawal took its quorum', async () => {
    // The chair declares an interest too during the meeting: her proxy cannot be cast either.
    const santerre = (await app.dispatch('sessions.get', { id: sessionId })).items[2]!;
    const members = (await app.dispatch('sessions.get', { id: sessionId })).members;
    const claire = members.find((m) => m.lastName === 'Vandenberghe')!;
    await app.dispatch('conflicts.set', {
      sessionId,
      withdrawals: [
        ...santerre.withdrawals.map((w) => ({ ...w, itemId: santerre.id })),
        { memberId: claire.memberId, itemId: santerre.id, reason: 'Présidente de l’association porteuse' },
      ],
    });
    await page().goto(url(`/seances/${sessionId}/direct?point=3`));
    await page().getByRole('heading', { level: 1, name: 'ESP du Santerre' }).waitFor();
    await expect.poll(() => page().locator('.app-live-dossier').textContent()).toContain(
      "Déport : Paul Durand — Médecin traitant de membres de l'équipe",
    );
    await expect.poll(() => page().locator('.app-live-dossier').textContent()).toContain('Quorum non atteint');

    // Deliberating is refused; postponing faute de quorum is offered instead.
    await page().getByLabel('Ajourné').check({ force: true });
    await page().getByLabel('Motivation (obligatoire)').fill('Budget prévisionnel à compléter par des devis.');
    await page().getByRole('button', { name: "Enregistrer l'avis" }).click();
    await alertWith("L'avis n'a pas été enregistré").waitFor();
    expect(await alertWith("L'avis n'a pas été enregistré").textContent()).toContain('Quorum non atteint');
    await page().getByLabel('Motivation (obligatoire)').fill('');
    await page().getByRole('button', { name: 'Ajourner faute de quorum' }).click();
    await page().getByText('Avis enregistré le').waitFor();
    await app.audit();
    expect(await page().locator('.app-live-step').nth(2).textContent()).toContain('Ajourné faute de quorum');
    await app.screenshot('seance-sans-quorum.png');
    const recorded = (await app.dispatch('sessions.get', { id: sessionId })).items[2]!.opinion!;
    expect(recorded).toMatchObject({ kind: 'postponed', noQuorum: true, vote: null });
    expect(recorded.motivation).toMatch(/^La commission n'a pas pu délibérer sur ce dossier faute de quorum\. Quorum non atteint/);
    await projector.getByRole('heading', { level: 1, name: 'ESP du Santerre' }).waitFor();
    await projector.getByText('Ajourné faute de quorum', { exact: true }).waitFor();
    await app.audit(projector);
    await projector.close();
  });

  it('records an ARS decision departing from the opinion only with its reason', async () => {
    await page().getByRole('link', { name: 'Quitter le mode séance' }).click();
    await openTab(/^Ordre du jour/);
    const chauny = page().locator('.app-agenda-item', { hasText: 'ESP Chauny Centre' });
    await chauny.getByLabel("Décision de l'ARS").selectOption({ label: 'Ajournement' });
    await chauny.getByRole('button', { name: 'Enregistrer la décision' }).click();
    const reason = chauny.getByLabel("Motif (obligatoire quand la décision s'écarte de l'avis)");
    await chauny.getByText(/le motif est obligatoire/).waitFor();
    await app.audit();
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    await reason.fill('Le directeur général sursoit à statuer dans l’attente du recrutement annoncé d’un médecin généraliste.');
    await chauny.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await chauny.getByText(/^Décision de l'ARS : Ajournement, le .+ — motif : Le directeur général sursoit/).waitFor();
    // A recorded decision is replaced only once confirmed.
    await chauny.getByLabel("Décision de l'ARS").selectOption({ label: 'Refus' });
    await chauny.getByRole('button', { name: 'Enregistrer la décision' }).click();
    expect(await app.answerConfirmation('Remplacer la décision enregistrée ?', 'Annuler')).toMatch(
      /déjà enregistrée : Ajournement, le .+\. Elle sera remplacée par : Refus, le /,
    );
    const outcomeOf = async () => (await app.dispatch('sessions.get', { id: sessionId })).items[1]!.decision?.outcome;
    expect(await outcomeOf()).toBe('postponed');
    await chauny.getByLabel("Décision de l'ARS").selectOption({ label: 'Ajournement' });
    await chauny.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await app.answerConfirmation('Remplacer la décision enregistrée ?', 'Remplacer la décision');
    await chauny.getByText('Décision enregistrée.').waitFor();
    expect(await outcomeOf()).toBe('postponed');
    // The message goes with the next change of the form.
    await chauny.getByLabel("Décision de l'ARS").selectOption({ label: 'Refus' });
    expect(await chauny.getByText('Décision enregistrée.').count()).toBe(0);
    await chauny.getByLabel("Décision de l'ARS").selectOption({ label: 'Ajournement' });
    await page().getByRole('link', { name: 'Mode séance' }).click();
    await page().getByRole('heading', { level: 1 }).waitFor();
  });

  it('closes the session on the decision date given: a clear banner, everything read-only, every change refused', async () => {
    await page().getByRole('link', { name: 'Quitter le mode séance' }).click();
    await page().getByRole('button', { name: 'Clôturer la séance' }).click();
    // The decisions closing writes are dated from the session's day (proposed) to today.
    const date = page().locator('#close-decision-date');
    expect(await date.inputValue()).toBe(SESSION_DATE);
    expect([await date.getAttribute('min'), await date.getAttribute('max')]).toEqual([SESSION_DATE, today]);
    await app.screenshot('seance-cloture.png');
    await date.fill(shift(SESSION_DATE, -1));
    await page().getByRole('button', { name: 'Oui, clôturer' }).click();
    await expect.poll(() => app.describedError('close-decision-date')).toMatch(/La date de décision \(.+\) précède la séance du .+\./);
    expect((await app.dispatch('sessions.get', { id: sessionId })).status).toBe('in_progress');
    await date.fill(shift(SESSION_DATE, 2));
    await page().getByRole('button', { name: 'Oui, clôturer' }).click();
    await page().getByText('La séance est clôturée.').waitFor();
    // Chauny's decision keeps the day it was taken; the others are dated as given.
    const decided = (await app.dispatch('sessions.get', { id: sessionId })).items.map((i) => i.decision?.date);
    expect(decided).toEqual([shift(SESSION_DATE, 2), today, shift(SESSION_DATE, 2)]);
    const banner = page().getByRole('heading', { name: /^Séance clôturée le .+ par test-e2e$/ });
    await banner.waitFor();
    await app.audit();
    expect(await page().getByRole('button', { name: 'Rouvrir la séance' }).count()).toBe(1);

    // Read-only: no field on the information, roll or agenda tabs.
    expect(await page().locator('main input, main select, main textarea').count()).toBe(0);
    await openTab(/^Membres et présences/);
    expect(await page().locator('main select').count()).toBe(0);
    await openTab(/^Ordre du jour/);
    expect(await page().getByRole('button', { name: /^(Monter|Descendre|Ajouter)/ }).count()).toBe(0);
    await app.screenshot('seance-cloturee.png');

    // The handler refuses any change all the same.
    const refused = await page().evaluate(
      (id) => (globalThis as unknown as { api: Api }).api['agenda.set']({ sessionId: id, items: [] }),
      sessionId,
    );
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'LOCKED',
        message: 'La séance n° 2026-04 est clôturée : rouvrez-la, en indiquant le motif, pour la modifier.',
      },
    });

    // Live mode only shows what was recorded.
    await page().goto(url(`/seances/${sessionId}/direct?point=1`));
    await page().getByRole('heading', { level: 1, name: 'ESP de Thiérache' }).waitFor();
    expect(await page().locator('.app-opinion fieldset[disabled]').count()).toBe(1);
    expect(await page().getByText('La séance est clôturée : ses avis ne peuvent plus changer sans la rouvrir').count()).toBe(1);
    expect(await page().getByRole('button', { name: /^Enregistrer/ }).isDisabled()).toBe(true);

    await page().goto(url(`/seances/${sessionId}?onglet=historique`));
    await page().locator('tbody tr').first().waitFor();
    await app.audit();
    const actions = await page().locator('tbody tr td:nth-child(3)').allTextContents();
    expect(actions.slice(0, 5)).toEqual(['Clôture', 'Avis de la commission', 'Déports', 'Avis de la commission', 'Avis de la commission']);
    expect(await page().locator('tbody tr', { hasText: 'ESP du Santerre : Ajourné faute de quorum.' }).count()).toBe(1);
    expect(await page().locator('tbody tr', { hasText: 'ESP de Thiérache : Favorable sous réserve.' }).count()).toBe(1);
  });

  it('shows on the dossier page its session, the opinion with its vote and reservations, and the decision', async () => {
    const thierache = await app.dispatch('dossiers.get', { dsNumber: 24001101 });
    await page().goto(url(`/dossiers/${thierache.id}`));
    const examination = page().locator('section', { has: page().getByRole('heading', { name: 'Examen en commission' }) });
    await examination.getByRole('link', { name: 'Séance n° 2026-04' }).waitFor();
    await app.audit();
    const text = (await examination.textContent())?.replace(/\s+/g, ' ');
    expect(text).toContain('Favorable sous réserve');
    expect(text).toContain('Pour 3, contre 0, abstention 0');
    expect(text).toContain("Transmettre les statuts signés de l'association");
    expect(text).toMatch(/Décision de l'ARS ?Accord sous réserve, le /);
    // The history's opinion and decision lines say what was recorded.
    const opinionRow = page().locator('tbody tr', { hasText: 'Avis de la commission' }).first();
    expect(await opinionRow.textContent()).toContain('Favorable sous réserve — Pour 3, contre 0, abstention 0 — réserves : ');
    const decisionRow = page().locator('tbody tr', { hasText: "Décision de l'ARS" }).first();
    expect(await decisionRow.textContent()).toMatch(/Accord sous réserve, le .+ — aide de 20/);
    await page().goto(url(`/seances/${sessionId}?onglet=historique`));
    await page().locator('tbody tr').first().waitFor();
  });

  it('reopens the session only with a reason, kept in its history', async () => {
    await page().getByRole('button', { name: 'Rouvrir la séance' }).click();
    await expect.poll(() => app.isFocused('reopen-reason')).toBe(true);
    await page().locator('form').getByRole('button', { name: 'Rouvrir la séance' }).click();
    await expect.poll(() => app.describedError('reopen-reason')).toBe('Le motif de la réouverture est obligatoire.');
    await page().fill('#reopen-reason', 'Erreur de saisie du vote sur le point 2');
    await page().locator('form').getByRole('button', { name: 'Rouvrir la séance' }).click();
    await page().getByText('La séance est rouverte').waitFor();
    await app.audit();
    expect(await page().locator('.app-meta').textContent()).toContain('En cours');
    await expect
      .poll(() => page().locator('tbody tr').first().textContent())
      .toContain('Motif : Erreur de saisie du vote sur le point 2');

    await page().getByRole('link', { name: 'Séances', exact: true }).first().click();
    const row = page().locator('tbody tr', { hasText: 'Séance n° 2026-04' });
    await row.waitFor();
    expect((await row.locator('td').allTextContents()).slice(1)).toEqual([
      formatDay(SESSION_DATE),
      'En cours',
      '3 dossiers',
      '3 sur 3',
    ]);
    await app.screenshot('seances.png');
  });
});
