import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECTION_FILE } from '../../services/connection';
import { useBrowserTest } from '../support/browser';
import { useCluster } from '../support/postgres';

const role = { name: 'secretariat', password: 'Mot de passe ARS 2026' };
const cluster = useCluster({ passwordRole: role });
const app = useBrowserTest({ name: 'team-settings' });

/** The form's fields by the id the app derives from the connection's path. */
const field = (name: string) => app.page.locator(`#connection-${name}`);

async function testConnection(): Promise<{ title: string; text: string }> {
  await app.page.getByRole('button', { name: 'Tester la connexion' }).click();
  const alert = app.page.locator('.fr-alert').filter({ hasText: /La base partagée (répond|ne peut pas être ouverte)/ });
  await alert.waitFor();
  await app.audit();
  const text = (await alert.textContent()) ?? '';
  return { title: text.startsWith('La base partagée répond') ? 'ok' : 'refused', text };
}

describe('Paramètres › Base partagée, in Chromium against a PostgreSQL cluster', () => {
  it('tests a wrong and a right connection from the form, saves it for the next start, and goes back to the local base', async () => {
    const url = new URL(await cluster().createDatabase());
    const database = url.pathname.slice(1);
    const shared = join(app.workDir, 'partage');

    await app.page.goto(`${app.bridge.url}/#/parametres`);
    await app.page.getByRole('heading', { level: 1, name: 'Paramètres' }).waitFor();
    await app.audit();
    await app.page.getByRole('link', { name: 'Choisir la base de données' }).click();
    await app.page.getByRole('heading', { level: 1, name: 'Base partagée' }).waitFor();
    await app.page.getByRole('button', { name: 'Tester la connexion' }).waitFor();
    await app.audit();
    // The bridge, like a Linux desktop without a keyring, has no keychain: the screen says why the password is not kept.
    await app.page.getByText('Le mot de passe ne peut pas être gardé sur ce poste').waitFor();
    expect(await app.page.getByText(/PGPASSWORD/).count()).toBeGreaterThan(0);
    expect(await app.page.getByText(`Ouverte maintenant : la base de ce poste, ${app.databasePath}`).count()).toBe(1);
    expect(await app.page.getByRole('button', { name: 'Revenir à la base locale' }).count()).toBe(0);

    // Checked in the form before any call, with the shared schema's messages.
    await field('port').fill('cinq');
    await app.page.getByRole('button', { name: 'Tester la connexion' }).click();
    await expect.poll(() => app.describedError('connection-port')).toMatch(/Le port est un nombre/);
    expect(await app.describedError('connection-host')).toMatch(/L'adresse du serveur/);
    await app.audit();

    await field('host').fill('127.0.0.1');
    await field('port').fill(url.port);
    await field('database').fill(database);
    await field('user').fill(role.name);
    await field('password').fill('pas le bon');
    await app.page.getByLabel(/^Non chiffrée/).check({ force: true });
    await app.page.getByLabel(/^Dans un dossier partagé/).check({ force: true });
    await field('filesFolder').fill(shared);

    const wrongPassword = await testConnection();
    expect(wrongPassword.title).toBe('refused');
    expect(wrongPassword.text).toContain('a refusé l’utilisateur ou le mot de passe');
    expect(wrongPassword.text).not.toContain('pas le bon');

    await field('password').fill('');
    expect((await testConnection()).text).toContain('demande un mot de passe');

    await field('password').fill(role.password);
    await field('database').fill('absente');
    expect((await testConnection()).text).toContain(`/absente?sslmode=disable » n’existe pas sur le serveur PostgreSQL`);

    await field('database').fill(database);
    await app.page.getByLabel(/^Chiffrée, serveur non vérifié/).check({ force: true });
    expect((await testConnection()).text).toContain('n’accepte pas de connexion chiffrée');
    await field('caFile').fill(join(app.workDir, 'absent.crt'));
    expect((await testConnection()).text).toContain(`Le certificat de l’autorité « ${join(app.workDir, 'absent.crt')} » ne peut pas être lu (ENOENT)`);
    await field('caFile').fill('');
    await app.page.getByLabel(/^Non chiffrée/).check({ force: true });

    const right = await testConnection();
    expect(right.title).toBe('ok');
    expect(right.text).toMatch(/Connexion réussie à PostgreSQL 1\d.* la base est vide : elle sera préparée au prochain démarrage/);

    await app.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await app.page.getByText('Base partagée enregistrée').waitFor();
    await app.page.getByText('Fermez puis rouvrez Commission pour ouvrir la base choisie.').waitFor();
    expect(await app.page.getByRole('button', { name: 'Redémarrer maintenant' }).count()).toBe(0);
    await app.audit();
    await app.screenshot('base-partagee-enregistree.png');

    const connection = { host: '127.0.0.1', port: Number(url.port), database, user: role.name, tls: 'disable', caFile: '', files: 'folder', filesFolder: shared };
    expect(await app.dispatch('connection.get', {})).toEqual({
      connection,
      passwordStored: false,
      keychain: false,
      canRestart: false,
      current: { engine: 'sqlite', location: app.databasePath },
    });
    expect(readFileSync(join(app.workDir, CONNECTION_FILE), 'utf8')).not.toContain(role.password);

    // A reload shows what the next start opens, and the form as saved.
    await app.page.reload();
    await app.page.getByText(`Au prochain démarrage : la base partagée « ${database} » sur 127.0.0.1:${url.port}.`).waitFor();
    expect(await field('user').inputValue()).toBe(role.name);
    expect(await field('password').inputValue()).toBe('');
    await app.audit();

    await app.page.getByRole('button', { name: 'Revenir à la base locale' }).click();
    await app.page.getByText('Commission ouvrira la base de ce poste au prochain démarrage.').waitFor();
    await app.page.getByText('Au prochain démarrage : la base de ce poste.').waitFor();
    await app.audit();
    expect((await app.dispatch('connection.get', {})).connection).toBeNull();
  });
});
