import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useBrowserTest } from '../support/browser';
import { giveOpinion } from '../support/opinion';

// Copies kept in the repository: CI runs on a clean clone, without ../shared.
const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const exportXlsx = join(fixturesDir, 'hdf-dossiers-export.xlsx');
const zoningCsv = join(fixturesDir, 'hdf-zonage-medecins.csv');
/** Sheets named as DS names them; the professionals' one lost its « Dossier ID » and « Ligne » headers. */
const unreadableBlockXlsx = fileURLToPath(new URL('../fixtures/import/hdf-unreadable-block.xlsx', import.meta.url));

const identity = {
  regionCode: '32',
  agencyName: 'Agence régionale de santé Hauts-de-France',
  direction: "Direction de l'offre de soins",
  unit: '',
  address: { street: '556 avenue Willy Brandt', postalCode: '59777', city: 'Lille' },
  phone: '',
  email: '',
  directorGeneral: { civility: 'M.' as const, firstName: 'Marc', lastName: 'Delattre', title: 'Directeur général' },
  signatory: {
    civility: 'Mme' as const,
    firstName: 'Claire',
    lastName: 'Vandenberghe',
    title: "Directrice de l'offre de soins",
    byDelegation: true,
  },
  appeal: { court: 'tribunal administratif de Lille' },
  departments: [],
};

const app = useBrowserTest({
  name: 'intake',
  files: [exportXlsx, zoningCsv, unreadableBlockXlsx],
  // The agency's région is what the commune of each dossier is checked against.
  prepare: async (setup) => {
    await setup.dispatch('settings.update', { identity });
  },
});

async function dossierCount(): Promise<number> {
  return (await app.dispatch('dossiers.list', { limit: 1 })).total;
}

/** From the list, as a user would; it also leaves any wizard already open. */
async function openImport() {
  await app.page.goto(`${app.bridge.url}/#/dossiers`);
  await app.page.getByRole('link', { name: 'Importer un export' }).first().click();
  await app.page.getByText('Étape 1 sur 4').waitFor();
  await app.audit();
}

async function analyse(file: string) {
  await app.page.setInputFiles('#import-file', file);
  await app.page.getByRole('button', { name: 'Analyser le fichier' }).click();
}

/** Opens a dossier from the list through the search box, as a user would. */
async function openFromList(search: string, name: string) {
  await app.page.goto(`${app.bridge.url}/#/dossiers`);
  await app.page.getByLabel('Rechercher').fill(search);
  await app.page.getByText('1 dossier correspondant aux critères').waitFor();
  await app.page.getByRole('link', { name }).click();
  await app.page.getByRole('heading', { level: 1, name }).waitFor();
}

const sectionTitled = (title: string) => app.page.locator('section', { has: app.page.getByRole('heading', { name: title }) });
const eligibilityPanel = () => sectionTitled("Contrôle d'éligibilité");
const ruleItem = (label: string) => eligibilityPanel().locator('li', { hasText: label });

