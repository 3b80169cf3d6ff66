import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { useBrowserTest } from '../support/browser';

const exportXlsx = join(fileURLToPath(new URL('./fixtures/', import.meta.url)), 'hdf-dossiers-export.xlsx');

const app = useBrowserTest({
  name: 'grid',
  files: [exportXlsx],
  prepare: async (setup) => {
    await setup.dispatch('import.run', {
      fileName: 'hdf-dossiers-export.xlsx',
      contentBase64: readFileSync(exportXlsx).toString('base64'),
    });
  },
});

const page = () => app.page;
const total = () => page().locator('#grid-total strong').textContent();
const save = () => page().getByRole('button', { name: 'Enregistrer une nouvelle version de la grille' }).click();

describe('the grid editor, in Chromium against the real services', () => {
  it('edits the grid: weights, a fourth mandatory axis moved from the keyboard, refusals next to their field', async () => {
    await page().goto(`${app.bridge.url}/#/parametres`);
    await page().getByRole('link', { name: 'Modifier la grille' }).waitFor();
    await app.audit();
    await page().getByRole('link', { name: 'Modifier la grille' }).click();
    await page().getByRole('heading', { level: 1, name: "Grille d'évaluation" }).waitFor();
    await app.audit();
    expect(await total()).toBe('100 points');

    await page().fill('#grid-axes-0-criteria-2-max', '8');
    expect(await total()).toBe('103 points');

    // A new axis takes the focus on its label; its first criterion is there to fill.
    await page().getByRole('button', { name: 'Ajouter un axe' }).click();
    expect(await app.isFocused('grid-axes-5-label')).toBe(true);
    await page().keyboard.type('Priorités régionales');
    await page().fill('#grid-axes-5-criteria-0-label', 'Santé mentale');
    await page().fill('#grid-axes-5-criteria-0-id', 'zoning');
    await page().fill('#grid-axes-5-criteria-0-max', '4');
    await page().fill('#grid-thresholds-reservations', '70');
    expect(await total()).toBe('107 points');

    await save();
    await page().getByText("La grille n'a pas été enregistrée").waitFor();
    expect(await app.describedError('grid-axes-5-criteria-0-id')).toBe('Le critère « zoning » figure deux fois dans la grille.');
    expect(await app.describedError('grid-thresholds-reservations')).toBe(
      "Le seuil de l'avis favorable sous réserve (70 %) doit être inférieur à celui de l'avis favorable (60 %).",
    );
    expect(await seriousViolations(page())).toEqual([]);
    await page().fill('#grid-axes-5-criteria-0-id', 'mental_health');
    await page().fill('#grid-thresholds-reservations', '45');

    // Named levels over the maximum are refused on the level.
    await page().selectOption('#grid-axes-5-criteria-0-scaleKind', 'choices');
    for (const [k, [label, id, points]] of [['Projet structuré', 'yes', '5'], ['Rien', 'no', '0']].entries()) {
      await page().getByRole('button', { name: 'Ajouter un niveau au critère 6.1 « Santé mentale »' }).click();
      await page().fill(`#grid-axes-5-criteria-0-scale-${k}-label`, label!);
      await page().fill(`#grid-axes-5-criteria-0-scale-${k}-id`, id!);
      await page().fill(`#grid-axes-5-criteria-0-scale-${k}-points`, points!);
    }
    await save();
    await expect.poll(() => app.describedError('grid-axes-5-criteria-0-scale-0-points')).toBe(
      'Le critère « Santé mentale » : le niveau « Projet structuré » dépasse le maximum (4 points).',
    );
    await page().fill('#grid-axes-5-criteria-0-scale-0-points', '4');

    // Before the two optional axes, from the keyboard.
    for (const axis of [5, 4]) {
      await page().getByRole('button', { name: `Monter l'axe ${axis + 1} « Priorités régionales »` }).focus();
      await page().keyboard.press('Enter');
    }
    await save();
    await page().getByText('Grille enregistrée : version 1.').waitFor();
    await app.screenshot('grille-enregistree.png');

    const { version, grid } = await app.dispatch('grid.get', {});
    expect(version).toBe(1);
    expect(grid.axes.map((a) => a.label)).toEqual([
      'Besoins du territoire et des patients',
      'Pluriprofessionnalité',
      'Exercice coordonné',
      'Priorités régionales',
      'Projet de santé',
      'Budget',
    ]);
    expect(grid.axes[0]).toMatchObject({ max: 28 });
    const [mental] = grid.axes[3]!.criteria;
    expect(mental).toMatchObject({ id: 'mental_health', label: 'Santé mentale', max: 4, source: null });
    expect(mental!.scale).toEqual([{ id: 'yes', label: 'Projet structuré', points: 4 }, { id: 'no', label: 'Rien', points: 0 }]);
    expect(grid.thresholds).toEqual({ favorable: 60, reservations: 45 });
  });

  it('scores a dossier with the edited grid', async () => {
    const { id } = await app.dispatch('dossiers.get', { dsNumber: 24001101 });
    await page().goto(`${app.bridge.url}/#/dossiers/${id}`);
    const evaluation = page().locator('#evaluation');
    await evaluation.getByRole('heading', { name: 'Évaluation' }).waitFor();
    expect(await evaluation.locator('.app-score-total').textContent()).toBe('0 / 107 (0 %)');
    await evaluation.getByRole('button', { name: 'Retenir toutes les suggestions' }).click();
    await page().getByLabel('Note : Santé mentale').selectOption('4');
    await page().getByLabel('Note : Patients sans médecin traitant').fill('8');
    await evaluation.getByRole('button', { name: 'Enregistrer les notes' }).click();
    await evaluation.getByText('Notes enregistrées : Instructeur.').waitFor();

    const scores = await app.dispatch('scores.get', { dossierId: id });
    expect(scores).toMatchObject({ gridVersion: 1, currentVersion: 1 });
    expect(scores.sheets[0]!.sheet.values).toMatchObject({ mental_health: 4, patients_without_gp: 8 });
    expect(scores.sheets[0]!.result.axes.map((a) => a.max)).toEqual([28, 20, 30, 4, 15, 10]);
  });

  it('previews a configuration file section by section, then imports it', async () => {
    const exported = await app.dispatch('config.export', { personalData: false });
    const file = JSON.parse(Buffer.from(exported.contentBase64, 'base64').toString('utf8')) as { grants: { defaultStartupGrant: number } };
    file.grants.defaultStartupGrant = 12_000;
    await page().goto(`${app.bridge.url}/#/parametres`);
    await page().getByRole('link', { name: 'Exporter ou importer la configuration' }).click();
    await page().getByRole('heading', { level: 1, name: 'Exporter ou importer la configuration' }).waitFor();
    await page().setInputFiles('#config-file', { name: 'configuration.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await page().getByRole('button', { name: 'Voir les différences' }).click();
    const table = page().locator('table', { hasText: 'Aide au démarrage' });
    await table.waitFor();
    expect(await table.locator('tbody td').allTextContents()).toEqual(['defaultStartupGrant', '20000', '12000']);
    await page().getByText("Grille d'évaluation : inchangé.").waitFor();
    await app.screenshot('configuration-apercu.png');
    expect(await seriousViolations(page())).toEqual([]);
    await page().getByRole('button', { name: 'Importer la configuration (1 différence)' }).click();
    await page().getByText('Configuration importée.').waitFor();
    expect((await app.dispatch('settings.get', {})).grants.defaultStartupGrant).toBe(12_000);
  });

  it('lists the organisations of members with their voice, proposed when a member is added', async () => {
    await page().goto(`${app.bridge.url}/#/parametres`);
    await page().getByRole('button', { name: 'Ajouter un organisme' }).click();
    expect(await app.isFocused('organisations-9-name')).toBe(true);
    await page().keyboard.type('URPS sages-femmes');
    await page().selectOption('#organisations-9-voice', 'advisory');
    await page().getByRole('button', { name: 'Enregistrer les organismes' }).click();
    await page().getByText('Organismes enregistrés.').waitFor();
    expect(await seriousViolations(page())).toEqual([]);

    await page().goto(`${app.bridge.url}/#/seances/membres`);
    await page().fill('#member-firstName', 'Léa');
    await page().fill('#member-lastName', 'Roussel');
    await page().fill('#member-organisation', 'URPS sages-femmes');
    expect(await page().locator('#organisations option[value="URPS sages-femmes"]').count()).toBe(1);
    await page().getByRole('button', { name: 'Ajouter le membre' }).click();
    await expect.poll(async () => (await app.dispatch('members.list', {})).map((m) => [m.lastName, m.organisation, m.voice])).toEqual([
      ['Roussel', 'URPS sages-femmes', 'advisory'],
    ]);
  });

  it('previews the reference pattern on a real dossier, and refuses an ambiguous one next to the field', async () => {
    await page().goto(`${app.bridge.url}/#/parametres`);
    const preview = page().locator('#patterns-preview');
    await expect.poll(() => preview.textContent()).toMatch(/^Aperçu sur « .+ » : courrier CS-\d{4}-01\/01, convention CS-\d{4}-01\/01-CONV, procès-verbal CS-\d{4}-01\.$/);
    await page().fill('#patterns-reference', 'ARS-{annee}-{seance}');
    await expect.poll(() => app.describedError('patterns-reference')).toBe(
      'Le modèle doit contenir {rang} : deux dossiers d’une même séance auraient la même référence.',
    );
    expect(await preview.textContent()).toBe('Aperçu : corrigez le modèle.');
    await page().fill('#patterns-reference', 'ARS-{annee}-{seance}-{rang}');
    await expect.poll(() => preview.textContent()).toMatch(/courrier ARS-(\d{4})-\1-01-01, convention ARS-\1-\1-01-01-CONV, procès-verbal ARS-\1-\1-01\.$/);
    expect(await seriousViolations(page())).toEqual([]);
    await page().fill('#patterns-fileName', '{seance}-{type}');
    await expect.poll(() => app.describedError('patterns-fileName')).toMatch(/^Le modèle doit contenir \{rang\}, \{ds\} ou \{structure\}/);
    await page().fill('#patterns-fileName', '{annee}_{rang}_{type}');
    await expect.poll(() => page().locator('#patterns-file-preview').textContent()).toMatch(
      /^Fichiers : (\d{4})_01_decision\.pdf, \1_01_convention\.pdf, \1_PV_proces-verbal\.pdf\.$/,
    );
    await page().getByRole('button', { name: 'Enregistrer les modèles' }).click();
    await page().getByText('Modèles enregistrés.').waitFor();
    expect((await app.dispatch('settings.get', {})).patterns.reference).toBe('ARS-{annee}-{seance}-{rang}');
  });
});
