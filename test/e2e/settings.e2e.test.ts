import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installApi, startBridge, type Bridge } from '../support/bridge';

const CHROMIUM = '/usr/bin/chromium';
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = join(repoRoot, 'out', 'renderer');
const artifactsDir = join(repoRoot, 'test-artifacts');

const identity = {
  regionCode: '32',
  agencyName: 'Agence régionale de santé Hauts-de-France',
  direction: "Direction de l'offre de soins",
  unit: 'Service premier recours',
  address: { street: '556 avenue Willy Brandt', postalCode: '59777', city: 'Lille' },
  phone: '03 62 72 77 00',
  email: 'premier-recours@ars-hdf.example.fr',
  directorGeneral: { firstName: 'Marc', lastName: 'Delattre', title: 'Directeur général' },
  signatory: {
    firstName: 'Claire',
    lastName: 'Vandenberghe',
    title: "Directrice de l'offre de soins",
    byDelegation: true,
  },
  departments: [
    { code: '59', email: 'nord@ars-hdf.example.fr' },
    { code: '62', email: 'pas-de-calais@ars-hdf.example.fr' },
  ],
};

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
  'grants-defaultStartupGrant': '15 000',
};

let workDir: string;
let databasePath: string;
let bridge: Bridge;
let browser: Browser;
let page: Page;
/** Console errors, CSP violations, uncaught exceptions and failed requests of the page. */
const pageProblems: string[] = [];

function databaseState() {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
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
  await page.goto(`${bridge.url}/#/parametres`);
  await page.getByRole('button', { name: 'Enregistrer les paramètres' }).waitFor();
}

/** The error message the input's aria-describedby points to: what a screen reader reads with it. */
async function describedError(id: string): Promise<string> {
  const refs = (await page.locator(`#${id}`).getAttribute('aria-describedby'))?.split(' ').filter(Boolean) ?? [];
  const texts = await Promise.all(refs.map((ref) => page.locator(`[id="${ref}"]`).textContent()));
  return texts.join(' ').trim();
}

async function setUp() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it with "apt-get install -y chromium".`);
  }
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (${rendererDir}/index.html is missing): run "npx electron-vite build".`);
  }
  await mkdir(artifactsDir, { recursive: true });
  workDir = await mkdtemp(join(tmpdir(), 'commission-e2e-'));
  databasePath = join(workDir, 'commission.sqlite');
  bridge = await startBridge({ databasePath, rendererDir });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  // A missing element fails in seconds, not after playwright's default 30 s.
  context.setDefaultTimeout(5_000);
  page = await context.newPage();
  // CSP violations come as console errors ("Applying inline style violates…").
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      pageProblems.push(`console.${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => pageProblems.push(`exception: ${error.message}`));
  page.on('requestfailed', (request) => pageProblems.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) pageProblems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await installApi(page);
}

// A missing prerequisite makes every test fail with its message: vitest would mark them skipped
// if beforeAll threw.
let setupError: unknown;
beforeAll(async () => {
  await setUp().catch((error: unknown) => {
    setupError = error;
  });
});

beforeEach(() => {
  if (setupError) throw setupError;
});

afterEach(() => {
  expect(pageProblems.splice(0)).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('Paramètres, in Chromium against the real services', () => {
  it('navigates between the pages from the header', async () => {
    await page.goto(`${bridge.url}/`);
    await expect.poll(() => page.title()).toBe('Tableau de bord — Commission');
    await page.screenshot({ path: join(artifactsDir, 'tableau-de-bord.png'), fullPage: true });

    const menu = page.getByRole('navigation', { name: 'Menu principal' });
    await menu.getByRole('link', { name: 'Dossiers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dossiers' }).waitFor();
    expect(await page.getByText('Démarches Simplifiées').count()).toBeGreaterThan(0);
    expect(new URL(page.url()).hash).toBe('#/dossiers');
    expect(await menu.getByRole('link', { name: 'Dossiers' }).getAttribute('aria-current')).toBe('page');

    await menu.getByRole('link', { name: 'Paramètres' }).click();
    await page.getByRole('heading', { level: 1, name: 'Paramètres' }).waitFor();
  });

  it('saves the whole form, then shows it again after a reload', async () => {
    await openSettings();
    expect(await page.inputValue('#identity-directorGeneral-title')).toBe('Directeur général');

    await page.getByRole('combobox', { name: /^Région/ }).selectOption(identity.regionCode);
    for (const [id, value] of Object.entries(textFields)) await page.fill(`#${id}`, value);

    // Adding a département from the keyboard puts the focus on the new row.
    for (const [index, department] of identity.departments.entries()) {
      await page.getByRole('button', { name: 'Ajouter un département' }).focus();
      await page.keyboard.press('Enter');
      const newRow = page.locator(`#identity-departments-${index}-code`);
      await expect.poll(() => newRow.evaluate((select) => select === select.ownerDocument.activeElement)).toBe(true);
      await page.selectOption(`#identity-departments-${index}-code`, department.code);
      await page.fill(`#identity-departments-${index}-email`, department.email);
    }
    const unlabelled: string[] = [];
    for (const control of await page.locator('form input, form select').all()) {
      const id = (await control.getAttribute('id')) ?? '(sans id)';
      if ((await page.locator(`label[for="${id}"]`).count()) !== 1) unlabelled.push(id);
    }
    expect(unlabelled).toEqual([]);

    await page.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
    await page.getByText('Paramètres enregistrés.').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'parametres-saved.png'), fullPage: true });

    await page.reload();
    await page.getByRole('button', { name: 'Enregistrer les paramètres' }).waitFor();
    expect(await page.inputValue('#identity-regionCode')).toBe(identity.regionCode);
    for (const [id, value] of Object.entries(textFields)) {
      expect(await page.inputValue(`#${id}`), id).toBe(id === 'grants-defaultStartupGrant' ? '15000' : value);
    }
    expect(await page.getByLabel('Signe par délégation du directeur général').isChecked()).toBe(true);
    for (const [index, department] of identity.departments.entries()) {
      expect(await page.inputValue(`#identity-departments-${index}-code`)).toBe(department.code);
      expect(await page.inputValue(`#identity-departments-${index}-email`)).toBe(department.email);
    }
    expect(await page.locator('#identity-departments-2-code').count()).toBe(0);
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
    await page.fill('#identity-departments-1-email', 'pas-une-adresse');
    await page.fill('#identity-address-postalCode', '59A');
    await page.keyboard.press('Enter');

    const summary = page.getByRole('alert').filter({ hasText: "Les paramètres n'ont pas été enregistrés" });
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Le code postal doit comporter 5 chiffres.');
    expect(await page.getAttribute('#identity-address-postalCode', 'aria-invalid')).toBe('true');
    expect(await describedError('identity-address-postalCode')).toBe('Le code postal doit comporter 5 chiffres.');
    expect(await describedError('identity-departments-1-email')).toBe(
      "Le courriel de contact du département n'est pas une adresse électronique valide.",
    );
    expect(await page.getAttribute('#identity-address-city', 'aria-invalid')).toBeNull();
    await page.screenshot({ path: join(artifactsDir, 'parametres-error.png'), fullPage: true });

    expect(databaseState()).toEqual(before);
  });
});
