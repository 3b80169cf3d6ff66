/**
 * « Transmettre les décisions » in Chromium against the real services and the local platform:
 * the confirmation lists what will be sent and what is left out, then the outcome per dossier.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import { localDay } from '../../services/dates';
import { formatDate } from '../../shared/french';
import { useBrowserTest } from '../support/browser';
import { dsPushSdl } from '../support/ds-sdl';
import { DsServer, fixtureDossier, VALID_TOKEN } from '../support/ds-server';

const PROCEDURE = 104_233;
let sessionId = 0;
const server = new DsServer({ extraSdl: dsPushSdl });
const token = process.env.DS_API_TOKEN;

afterAll(async () => {
  await server.close();
  if (token === undefined) delete process.env.DS_API_TOKEN;
  else process.env.DS_API_TOKEN = token;
});

const app = useBrowserTest({
  name: 'ds-push',
  // The demo's closed session with its letters; four of its dossiers on the platform, the fifth not.
  prepare: async (setup) => {
    sessionId = (await scriptDemoSession(caller(setup.bridge.runtime))).id;
    await setup.dispatch('documents.generate', { sessionId, kinds: ['decision_letter'] });
    await server.start();
    server.addProcedure(PROCEDURE, 'Aide au démarrage des ESP et MSP 2026');
    for (const number of [24001101, 24001102, 24001105, 24001103]) server.putDossier(PROCEDURE, fixtureDossier(number, (d) => (d.state = 'en_construction')));
    // The bridge's runtime has no keychain: the token comes from the environment, as for the CLI.
    process.env.DS_API_TOKEN = VALID_TOKEN;
    await setup.dispatch('ds.connection.save', { connection: { instanceUrl: server.url, procedureNumber: PROCEDURE, instructorGroup: null } });
  },
});

const page = () => app.page;

describe('« Transmettre les décisions », in Chromium', () => {
  it('confirms what will be sent, sends it, shows the outcome per dossier, and sends nothing twice', async () => {
    await page().goto(`${app.bridge.url}/#/documents/${sessionId}`);
    await page().getByRole('heading', { level: 1, name: 'Documents de la séance n° 2026-04' }).waitFor();
    await page().getByRole('heading', { level: 2, name: 'Transmettre les décisions à Démarches Simplifiées' }).waitFor();
    await app.audit();

    await page().getByRole('button', { name: 'Transmettre les décisions', exact: true }).click();
    const dialog = page().getByRole('dialog', { name: 'Transmettre les décisions à Démarches Simplifiées' });
    await dialog.waitFor();
    await app.audit();
    await app.screenshot('ds-push-confirmation.png');
    const text = (await dialog.textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain('5 décisions seront transmises');
    expect(text).toMatch(/n° 24001103 — .* : refuser — courrier CS-2026-04\/04 \(.*_decision\.pdf\)/);
    expect(text).toMatch(/n° 24001104 — .* : laisser en instruction \(ajourné\) — courrier CS-2026-04\/05/);
    // The harmless answer first.
    expect(await page().locator(':focus').textContent()).toBe('Annuler');
    await dialog.getByRole('button', { name: 'Transmettre 5 décisions' }).click();

    const outcome = page().locator('.fr-alert', { hasText: 'décisions transmises' });
    await outcome.waitFor({ timeout: 30_000 });
    await app.audit();
    await app.screenshot('ds-push-resultat.png', outcome);
    const said = (await outcome.textContent())!.replace(/\s+/g, ' ');
    expect(said).toContain('4 décisions transmises, 1 échec, 0 dossier écarté');
    expect(said).toMatch(/Transmis n° 24001101 — .* : Accepter : transmis avec le courrier CS-2026-04\/01\./);
    expect(said).toMatch(/Échec n° 24001104 — .* : Démarches Simplifiées ne trouve pas/);
    expect(server.actions.filter((a) => a.dossierNumber === 24001101).map((a) => a.field)).toEqual(['dossierPasserEnInstruction', 'dossierAccepter']);

    // Again: only the dossier that failed is offered, the others are already sent.
    await page().getByRole('button', { name: 'Transmettre les décisions', exact: true }).click();
    await dialog.waitFor();
    const again = (await dialog.textContent())!.replace(/\s+/g, ' ');
    expect(again).toContain('1 décision sera transmise');
    expect(again).toMatch(/4 dossiers écartés .*Déjà transmis le/);
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(server.actions).toHaveLength(8);
  });

  it('closes a withdrawn dossier on the platform, once confirmed, with its withdrawal as the motivation', async () => {
    server.putDossier(PROCEDURE, fixtureDossier(24001104, (d) => (d.state = 'en_instruction')));
    const { id } = await app.dispatch('dossiers.get', { dsNumber: 24001104 });
    const today = localDay(new Date());
    await app.dispatch('dossiers.withdraw', { dossierId: id, date: today, reason: 'Projet abandonné par l’équipe' });
    await page().goto(`${app.bridge.url}/#/dossiers/${id}`);
    const form = page().getByRole('form', { name: 'Classer sans suite sur Démarches Simplifiées' });
    await form.waitFor();
    expect(await form.textContent()).toContain('le dossier n° 24001104 est « en instruction »');
    await app.audit();
    await app.screenshot('ds-classement-sans-suite.png', form);

    await form.getByRole('button', { name: 'Classer sans suite sur Démarches Simplifiées' }).click();
    const asked = await app.answerConfirmation('Classer le dossier sans suite sur Démarches Simplifiées ?', 'Classer sans suite');
    expect(asked).toContain(`« Désistement des porteurs le ${formatDate(today)} : Projet abandonné par l’équipe. »`);
    await page().getByText('Dossier n° 24001104 classé sans suite sur Démarches Simplifiées').waitFor();
    await app.audit();
    expect(server.actions.filter((a) => a.dossierNumber === 24001104).map((a) => a.field)).toEqual(['dossierClasserSansSuite']);
    // The dossier's facts follow, and the button is gone.
    await page().getByText('Classé sans suite', { exact: true }).waitFor();
    expect(await form.getByRole('button').count()).toBe(0);
  });
});
