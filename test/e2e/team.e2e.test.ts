import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Bridge } from '../support/bridge';
import { useBrowserTest } from '../support/browser';
import { sampleIdentity } from '../support/fixtures';

const exportXlsx = join(fileURLToPath(new URL('./fixtures/', import.meta.url)), 'hdf-dossiers-export.xlsx');

/** Two people of the secretariat, each on a machine of their own over one database. */
const claire = { login: 'claire.martin', password: 'secretariat-claire-2026' };
const paul = { login: 'paul.durand', password: 'secretariat-paul-2026' };

let dossierId = 0;
let original = '';
let sessionId = 0;

const app = useBrowserTest({
  name: 'team',
  files: [exportXlsx],
  prepare: async (setup) => {
    await setup.dispatch('auth.createFirstAccount', { ...claire, displayName: 'Claire Martin' });
    await setup.dispatch('accounts.save', { account: { ...paul, displayName: 'Paul Durand', role: 'secretariat' } });
    await setup.dispatch('settings.update', { identity: sampleIdentity() });
    await setup.dispatch('import.run', { fileName: 'hdf-dossiers-export.xlsx', contentBase64: readFileSync(exportXlsx).toString('base64') });
    const [first] = (await setup.dispatch('dossiers.list', { sort: { field: 'dsNumber', direction: 'asc' } })).rows;
    dossierId = first!.id;
    original = first!.name;
    const members = await Promise.all(
      ['Inès Martin', 'Yann Morel'].map((n) => {
        const [firstName, lastName] = n.split(' ') as [string, string];
        return setup.dispatch('members.save', { member: { firstName, lastName, organisation: 'URPS médecins' } });
      }),
    );
    sessionId = (await setup.dispatch('sessions.create', { number: '2027-01', date: '2027-01-14', place: 'Lille' })).id;
    await setup.dispatch('sessions.setRoll', { sessionId, members: members.map((m) => ({ memberId: m.id, status: 'absent' })) });
  },
});

let other: { page: Page; bridge: Bridge };
const a = () => app.page;
const b = () => other.page;
const nameField = (page: Page) => page.getByLabel("Nom de l'équipe ou de la structure");
const addressField = (page: Page) => page.getByLabel("Adresse du lieu principal d'exercice");
const save = (page: Page) => page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

describe('Two people editing the same dossier on two machines', () => {
  it('the second save from the same version is refused naming who saved it; « Recharger » shows their change, and the save then passes', async () => {
    other = await app.otherMachine();
    expect((await other.bridge.runtime.dispatch('auth.signIn', paul)).ok).toBe(true);
    const form = `/dossiers/${dossierId}/modifier`;
    await a().goto(`${app.bridge.url}/#${form}`);
    await b().goto(`${other.bridge.url}/#${form}`);
    await expect.poll(() => nameField(a()).inputValue()).toBe(original);
    await expect.poll(() => nameField(b()).inputValue()).toBe(original);
    await app.audit();
    await app.audit(b());

    // B starts typing; A saves a change meanwhile.
    await addressField(b()).fill('12 rue de la Gare');
    const renamed = `${original} (Hirson)`;
    await nameField(a()).fill(renamed);
    await save(a());
    await heading(a(), renamed).waitFor();

    await save(b());
    const alert = b().locator('.fr-alert', { hasText: 'Ce dossier a été modifié par Claire Martin le ' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('après votre ouverture. Rechargez-le pour voir ses changements.');
    // Nothing of B's was written, and B's input is still on screen until B chooses.
    expect((await app.dispatch('dossiers.get', { id: dossierId })).data).toMatchObject({ name: renamed });
    expect(await addressField(b()).inputValue()).toBe('12 rue de la Gare');
    await app.audit(b());

    await alert.getByRole('button', { name: 'Recharger' }).click();
    await expect.poll(() => nameField(b()).inputValue()).toBe(renamed);
    expect(await addressField(b()).inputValue()).not.toBe('12 rue de la Gare');
    await addressField(b()).fill('12 rue de la Gare');
    await save(b());
    await heading(b(), renamed).waitFor();
    const saved = await app.dispatch('dossiers.get', { id: dossierId });
    expect(saved).toMatchObject({ updatedBy: paul.login, data: { name: renamed, address: '12 rue de la Gare' } });
    await app.audit(b());
  });
});

describe('Two people taking the roll of the same session on two machines', () => {
  it("B's draft begun before A saved the roll is refused naming A, and « Recharger » gives it up for A's roll", async () => {
    other ??= await app.otherMachine();
    expect((await other.bridge.runtime.dispatch('auth.signIn', paul)).ok).toBe(true);
    const roll = `/seances/${sessionId}?onglet=membres`;
    await a().goto(`${app.bridge.url}/#${roll}`);
    await b().goto(`${other.bridge.url}/#${roll}`);
    const presence = (page: Page, name: string) => page.getByLabel(`Présence de ${name}`);
    await presence(a(), 'Yann Morel').waitFor();
    await presence(b(), 'Yann Morel').waitFor();

    // B begins a draft; A saves another roll meanwhile, which reaches B's screen underneath.
    await presence(b(), 'Inès Martin').selectOption('present');
    const reloaded = b().waitForResponse((r) => r.url().endsWith('/api/sessions.get'));
    await presence(a(), 'Yann Morel').selectOption('present');
    await a().getByRole('button', { name: 'Enregistrer les présences' }).click();
    await a().getByText('Présences enregistrées').waitFor();
    await reloaded;

    await b().getByRole('button', { name: 'Enregistrer les présences' }).click();
    const alert = b().locator('.fr-alert', { hasText: 'Claire Martin' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain("Vos changements n'ont pas été enregistrés");
    const saved = await app.dispatch('sessions.get', { id: sessionId });
    expect(saved.members.map((m) => m.status)).toEqual(['absent', 'present']);
    expect(await presence(b(), 'Inès Martin').inputValue()).toBe('present');
    await app.audit(b());

    await alert.getByRole('button', { name: 'Recharger' }).click();
    await expect.poll(() => presence(b(), 'Yann Morel').inputValue()).toBe('present');
    expect(await presence(b(), 'Inès Martin').inputValue()).toBe('absent');
    expect(await alert.count()).toBe(0);
  });
});

describe("An account changed on another machine", () => {
  it("B's window follows without a reload: a secretariat's actions go with the role and come back; disabled, B is signed out", async () => {
    await b().goto(`${other.bridge.url}/#/dossiers/${dossierId}`);
    const edit = b().getByRole('link', { name: 'Modifier', exact: true });
    await edit.waitFor();
    const account = (await app.dispatch('accounts.list', {})).find((x) => x.login === paul.login)!;
    const fields = { login: account.login, displayName: account.displayName, departments: [], memberId: null, windowsUser: '' };

    await app.dispatch('accounts.save', { id: account.id, account: { ...fields, role: 'readonly' } });
    await expect.poll(() => edit.count(), { timeout: 10_000 }).toBe(0);
    await app.audit(b());
    await app.dispatch('accounts.save', { id: account.id, account: { ...fields, role: 'secretariat' } });
    await edit.waitFor({ timeout: 10_000 });

    await app.dispatch('accounts.disable', { id: account.id });
    await b().getByRole('button', { name: 'Se connecter' }).waitFor({ timeout: 10_000 });
    await app.audit(b());
  });
});
