import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Bridge } from '../support/bridge';
import { useBrowserTest } from '../support/browser';
import { sampleIdentity } from '../support/fixtures';
import { openSession } from '../support/opinion';

const exportXlsx = join(fileURLToPath(new URL('./fixtures/', import.meta.url)), 'hdf-dossiers-export.xlsx');

/**
 * The product promises 2 s: a window polls the feed every second (renderer/src/useChanges.ts) and
 * the feed answers in well under a millisecond (`npm run bench -- --only live`). Here the test
 * checks that the screen follows without a reload by hand, with room for a loaded machine.
 */
const WITHIN_MS = 15_000;

/** Two users: the secretariat's on machine A, a member of the commission on machine B. */
const secretariat = { login: 'julie.perrin', password: 'secretariat-2026' };
const member = { login: 'paul.durand', password: 'membre-paul-2026' };

let sessionId = 0;
/** The three dossiers on the agenda, in order. */
const names: string[] = [];
const ids: number[] = [];

/** Machine A: the secretariat's, the test's own window. */
const app = useBrowserTest({
  name: 'live',
  files: [exportXlsx],
  prepare: async (setup) => {
    await setup.dispatch('auth.createFirstAccount', { ...secretariat, displayName: 'Julie Perrin' });
    await setup.dispatch('settings.update', { identity: sampleIdentity() });
    await setup.dispatch('import.run', { fileName: 'hdf-dossiers-export.xlsx', contentBase64: readFileSync(exportXlsx).toString('base64') });
    const dossiers = (await setup.dispatch('dossiers.list', { sort: { field: 'dsNumber', direction: 'asc' } })).rows.slice(0, 3);
    ({ sessionId } = await openSession((method, input) => setup.dispatch(method, input), dossiers.map((d) => d.id)));
    const paul = (await setup.dispatch('members.list', {})).find((m) => m.lastName === 'Durand')!;
    await setup.dispatch('accounts.save', { account: { ...member, displayName: 'Paul Durand', role: 'member', memberId: paul.id } });
    names.push(...dossiers.map((d) => d.name));
    ids.push(...dossiers.map((d) => d.id));
  },
});

/** Machine B: another runtime on the same database file, another user's browser. */
let other: { page: Page; bridge: Bridge };
const a = () => app.page;
const b = () => other.page;
const onA = (path: string) => `${app.bridge.url}/#${path}`;
const onB = (path: string) => `${other.bridge.url}/#${path}`;
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });
/** Shown on B without a reload by hand. */
const seenOnB = (locator: ReturnType<Page['locator']>) => locator.waitFor({ timeout: WITHIN_MS });