describe('Intake, in Chromium against the real services', () => {
  it('starts from an empty list that says how to begin', async () => {
    await app.page.goto(`${app.bridge.url}/#/dossiers`);
    await app.page.getByRole('heading', { name: "Aucun dossier pour l'instant" }).waitFor();
    await app.audit();
    expect(await app.page.getByText('0 dossier', { exact: true }).count()).toBe(1);
    await app.page.getByRole('link', { name: 'Importer un export' }).first().click();
    await app.page.getByText('Étape 1 sur 4').waitFor();
    await app.audit();
    expect(await app.page.title()).toBe('Importer un export Démarches Simplifiées — Commission');
  });

  it('previews a workbook whose professionals cannot be read: the sheets it ignores, and each point to check', async () => {
    await openImport();
    await analyse(unreadableBlockXlsx);
    await app.page.getByText('Étape 2 sur 4').waitFor();
    expect(await app.page.getByText('Aucun problème : le fichier peut être importé.').count()).toBe(1);
    expect(await app.page.locator('.app-fact', { hasText: 'Feuilles ignorées' }).textContent()).toContain(
      '« (4410027) Professionnels de s »',
    );
    const warnings = sectionTitled('Points à vérifier');
    await warnings.getByText('7 points à vérifier').waitFor();
    await app.audit();
    const rows = warnings.locator('tbody tr');
    expect(await rows.count()).toBe(7);
    // The sheet that explains the others comes first.
    expect(await rows.first().textContent()).toContain("Son nom est celui de la liste des professionnels, mais ses colonnes ne sont pas");
    expect(await rows.nth(1).locator('td').allTextContents()).toEqual([
      '2',
      'Dossiers',
      'Nombre de professionnels de santé impliqués',
      expect.any(String) as unknown as string,
      expect.stringMatching(/^5 professionnels déclarés, mais aucun n'a été lu : aucune feuille du classeur/) as unknown as string,
    ]);
    await app.screenshot('import-points-a-verifier.png');
    expect(await dossierCount()).toBe(0);
  });

  it('imports the Démarches Simplifiées export through the wizard', async () => {
    await openImport();
    await analyse(exportXlsx);

    await app.page.getByText('Étape 2 sur 4').waitFor();
    await app.page.getByText('Aucun problème : le fichier peut être importé.').waitFor();
    expect(await app.page.getByText('Classeur Excel (XLSX)').count()).toBe(1);
    expect(await app.page.getByText('6 dossiers, 26 professionnels').count()).toBe(1);
    const counts = app.page.locator('.app-counts li');
    expect(await counts.allTextContents()).toEqual(['6 créés', '0 modifié', '0 inchangé']);
    // The professionals' sheet is read with its own fields.
    await app.page.getByRole('button', { name: 'Correspondance des colonnes : 40 colonnes lues, 15 ignorées' }).click();
    const rpps = app.page.getByRole('combobox', { name: 'Champ alimenté par la colonne « Numéro RPPS »' });
    expect(await rpps.inputValue()).toBe('identifier');
    expect(await rpps.locator('option:checked').textContent()).toBe('Numéro RPPS ou ADELI');
    await app.screenshot('import-apercu.png');
    expect(await dossierCount()).toBe(0);

    await app.page.getByRole('button', { name: 'Continuer' }).click();
    await app.page.getByText('Étape 3 sur 4').waitFor();
    await app.audit();
    await app.page.getByRole('button', { name: 'Importer les dossiers' }).click();

    await app.page.getByText('Étape 4 sur 4').waitFor();
    await app.page.getByText('Import terminé').waitFor();
    await app.audit();
    expect(await app.page.getByText('6 créés, 0 modifié, 0 inchangé.', { exact: false }).count()).toBe(1);
    await app.screenshot('import-resume.png');
    expect(await dossierCount()).toBe(6);

    // The summary's links lead to the dossiers.
    await app.page.getByRole('link', { name: 'MSP Val de Sambre' }).click();
    await app.page.getByRole('heading', { level: 1, name: 'MSP Val de Sambre' }).waitFor();
    await app.audit();
    expect(new URL(app.page.url()).hash).toMatch(/^#\/dossiers\/\d+$/);
  });

  it('lists, sorts and searches the dossiers', async () => {
    await app.page.goto(`${app.bridge.url}/#/dossiers`);
    await app.page.getByText('6 dossiers', { exact: true }).waitFor();
    await app.audit();
    const numbers = () => app.page.locator('tbody tr.app-row td:first-child').allTextContents();

    await app.page.getByRole('button', { name: /^N° DS/ }).click();
    await expect.poll(numbers).toEqual(['24001101', '24001102', '24001103', '24001104', '24001105', '24001106']);
    expect(await app.page.locator('th', { hasText: 'N° DS' }).getAttribute('aria-sort')).toBe('ascending');
    const chauny = app.page.locator('tr', { hasText: 'ESP Chauny Centre' });
    expect(await chauny.textContent()).toContain('Chauny (02)');
    expect(await chauny.textContent()).toContain('Non éligible');
    expect(await chauny.textContent()).toContain('2 points bloquants');
    expect(await chauny.textContent()).toMatch(/15\s000\s€/);
    await app.screenshot('dossiers-liste.png');

    await app.page.getByRole('button', { name: /^N° DS/ }).click();
    await expect.poll(numbers).toEqual(['24001106', '24001105', '24001104', '24001103', '24001102', '24001101']);

    // Arrow keys move from row to row.
    await app.page.getByRole('link', { name: 'MSP de Lens Nord' }).focus();
    await app.page.keyboard.press('ArrowDown');
    const focusedName = () => app.page.locator('tbody a:focus').textContent();
    await expect.poll(focusedName).toBe('ESP du Santerre');

    await app.page.getByLabel('Éligibilité').selectOption('ineligible');
    await app.page.getByText('2 dossiers correspondant aux critères').waitFor();
    await app.page.getByRole('button', { name: 'Effacer les filtres' }).first().click();
    await app.page.getByText('6 dossiers', { exact: true }).waitFor();
    await app.audit();

    // A filter chosen while the search is still waiting to be sent is kept once it is.
    await app.page.getByLabel('Rechercher').fill('ESP');
    await app.page.getByLabel('Éligibilité').selectOption('ineligible');
    await expect.poll(() => new URL(app.page.url()).hash).toMatch(/q=ESP/);
    expect(new URL(app.page.url()).hash).toContain('eligibility=ineligible');
    expect(await app.page.getByLabel('Éligibilité').inputValue()).toBe('ineligible');
    await app.page.getByText('1 dossier correspondant aux critères').waitFor();
    await app.page.getByRole('button', { name: 'Effacer les filtres' }).first().click();
    await app.page.getByText('6 dossiers', { exact: true }).waitFor();

    // Rows are links: the keyboard reaches them, arrows move between them, Enter opens one.
    await app.page.getByLabel('Rechercher').fill('Chauny');
    await app.page.getByText('1 dossier correspondant aux critères').waitFor();
    await app.page.getByRole('link', { name: 'ESP Chauny Centre' }).focus();
    await app.page.keyboard.press('Enter');
    await app.page.getByRole('heading', { level: 1, name: 'ESP Chauny Centre' }).waitFor();
  });

  it('shows why ESP Chauny Centre is not eligible', async () => {
    await openFromList('Chauny', 'ESP Chauny Centre');
    expect(await app.page.getByText('Dossier Démarches Simplifiées n° 24001103').count()).toBe(1);
    const verdict = eligibilityPanel().getByRole('heading', { level: 3 });
    expect(await verdict.textContent()).toContain('Non éligible');
    const composition = ruleItem("Composition de l'équipe");
    expect(await composition.textContent()).toContain('Bloquant');
    expect(await composition.textContent()).toContain('aucun médecin généraliste (minimum 1)');
    expect(await composition.textContent()).toContain('Alice Blanc (Psychologue) ne compte pas');
    // The blocking rules come first.
    expect(await eligibilityPanel().locator('li').first().textContent()).toContain("Composition de l'équipe");

    const psychologist = app.page.locator('tr', { hasText: 'Alice Blanc' });
    expect(await psychologist.textContent()).toContain('Hors professions de santé');
    expect(await psychologist.textContent()).toContain('Ne compte pas');
    expect(await psychologist.textContent()).toContain('RPPS 10665452206');
    await app.screenshot('dossier-eligibilite.png');

    // A rule leads to the field to correct.
    await ruleItem('Structure juridique').getByRole('link', { name: 'Modifier ce champ' }).click();
    await app.page.getByRole('heading', { level: 1, name: 'Modifier « ESP Chauny Centre »' }).waitFor();
    await app.audit();
    await expect.poll(() => app.isFocused('data-legalEntity-form')).toBe(true);
  });

  it('opens an eligible dossier and keeps its signed health project', async () => {
    await openFromList('Thiérache', 'ESP de Thiérache');
    const verdict = eligibilityPanel().getByRole('heading', { level: 3 });
    expect(await verdict.textContent()).toContain('À vérifier');
    expect(await eligibilityPanel().textContent()).toContain('Aucun point bloquant');
    const healthProject = ruleItem('Projet de santé signé');
    expect(await healthProject.textContent()).toContain('À vérifier');

    // The rule leads to the documents, with the right kind chosen.
    await healthProject.getByRole('button', { name: 'Joindre le projet de santé signé' }).click();
    expect(await app.page.locator('#attachment-kind').inputValue()).toBe('health_project_signed');
    await app.page.setInputFiles('#attachment-file', {
      name: 'projet-de-sante-signe.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% projet de santé signé\n%%EOF\n'),
    });
    await app.page.getByRole('button', { name: 'Joindre le document' }).click();
    await app.page.getByText('« projet-de-sante-signe.pdf » est joint au dossier.').waitFor();
    await app.audit();
    await expect.poll(() => verdict.textContent()).toContain('Éligible');
    expect(await healthProject.textContent()).toContain('Conforme');

    // Outside Electron nothing opens: the page says where the copy is.
    await app.page.getByRole('button', { name: 'Ouvrir projet-de-sante-signe.pdf' }).click();
    await app.page.getByText('La copie de « projet-de-sante-signe.pdf » est enregistrée ici :').waitFor();
    expect(await app.page.locator('.app-path').textContent()).toContain('projet-de-sante-signe.pdf');

    await app.page.getByRole('button', { name: 'Retirer projet-de-sante-signe.pdf' }).click();
    await app.page.getByText('Retirer ce document du dossier ?').waitFor();
    await app.audit();
    await app.page.getByRole('button', { name: 'Oui, retirer' }).click();
    await app.page.getByText('« projet-de-sante-signe.pdf » est retiré du dossier.').waitFor();
    await expect.poll(() => verdict.textContent()).toContain('À vérifier');
    expect(await app.page.getByText("Aucun document n'est encore joint au dossier.").count()).toBe(1);

    const history = sectionTitled('Historique');
    const actions = await history.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(actions).toEqual(['Document retiré', 'Document joint', 'Création par import']);
    expect(await history.textContent()).toContain('Fichier « hdf-dossiers-export.xlsx », ligne 2.');
  });

  it('shows the zoning of the ARS table once imported in Paramètres', async () => {
    await app.page.goto(`${app.bridge.url}/#/parametres`);
    await app.page.setInputFiles('#zoning-file', zoningCsv);
    await app.page.getByRole('button', { name: 'Importer le tableau de zonage' }).click();
    await app.page.getByText('Zonage importé').waitFor();
    await app.audit();
    const summary = '« hdf-zonage-medecins.csv » : 11 communes, dont 5 en ZIP, 4 en ZAC et 2 hors zonage.';
    expect(await app.page.getByText(summary).count()).toBe(1);

    // After a reload the section still says which table is in use, and asks before replacing it.
    await app.page.reload();
    const loaded = app.page.locator('#zoning-loaded');
    await expect.poll(() => loaded.textContent()).toMatch(/^Tableau en vigueur : « hdf-zonage-medecins\.csv », 11 communes, importé le .+ par /);
    await app.page.setInputFiles('#zoning-file', zoningCsv);
    await app.page.getByRole('button', { name: 'Importer le tableau de zonage' }).click();
    expect(await app.answerConfirmation('Remplacer le tableau de zonage ?', 'Annuler')).toContain(
      'Le tableau en vigueur, « hdf-zonage-medecins.csv » (11 communes',
    );
    expect(await app.page.getByText('Zonage importé').count()).toBe(0);
    await app.page.getByRole('button', { name: 'Importer le tableau de zonage' }).click();
    await app.answerConfirmation('Remplacer le tableau de zonage ?', 'Remplacer le tableau');
    await app.page.getByText('Zonage importé').waitFor();
    const imports = await app.dispatch('audit.list', { entityType: 'zoning', entityId: 'table' });
    expect(imports.length).toBe(2);

    await openFromList('Chauny', 'ESP Chauny Centre');
    const zoning = app.page.locator('.app-fact', { hasText: 'Zonage médecins' });
    expect(await zoning.textContent()).toContain("Zone d'action complémentaire (ZAC) — zonage de l'ARS pour Chauny");
    expect(await app.page.locator('.app-fact', { hasText: 'APL médecins généralistes' }).textContent()).toContain(
      "2,8 — zonage de l'ARS",
    );
  });

  it('changes a composition rule in Paramètres, and every dossier is judged by it', async () => {
    await openFromList('Lens', 'MSP de Lens Nord');
    expect(await ruleItem("Composition de l'équipe").textContent()).toContain('Bloquant');

    await app.page.goto(`${app.bridge.url}/#/parametres`);
    await app.page.fill('#composition-MSP-minGeneralPractitioners', 'deux');
    await app.page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
    await app.page.getByText("Les paramètres n'ont pas été enregistrés").waitFor();
    await app.audit();
    expect(await app.describedError('composition-MSP-minGeneralPractitioners')).toBe(
      'Le nombre minimal de médecins généralistes doit être un nombre.',
    );

    await app.page.fill('#composition-MSP-minGeneralPractitioners', '1');
    await app.page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
    await app.page.getByText('Paramètres enregistrés.').waitFor();
    await openFromList('Lens', 'MSP de Lens Nord');
    expect(await ruleItem("Composition de l'équipe").textContent()).toContain('Conforme');
  });

  it('re-imports the same file: nothing changes, nothing to confirm', async () => {
    await openImport();
    await analyse(exportXlsx);
    await app.page.getByText('Étape 2 sur 4').waitFor();
    expect(await app.page.locator('.app-counts li').allTextContents()).toEqual(['0 créé', '0 modifié', '6 inchangés']);
    await app.page.getByRole('button', { name: 'Continuer' }).click();
    await app.page.getByText('Rien à importer').waitFor();
    await app.audit();
    expect(await app.page.getByRole('button', { name: 'Importer les dossiers' }).isDisabled()).toBe(true);
    expect(await dossierCount()).toBe(6);
  });

  it('refuses a truncated file with a French message naming the line', async () => {
    const truncated = join(app.workDir, 'export-tronque.csv');
    await writeFile(
      truncated,
      [
        'ID,Type de structure,Nom de l’équipe ou de la structure,Présentation du projet de santé',
        '24001190,Équipe de soins primaires (ESP),ESP des Tests,Une équipe',
        '24001191,Équipe de soins primaires (ESP),ESP Coupée,"Le texte commence',
      ].join('\n'),
    );
    await openImport();
    await analyse(truncated);
    const alert = app.page.getByRole('alert').filter({ hasText: "Le fichier n'a pas pu être lu" });
    await alert.waitFor();
    await app.audit();
    expect(await alert.textContent()).toContain(
      "le texte entre guillemets commencé ligne 3 n'est jamais refermé (fichier tronqué ?)",
    );
    expect(await app.page.getByText('Étape 1 sur 4').count()).toBe(1);
    expect(await dossierCount()).toBe(6);
  });

  it('lets a renamed column be mapped, saved under a name, and lists each problem by line', async () => {
    const renamed = join(app.workDir, 'autre-demarche.csv');
    await writeFile(
      renamed,
      [
        'ID;Type de structure;Nom du projet;Montant de l’aide sollicitée (en euros)',
        '24001201;Équipe de soins primaires (ESP);ESP du Ternois;12 000',
        '24001202;Maison de santé pluriprofessionnelle (MSP);MSP des Remparts;beaucoup',
      ].join('\r\n'),
    );
    await openImport();
    await analyse(renamed);
    await app.page.getByText('Étape 2 sur 4').waitFor();
    const format = app.page.locator('.app-fact', { hasText: 'Format' });
    expect(await format.textContent()).toContain('CSV — encodage UTF-8, séparateur « ; » (point-virgule)');
    await app.page.getByText('Le fichier a 1 problème').waitFor();
    await app.audit();
    expect(await app.page.locator('tbody', { hasText: 'Nom du projet' }).count()).toBeGreaterThan(0);

    await app.page
      .getByRole('combobox', { name: 'Champ alimenté par la colonne « Nom du projet »' })
      .selectOption('name');
    expect(await app.page.getByRole('button', { name: 'Continuer' }).isDisabled()).toBe(true);
    await app.page.getByLabel('Nom de la correspondance').fill('Autre démarche 2026');
    await app.page.getByRole('button', { name: "Enregistrer et refaire l'aperçu" }).click();

    const mappingFact = app.page.locator('.app-fact', { hasText: 'Correspondance des colonnes' });
    await expect.poll(() => mappingFact.textContent()).toContain('Autre démarche 2026');
    const oneProblem = "Le fichier a 1 problème : rien ne sera importé tant qu'il n'est pas corrigé.";
    const problems = sectionTitled('Problèmes');
    await problems.getByText(oneProblem).waitFor();

    // Saved again elsewhere while a new edit is under way: the save is refused, « Recharger » gives the edit up.
    const [elsewhere] = (await app.dispatch('import.mappings.list', {})).filter((m) => m.mapping.name === 'Autre démarche 2026');
    await app.page.getByRole('combobox', { name: 'Champ alimenté par la colonne « ID »' }).selectOption({ index: 0 });
    await app.dispatch('import.mappings.save', { mapping: elsewhere!.mapping, expectedVersion: elsewhere!.version });
    await app.page.getByRole('button', { name: "Enregistrer et refaire l'aperçu" }).click();
    const stale = app.page.locator('.fr-alert', { hasText: "Vos changements n'ont pas été enregistrés" });
    await stale.waitFor();
    await app.audit();
    await stale.getByRole('button', { name: 'Recharger' }).click();
    await expect.poll(() => app.page.getByRole('region', { name: 'Enregistrer la correspondance' }).count()).toBe(0);
    await problems.getByText(oneProblem).waitFor();
    const problemRow = problems.locator('tbody tr');
    expect(await problemRow.locator('td').allTextContents()).toEqual([
      '3',
      'Montant de l’aide sollicitée (en euros)',
      "Montant de l'aide sollicitée",
      expect.stringContaining('beaucoup') as unknown as string,
    ]);
    await app.screenshot('import-probleme.png');

    await app.page.getByRole('button', { name: 'Continuer' }).click();
    await app.page.getByText(oneProblem).waitFor();
    expect(await app.page.getByRole('button', { name: 'Importer les dossiers' }).isDisabled()).toBe(true);

    const saved = await app.dispatch('import.mappings.list', {});
    expect(saved.map((m) => m.mapping.name)).toContain('Autre démarche 2026');
    expect(saved.find((m) => m.mapping.name === 'Autre démarche 2026')?.mapping.dossier.name[0]).toBe('Nom du projet');
    expect(await dossierCount()).toBe(6);
  });

  it('says a mapping deleted elsewhere while edited here was deleted; « Recharger » previews with the one provided', async () => {
    await openImport();
    await app.page.getByLabel('Correspondance des colonnes').selectOption('Autre démarche 2026');
    await analyse(join(app.workDir, 'autre-demarche.csv'));
    await app.page.getByText('Étape 2 sur 4').waitFor();
    await app.page.getByRole('combobox', { name: 'Champ alimenté par la colonne « ID »' }).selectOption({ index: 0 });
    await app.dispatch('import.mappings.delete', { name: 'Autre démarche 2026' });
    await app.page.getByRole('button', { name: "Enregistrer et refaire l'aperçu" }).click();
    const stale = app.page.locator('.fr-alert', { hasText: 'Cette correspondance de colonnes a été supprimée après votre ouverture' });
    await stale.waitFor();
    await app.audit();
    await stale.getByRole('button', { name: 'Recharger' }).click();
    const mappingFact = app.page.locator('.app-fact', { hasText: 'Correspondance des colonnes' });
    await expect.poll(() => mappingFact.textContent()).toContain('Formulaire ESP/MSP standard');
    expect((await app.dispatch('import.mappings.list', {})).map((m) => m.mapping.name)).toEqual(['Formulaire ESP/MSP standard']);
    expect(await dossierCount()).toBe(6);
  });

  it('creates a dossier by hand: errors next to their fields, then saved once fixed', async () => {
    await app.page.goto(`${app.bridge.url}/#/dossiers`);
    await app.page.getByRole('link', { name: 'Saisir un dossier' }).click();
    await app.page.getByRole('heading', { level: 1, name: 'Nouveau dossier' }).waitFor();

    await app.page.fill('#data-name', 'MSP des Remparts');
    await app.page.selectOption('#data-structureType', 'MSP');
    await app.page.fill('#data-sponsor-email', 'remparts-arobase-exemple');
    await app.page.fill('#data-communeCode', '80620');
    await app.page.fill('#data-communeName', 'Péronne');
    await app.page.fill('#data-grant-requested', '20 000');
    await app.page.fill('#data-grant-engineering', '20 000');
    await app.page.getByRole('button', { name: 'Ajouter un professionnel' }).click();
    await expect.poll(() => app.isFocused('data-professionals-0-lastName')).toBe(true);
    await app.page.fill('#data-professionals-0-lastName', 'Martin');
    await app.page.fill('#data-professionals-0-identifier', '10003456780');
    await app.page.getByRole('button', { name: 'Créer le dossier' }).click();

    const summary = app.page.getByRole('alert').filter({ hasText: "Le dossier n'a pas été enregistré" });
    await summary.waitFor();
    await app.audit();
    expect(await summary.textContent()).toContain("Le courriel du porteur n'est pas valide.");
    expect(await summary.textContent()).toContain('Professionnel n° 1 : La profession est obligatoire.');
    expect(await app.page.getAttribute('#data-sponsor-email', 'aria-invalid')).toBe('true');
    expect(await app.describedError('data-sponsor-email')).toBe("Le courriel du porteur n'est pas valide.");
    expect(await app.describedError('data-professionals-0-profession')).toBe('La profession est obligatoire.');
    expect(await app.page.getAttribute('#data-name', 'aria-invalid')).toBeNull();
    await app.screenshot('dossier-formulaire-erreur.png');
    expect(await dossierCount()).toBe(6);

    // The summary leads to the field.
    await summary.getByRole('link', { name: "Le courriel du porteur n'est pas valide." }).click();
    expect(await app.isFocused('data-sponsor-email')).toBe(true);
    await app.page.fill('#data-sponsor-email', 'remparts@exemple.fr');
    await app.page.fill('#data-professionals-0-profession', 'Médecin généraliste');
    await app.page.getByRole('button', { name: 'Créer le dossier' }).click();

    await app.page.getByRole('heading', { level: 1, name: 'MSP des Remparts' }).waitFor();
    await app.page.getByText('Le dossier est créé.').waitFor();
    await app.audit();
    expect(await app.page.getByText('Saisi à la main').count()).toBe(1);
    expect(await app.page.locator('.app-fact', { hasText: 'Courriel' }).textContent()).toContain('remparts@exemple.fr');
    expect(await app.page.locator('tr', { hasText: 'Martin' }).textContent()).toContain('RPPS 10003456780');
    expect(await dossierCount()).toBe(7);

    // Editing keeps what was entered, and the history names the changed field.
    await app.page.getByRole('link', { name: 'Modifier', exact: true }).click();
    await app.page.getByRole('heading', { level: 1, name: 'Modifier « MSP des Remparts »' }).waitFor();
    expect(await app.page.inputValue('#data-grant-requested')).toBe('20000');
    expect(await app.page.inputValue('#data-professionals-0-profession')).toBe('Médecin généraliste');
    // What the eligibility check makes of a profession shows as it is typed.
    expect(await app.page.getByText('Reconnue : Médecin généraliste.').count()).toBe(1);
    await app.page.fill('#data-professionals-0-profession', 'Ostéopathe');
    await app.page.getByText('Ostéopathe — hors professions de santé : ne compte pas dans la composition.').waitFor();
    await app.page.fill('#data-professionals-0-profession', 'Médecin généraliste');
    await app.page.fill('#data-sponsor-phone', '03 22 00 00 00');
    await app.page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await app.page.getByText('Les modifications sont enregistrées.').waitFor();
    const history = sectionTitled('Historique');
    expect(await history.locator('tbody tr').first().textContent()).toContain('Modifié : Téléphone du porteur.');
  });

  it('stays fluid with 10,000 dossiers: pages are fetched as the list scrolls', async () => {
    const header = 'ID,Type de structure,Nom de l’équipe ou de la structure,Commune d’implantation (Code INSEE)';
    const lines = Array.from({ length: 10_000 }, (_, i) => `${30_000_000 + i},ESP,ESP n° ${i + 1},02173`);
    const csv = Buffer.from([header, ...lines].join('\n'));
    await app.dispatch('import.run', { fileName: 'volume.csv', contentBase64: csv.toString('base64') });

    const requests: string[] = [];
    app.page.on('request', (request) => {
      if (request.url().endsWith('/api/dossiers.list')) requests.push(request.postData() ?? '');
    });
    await app.page.goto(`${app.bridge.url}/#/dossiers`);
    await app.page.getByText('10 007 dossiers', { exact: true }).waitFor();
    await app.audit();
    expect(await app.page.locator('tbody tr.app-row').count()).toBeLessThan(60);
    expect(requests.length).toBeLessThanOrEqual(2);

    await app.page.locator('.app-list').evaluate((list) => list.scrollTo({ top: list.scrollHeight }));
    await app.page.locator('tbody tr.app-row[aria-rowindex="10008"]').waitFor();
    expect(await app.page.locator('tbody tr.app-row').count()).toBeLessThan(60);
    const offsets = requests.map((body) => (JSON.parse(body) as { offset: number }).offset);
    expect(Math.max(...offsets)).toBeGreaterThanOrEqual(9_900);
    expect(requests.length).toBeLessThan(6);
    await app.screenshot('dossiers-10000.png');
  });

  it('says on a dossier that the professionals it declares were not imported', async () => {
    const csv = [
      'ID,Type de structure,Nom de l’équipe ou de la structure,Nombre de professionnels de santé impliqués',
      '24001301,ESP,ESP des Oubliés,4',
      '',
    ].join('\n');
    await app.dispatch('import.run', { fileName: 'sans-equipe.csv', contentBase64: Buffer.from(csv).toString('base64') });
    await openFromList('Oubliés', 'ESP des Oubliés');
    const declared = ruleItem('Nombre de professionnels déclaré');
    expect(await declared.textContent()).toContain('À vérifier');
    expect(await declared.textContent()).toContain("4 professionnels déclarés, mais aucun n'est listé");
  });

  it('re-imports after a correction by hand: both values shown, the choice made, a decided dossier confirmed', async () => {
    await openFromList('Thiérache', 'ESP de Thiérache');
    await app.page.getByRole('link', { name: 'Modifier', exact: true }).click();
    await app.page.fill('#data-grant-requested', '15 000');
    await app.page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await app.page.getByText('Les modifications sont enregistrées.').waitFor();
    await giveOpinion((method, input) => app.dispatch(method, input), 24001105, '2026-09');

    const reimport = join(app.workDir, 'reimport.csv');
    await writeFile(
      reimport,
      [
        'ID;Type de structure;Nom de l’équipe ou de la structure;Montant de l’aide sollicitée (en euros)',
        '24001101;Équipe de soins primaires (ESP);ESP de Thiérache;12000',
        '24001105;Équipe de soins primaires (ESP);ESP du Grand Santerre;20000',
      ].join('\r\n'),
    );
    await openImport();
    await analyse(reimport);
    await app.page.getByText('Étape 2 sur 4').waitFor();
    expect(await app.page.locator('.app-counts li').allTextContents()).toEqual(['0 créé', '1 modifié', '1 inchangé']);
    const santerre = app.page.locator('tr', { hasText: 'ESP du Grand Santerre' });
    expect(await santerre.textContent()).toContain("Nom de l'équipe ou de la structure : ESP du Santerre → ESP du Grand Santerre");
    expect(await santerre.textContent()).toContain('Avis rendu');
    expect(await app.page.locator('tr', { hasText: 'ESP de Thiérache' }).textContent()).toContain('1 correction à la main');

    await app.page.getByRole('button', { name: 'Continuer' }).click();
    await app.page.getByText('Étape 3 sur 4').waitFor();
    await app.audit();
    const keep = app.page.getByRole('radio', { name: /^Garder la correction : 15\s000\s€/ });
    const take = app.page.getByRole('radio', { name: /^Prendre la valeur du fichier : 12\s000\s€/ });
    expect(await keep.isChecked()).toBe(true);
    const importButton = app.page.getByRole('button', { name: 'Importer les dossiers' });
    // ESP du Santerre has the commission's opinion: nothing is imported before the confirmation.
    await app.page.getByText('1 dossier a déjà un avis, une décision ou une notification').waitFor();
    expect(await importButton.isDisabled()).toBe(true);
    await take.check({ force: true });
    await expect.poll(() => app.page.locator('.app-counts li').allTextContents()).toEqual(['0 créé', '2 modifiés', '0 inchangé']);
    await app.page.getByLabel('Je confirme la modification de ce dossier').check({ force: true });
    await app.screenshot('import-corrections.png');
    await importButton.click();

    await app.page.getByText('Import terminé').waitFor();
    await app.audit();
    expect(await app.page.getByText('0 créé, 2 modifiés, 0 inchangé.', { exact: false }).count()).toBe(1);
    expect((await app.dispatch('dossiers.get', { dsNumber: 24001101 })).data.grant.requested).toBe(12000);
    const decided = await app.dispatch('dossiers.get', { dsNumber: 24001105 });
    expect([decided.data.name, decided.status]).toEqual(['ESP du Grand Santerre', 'opinion_given']);
  });
});
