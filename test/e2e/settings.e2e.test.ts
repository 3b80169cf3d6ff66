import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useBrowserTest } from '../support/browser';

const identity = {
  regionCode: '32',
  agencyName: 'Agence régionale de santé Hauts-de-France',
  direction: "Direction de l'offre de soins",
  unit: 'Service premier recours',
  address: { street: '556 avenue Willy Brandt', postalCode: '59777', city: 'Lille' },
  phone: '03 62 72 77 00',
  email: 'premier-recours@ars-hdf.example.fr',
  directorGeneral: { civility: 'M.', firstName: 'Marc', lastName: 'Delattre', title: 'Directeur général' },
  signatory: {
    civility: 'Mme',
    firstName: 'Claire',
    lastName: 'Vandenberghe',
    title: "Directrice de l'offre de soins",
    byDelegation: true,
  },
  appeal: { court: 'tribunal administratif de Lille', distanceDelay: 'overseas' },
  caseOfficer: { name: 'Julie Caron', email: 'julie.caron@ars-hdf.example.fr', phone: '03 62 72 78 00' },
  departments: [
    { code: '59', email: 'nord@ars-hdf.example.fr', officerName: 'Marc Dufour', phone: '03 62 72 79 59' },
    { code: '62', email: 'pas-de-calais@ars-hdf.example.fr', officerName: '', phone: '' },
  ],
};

/** The choices of the form, by the id of their select. */
const selects: Record<string, string> = {
  'identity-regionCode': identity.regionCode,
  'identity-directorGeneral-civility': identity.directorGeneral.civility,
  'identity-signatory-civility': identity.signatory.civility,
};

const departmentFields = ['email', 'officerName', 'phone'] as const;

/** The text fields of the form by the id the app derives from the field's path. */
const textFields: Record<string, string> = {
  'identity-agencyName': identity.agencyName,
  'identity-direction': identity.direction,
  'identity-unit': identity.unit,
  'identity-address-street': identity.address.street,
  'identity-address-postalCode': identity.address.postalCode,
  'identity-address-city': identity.address.city,
  'identity-phone': identity.phone,
  'identity-email': identity.email,
  'identity-directorGeneral-firstName': identity.directorGeneral.firstName,
  'identity-directorGeneral-lastName': identity.directorGeneral.lastName,
  'identity-directorGeneral-title': identity.directorGeneral.title,
  'identity-signatory-firstName': identity.signatory.firstName,
  'identity-signatory-lastName': identity.signatory.lastName,
  'identity-signatory-title': identity.signatory.title,
  'identity-appeal-court': identity.appeal.court,
  'identity-caseOfficer-name': identity.caseOfficer.name,
  'identity-caseOfficer-email': identity.caseOfficer.email,
  'identity-caseOfficer-phone': identity.caseOfficer.phone,
  'grants-defaultStartupGrant': '15 000',
};

const app = useBrowserTest({ name: 'settings' });

function databaseState() {
  const db = new Database(app.databasePath, { readonly: true, fileMustExist: true });
  try {
    return {
      settings: db.prepare('SELECT key, value, updated_at FROM settings ORDER BY key').all() as {
        key: string;
        value: string;
      }[],
      audit: db.prepare('SELECT entity_type, entity_id, action, actor FROM audit_log ORDER BY id').all(),
    };
  } finally {
    db.close();
  }
}

async function openSettings() {
  await app.page.goto(`${app.bridge.url}/#/parametres`);
  await app.page.getByRole('button', { name: 'Enregistrer les paramètres' }).waitFor();
}