describe('Screens follow what another machine does, on one shared database', () => {
  it('B’s projector follows the item A’s live mode moves to', async () => {
    other = await app.otherMachine();
    const signedIn = await other.bridge.runtime.dispatch('auth.signIn', member);
    expect(signedIn.ok).toBe(true);
    await a().goto(onA(`/seances/${sessionId}/direct`));
    await heading(a(), names[0]!).waitFor();
    await app.audit();
    await b().goto(onB(`/seances/${sessionId}/projection`));
    await heading(b(), names[0]!).waitFor();
    await app.audit(b());

    await a().getByRole('button', { name: 'Suivant' }).click();
    await heading(a(), names[1]!).waitFor();
    await seenOnB(heading(b(), names[1]!));
    expect(await b().locator('.app-projector-bar').textContent()).toContain('Point 2 sur 3');

    await a().keyboard.press('ArrowRight');
    await heading(a(), names[2]!).waitFor();
    await seenOnB(heading(b(), names[2]!));
    await app.audit(b());
    expect(await app.dispatch('live.get', { sessionId })).toMatchObject({ setBy: secretariat.login });
  });

  it('a hidden window asks nothing, and catches up once shown again', async () => {
    const polls: string[] = [];
    const count = (request: { url(): string }) => void (request.url().endsWith('/api/changes.since') && polls.push(request.url()));
    b().on('request', count);
    // What the browser sets when the window is minimised or behind another tab.
    const setHidden = (hidden: boolean) =>
      b().evaluate((value) => {
        // The test code is type-checked without the DOM library.
        const page = (globalThis as unknown as { document: EventTarget }).document;
        Object.defineProperty(page, 'hidden', { configurable: true, get: () => value });
        page.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await setHidden(true);
    await a().getByRole('button', { name: 'Précédent' }).click();
    await heading(a(), names[1]!).waitFor();
    // A poll under way when the window was hidden may still answer; none starts after it.
    await b().waitForTimeout(1_500);
    const asked = polls.length;
    await b().waitForTimeout(2_500);
    expect(polls.length).toBe(asked);

    await setHidden(false);
    await seenOnB(heading(b(), names[1]!));
    b().off('request', count);
    await a().getByRole('button', { name: 'Suivant' }).click();
    await heading(a(), names[2]!).waitFor();
    await seenOnB(heading(b(), names[2]!));
  });

  it('B’s projector shows the opinion A records, and B’s live mode follows A’s', async () => {
    await a().getByLabel('Favorable', { exact: true }).check({ force: true });
    await a().getByLabel('Pour', { exact: true }).fill('3');
    await a().getByLabel('Contre', { exact: true }).fill('0');
    await a().getByLabel('Abstention', { exact: true }).fill('0');
    await a().getByLabel('Ingénierie de projet').fill('8000');
    await a().getByLabel('Investissement informatique').fill('7000');
    await a().getByLabel('Mobilier et logistique').fill('5000');
    await a().keyboard.press('Control+Enter');
    await a().getByText('Avis enregistré le').waitFor();
    await seenOnB(b().locator('.app-projector-opinion', { hasText: 'Favorable' }));
    expect(await b().locator('.app-projector-vote').first().textContent()).toBe('Pour 3 · Contre 0 · Abstention 0');

    // B leaves the projector for live mode: it opens on A's item, then follows A back.
    await b().goto(onB(`/seances/${sessionId}/direct`));
    await heading(b(), names[2]!).waitFor();
    expect(await b().locator('.app-live-position').textContent()).toBe('Point 3 sur 3');
    await app.audit(b());
    await a().getByRole('button', { name: 'Précédent' }).click();
    await heading(a(), names[1]!).waitFor();
    await seenOnB(heading(b(), names[1]!));
    expect(await b().locator('.app-live-position').textContent()).toBe('Point 2 sur 3');
    expect(await b().locator('.app-live-step').nth(2).textContent()).toContain('Favorable');
  });

  it('B’s dossier page shows A’s edit; B’s form being filled in keeps its input and says the dossier changed', async () => {
    const id = ids[0]!;
    await b().goto(onB(`/dossiers/${id}`));
    await heading(b(), names[0]!).waitFor();
    await app.audit(b());

    const renamed = `${names[0]} (Hirson)`;
    await a().goto(onA(`/dossiers/${id}/modifier`));
    await a().getByLabel("Nom de l'équipe ou de la structure").fill(renamed);
    await app.audit();
    await a().getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await heading(a(), renamed).waitFor();
    await seenOnB(heading(b(), renamed));

    // B starts an edit; A saves another change meanwhile: B's input stays, with a notice.
    await b().goto(onB(`/dossiers/${id}/modifier`));
    const bName = b().getByLabel("Nom de l'équipe ou de la structure");
    await expect.poll(() => bName.inputValue()).toBe(renamed);
    await bName.fill(`${renamed} — saisie de B`);
    await a().goto(onA(`/dossiers/${id}/modifier`));
    await a().getByLabel("Nom de l'équipe ou de la structure").fill(names[0]!);
    await a().getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await heading(a(), names[0]!).waitFor();
    await seenOnB(b().getByText('Ce dossier a été modifié sur un autre poste pendant votre saisie.'));
    expect(await bName.inputValue()).toBe(`${renamed} — saisie de B`);
    await app.audit(b());
    expect((await app.dispatch('dossiers.get', { id })).data.name).toBe(names[0]);
    await b().getByRole('link', { name: 'Dossiers', exact: true }).first().click();
    await app.answerConfirmation('Quitter sans enregistrer ?', 'Quitter sans enregistrer', b());
  });

  it('B’s list of dossiers shows a dossier A renamed, without leaving it', async () => {
    await b().locator('tbody tr', { hasText: names[1]! }).waitFor();
    await app.audit(b());
    const id = ids[1]!;
    const dossier = await app.dispatch('dossiers.get', { id });
    await a().goto(onA(`/dossiers/${id}/modifier`));
    await a().getByLabel("Nom de l'équipe ou de la structure").fill(`${names[1]} renommée`);
    await a().getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await heading(a(), `${names[1]} renommée`).waitFor();
    await seenOnB(b().locator('tbody tr', { hasText: `${names[1]} renommée` }));
    await app.dispatch('dossiers.update', { id, data: dossier.data });
  });
});
