import { afterAll, describe, expect, it } from 'vitest';
import { useBrowserTest } from '../support/browser';
import { champOf, DsServer, fixtureDossier, VALID_TOKEN } from '../support/ds-server';

const NAME = 'Nom de l’équipe ou de la structure';

const PROCEDURE = 104_233;
const server = new DsServer();

const app = useBrowserTest({
  name: 'ds-sync',
  // The platform of the test; the bridge's runtime, without a keychain, takes the token as the CLI does.
  prepare: async () => {
    await server.start();
    server.addProcedure(PROCEDURE, 'Aide au démarrage des ESP et MSP 2026');
    for (const number of [21560127, 21560128]) {
      const file = server.addFile(`projet-${number}.pdf`, Buffer.from(`%PDF-1.7\n% ${number}\n`));
      server.putDossier(PROCEDURE, fixtureDossier(number, (d) => (champOf(d, 'Projet de santé (document PDF)').files = [file])), { keepDate: true });
    }
    process.env.DS_API_TOKEN = VALID_TOKEN;
  },
});

afterAll(async () => {
  delete process.env.DS_API_TOKEN;
  await server.close();
});

describe('sync with Démarches Simplifiées from the import page', () => {
  it('connects the procedure after a test, previews its dossiers as a file, then syncs them with their files', async () => {
    const { page } = app;
    await page.goto(`${app.bridge.url}/#/dossiers`);
    const importLink = page.getByRole('link', { name: 'Importer un export' }).first();
    await importLink.waitFor();
    await app.audit();
    await importLink.click();
    await page.getByRole('heading', { name: 'Synchroniser avec Démarches Simplifiées' }).waitFor();
    await app.audit();

    await page.getByLabel("Adresse de l'instance").fill(server.url);
    await page.getByLabel('Numéro de la démarche').fill('4242');
    await page.getByRole('button', { name: 'Tester la connexion' }).click();
    await page.getByText(`La démarche n° 4242 n'existe pas sur ${server.url}`).waitFor();
    await page.getByLabel('Numéro de la démarche').fill(String(PROCEDURE));
    await page.getByRole('button', { name: 'Tester la connexion' }).click();
    await page.getByText(`Connexion réussie : démarche n° ${PROCEDURE} « Aide au démarrage des ESP et MSP 2026 ».`).waitFor();
    await app.audit();
    await page.getByRole('button', { name: 'Enregistrer la connexion' }).click();
    await page.getByText('Jamais synchronisée.').waitFor();

    await page.getByRole('button', { name: 'Synchroniser avec Démarches Simplifiées' }).click();
    await page.getByText('Dossiers créés (2)').waitFor();
    expect(await page.getByText('2 pièces jointes à télécharger').count()).toBe(1);
    await app.audit();
    expect((await app.dispatch('dossiers.list', { limit: 1 })).total).toBe(0);

    await page.getByRole('button', { name: 'Importer les dossiers synchronisés' }).click();
    await page.getByText('Synchronisation terminée').waitFor();
    await page.getByText(/2 créés, 0 modifié, 0 inchangé ; 2 pièces jointes ajoutées\./).waitFor();
    await page.getByText(/Dernière synchronisation :/).waitFor();
    await app.audit();
    expect((await app.dispatch('dossiers.list', { limit: 1 })).total).toBe(2);
  });

  it('names the platform, not a file, when a field corrected by hand changed there too', async () => {
    const { page } = app;
    const dossier = await app.dispatch('dossiers.get', { dsNumber: 21560127 });
    await app.dispatch('dossiers.update', { id: dossier.id, data: { ...dossier.data, name: 'ESP des Trois Vallées' } });
    server.changeDossier(21560127, (d) => Object.assign(champOf(d, NAME), { value: 'ESP du Val de Sambre', stringValue: 'ESP du Val de Sambre' }));

    await page.getByRole('button', { name: 'Synchroniser avec Démarches Simplifiées' }).click();
    await page.getByText('Champs corrigés à la main (1)').waitFor();
    await page.getByText('0 pièce jointe à télécharger (1 autre déjà jointe à son dossier).', { exact: false }).waitFor();
    await page.getByText(/^Démarches Simplifiées donne une autre valeur que la correction faite dans l.application/).waitFor();
    await page.getByRole('radio', { name: 'Prendre la valeur de Démarches Simplifiées : ESP du Val de Sambre' }).waitFor();
    expect(await page.getByText(/valeurs? du fichier/).count()).toBe(0);
    await app.audit();
  });
});