describe('Paramètres, in Chromium against the real services', () => {
  it('navigates between the pages from the header', async () => {
    await app.page.goto(`${app.bridge.url}/`);
    await expect.poll(() => app.page.title()).toBe('Tableau de bord — Commission');
    await app.audit();
    await app.screenshot('tableau-de-bord.png');

    const menu = app.page.getByRole('navigation', { name: 'Menu principal' });
    await menu.getByRole('link', { name: 'Dossiers' }).click();
    await app.page.getByRole('heading', { level: 1, name: 'Dossiers' }).waitFor();
    await app.audit();
    expect(await app.page.getByText('Démarches Simplifiées').count()).toBeGreaterThan(0);
    expect(new URL(app.page.url()).hash).toBe('#/dossiers');
    expect(await menu.getByRole('link', { name: 'Dossiers' }).getAttribute('aria-current')).toBe('page');

    await menu.getByRole('link', { name: 'Paramètres' }).click();
    await app.page.getByRole('heading', { level: 1, name: 'Paramètres' }).waitFor();
    await app.audit();
  });

  it('saves the whole form, then shows it again after a reload', async () => {
    await openSettings();
    expect(await app.page.inputValue('#identity-directorGeneral-title')).toBe('Directeur général');

    await app.page.getByRole('combobox', { name: /^Région/ }).selectOption(identity.regionCode);
    for (const [id, value] of Object.entries(selects)) await app.page.selectOption(`#${id}`, value);
    for (const [id, value] of Object.entries(textFields)) await app.page.fill(`#${id}`, value);
    await app.page.getByLabel(/^Délais de distance de l'outre-mer/).check({ force: true });

    // Adding a département from the keyboard puts the focus on the new row.
    for (const [index, department] of identity.departments.entries()) {
      await app.page.getByRole('button', { name: 'Ajouter un département' }).focus();
      await app.page.keyboard.press('Enter');
      const newRow = app.page.locator(`#identity-departments-${index}-code`);
      await expect.poll(() => newRow.evaluate((select) => select === select.ownerDocument.activeElement)).toBe(true);
      await app.page.selectOption(`#identity-departments-${index}-code`, department.code);
      for (const field of departmentFields) await app.page.fill(`#identity-departments-${index}-${field}`, department[field]);
    }
    const unlabelled: string[] = [];
    for (const control of await app.page.locator('form input, form select').all()) {
      const id = (await control.getAttribute('id')) ?? '(sans id)';
      if ((await app.page.locator(`label[for="${id}"]`).count()) !== 1) unlabelled.push(id);
    }
    expect(unlabelled).toEqual([]);

    await app.page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
    await app.page.getByText('Paramètres enregistrés.').waitFor();
    await app.audit();
    await app.screenshot('parametres-saved.png');

    await app.page.reload();
    await app.page.getByRole('button', { name: 'Enregistrer les paramètres' }).waitFor();
    for (const [id, value] of Object.entries(selects)) expect(await app.page.inputValue(`#${id}`), id).toBe(value);
    expect(await app.page.getByLabel(/^Délais de distance de l'outre-mer/).isChecked()).toBe(true);
    for (const [id, value] of Object.entries(textFields)) {
      expect(await app.page.inputValue(`#${id}`), id).toBe(id === 'grants-defaultStartupGrant' ? '15000' : value);
    }
    expect(await app.page.getByLabel('Signe par délégation du directeur général').isChecked()).toBe(true);
    for (const [index, department] of identity.departments.entries()) {
      expect(await app.page.inputValue(`#identity-departments-${index}-code`)).toBe(department.code);
      for (const field of departmentFields) {
        expect(await app.page.inputValue(`#identity-departments-${index}-${field}`)).toBe(department[field]);
      }
    }
    expect(await app.page.locator('#identity-departments-2-code').count()).toBe(0);
  });

  it('stored the settings and their audit entries in SQLite', () => {
    const { settings, audit } = databaseState();
    const stored = Object.fromEntries(settings.map((row) => [row.key, JSON.parse(row.value) as unknown]));
    expect(stored).toEqual({ identity, grants: { defaultStartupGrant: 15_000, ceiling: 50_000 } });
    expect(audit).toEqual([
      { entity_type: 'settings', entity_id: 'identity', action: 'create', actor: 'test-e2e' },
      { entity_type: 'settings', entity_id: 'grants', action: 'update', actor: 'test-e2e' },
    ]);
  });

  it("shows the handler's errors next to their fields and writes nothing", async () => {
    const before = databaseState();
    await openSettings();
    await app.page.fill('#identity-departments-1-email', 'pas-une-adresse');
    await app.page.fill('#identity-address-postalCode', '59A');
    await app.page.fill('#identity-appeal-court', ' ');
    await app.page.keyboard.press('Enter');

    const summary = app.page.getByRole('alert').filter({ hasText: "Les paramètres n'ont pas été enregistrés" });
    await summary.waitFor();
    await app.audit();
    expect(await summary.textContent()).toContain('Le code postal doit comporter 5 chiffres.');
    expect(await app.page.getAttribute('#identity-address-postalCode', 'aria-invalid')).toBe('true');
    expect(await app.describedError('identity-address-postalCode')).toBe('Le code postal doit comporter 5 chiffres.');
    expect(await app.describedError('identity-appeal-court')).toBe(
      'Le tribunal administratif compétent pour les recours est obligatoire.',
    );
    expect(await app.describedError('identity-departments-1-email')).toBe(
      "Le courriel de contact du département n'est pas une adresse électronique valide.",
    );
    expect(await app.page.getAttribute('#identity-address-city', 'aria-invalid')).toBeNull();
    await app.screenshot('parametres-error.png');

    expect(databaseState()).toEqual(before);
  });

  it('asks before leaving Paramètres with changes not saved: staying keeps them, leaving drops them', async () => {
    const menu = app.page.getByRole('navigation', { name: 'Menu principal' });
    await menu.getByRole('link', { name: 'Dossiers' }).click();
    const said = await app.answerConfirmation('Quitter sans enregistrer ?', 'Rester sur la page');
    expect(said).toContain('Les modifications de cette page ne sont pas enregistrées');
    expect(new URL(app.page.url()).hash).toBe('#/parametres');
    expect(await app.page.inputValue('#identity-address-postalCode')).toBe('59A');
    // The focus is back on the link that asked.
    expect(await app.page.evaluate('document.activeElement?.textContent')).toBe('Dossiers');

    await menu.getByRole('link', { name: 'Dossiers' }).click();
    await app.answerConfirmation('Quitter sans enregistrer ?', 'Quitter sans enregistrer');
    await app.page.getByRole('heading', { level: 1, name: 'Dossiers' }).waitFor();
    expect(new URL(app.page.url()).hash).toBe('#/dossiers');

    // Saved, nothing to lose: no question.
    await openSettings();
    await app.page.fill('#identity-phone', '03 62 72 77 00');
    await app.page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
    await app.page.getByText('Paramètres enregistrés.').waitFor();
    await menu.getByRole('link', { name: 'Dossiers' }).click();
    await app.page.getByRole('heading', { level: 1, name: 'Dossiers' }).waitFor();
    expect(await app.page.getByRole('dialog').count()).toBe(0);
  });

  it('backs up now, makes the full archive with its progress, and checks the audit log', async () => {
    await app.page.goto(`${app.bridge.url}/#/parametres/sauvegardes`);
    await app.page.getByRole('heading', { level: 1, name: 'Sauvegardes et données personnelles' }).waitFor();
    await app.page.getByRole('button', { name: 'Sauvegarder maintenant' }).click();
    await app.page.getByText('Sauvegarde faite et vérifiée.').waitFor();
    await app.audit();
    await app.page.getByRole('cell', { name: 'Manuelle', exact: true }).waitFor();

    await app.page.getByRole('button', { name: 'Archive complète' }).click();
    await app.page.getByText('Archive complète faite').waitFor();
    await app.audit();
    await app.page.getByRole('cell', { name: 'Archive complète', exact: true }).waitFor();

    await app.page.fill('#records-retentionYears', '0');
    await app.page.getByRole('button', { name: 'Enregistrer ces réglages' }).click();
    expect(await app.describedError('records-retentionYears')).toBe('La durée de conservation des données personnelles (en années) doit valoir au moins 1.');

    await app.page.getByRole('button', { name: 'Vérifier le journal des modifications' }).click();
    await app.page.getByText('Le journal des modifications est intact').waitFor();
    await app.screenshot('sauvegardes.png');
  });
});
