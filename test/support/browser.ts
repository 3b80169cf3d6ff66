/**
 * What every end-to-end test shares: the built renderer served by the bridge over a fresh
 * database, a Chromium whose pages get `window.api`, and every console error, CSP violation,
 * uncaught exception or failed request of any page turned into a test failure.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Input, MethodName, Output } from '../../shared/contract';
import { seriousViolations } from './axe';
import { installApi, startBridge, type Bridge } from './bridge';

const CHROMIUM = '/usr/bin/chromium';
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const rendererDir = join(repoRoot, 'out', 'renderer');
const artifactsDir = join(repoRoot, 'test-artifacts');
/** Routes that only redirect to another screen: nothing to audit there. */
const REDIRECTS = new Set(['/dossiers/numero/:id']);

/** A screen by its route, ids made generic: /seances/3/direct → /seances/:id/direct. */
export function screenOf(url: string): string | null {
  const hash = new URL(url).hash.replace(/^#/, '').split('?')[0];
  if (!hash) return url.startsWith('http') ? '/' : null;
  return hash.replace(/\/\d+(?=\/|$)/g, '/:id');
}

export interface BrowserTestOptions {
  /** Names the temporary folder. */
  name: string;
  /** Fixtures the test reads: a missing one fails every test with its name. */
  files?: string[];
  /** Records what the app asks of the system (see test/support/desktop.ts) instead of an app without a desktop. */
  desktop?: boolean;
  /** Run against the services before the browser starts (settings, imports…). */
  prepare?: (app: BrowserTest) => Promise<void>;
}

export class BrowserTest {
  workDir = '';
  databasePath = '';
  #bridge?: Bridge;
  #browser?: Browser;
  #context?: BrowserContext;
  #page?: Page;
  #others: Bridge[] = [];
  /** Console errors, CSP violations, uncaught exceptions and failed requests of every page. */
  readonly problems: string[] = [];
  /** Every screen a page of the test went to, and those axe-core checked. */
  readonly visited = new Set<string>();
  readonly audited = new Set<string>();

  get bridge(): Bridge {
    return this.#required(this.#bridge);
  }

  /** The app's window. */
  get page(): Page {
    return this.#required(this.#page);
  }

  #required<T>(value: T | undefined): T {
    if (value === undefined) throw new Error('The browser test is not set up.');
    return value;
  }

  async setUp({ name, files = [], desktop = false, prepare }: BrowserTestOptions): Promise<void> {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is missing at ${CHROMIUM}: install it with "apt-get install -y chromium".`);
    }
    if (!existsSync(join(rendererDir, 'index.html'))) {
      throw new Error(`The renderer is not built (${rendererDir}/index.html is missing): run "npx electron-vite build".`);
    }
    for (const file of files) if (!existsSync(file)) throw new Error(`The fixture ${file} is missing.`);
    await mkdir(artifactsDir, { recursive: true });
    this.workDir = await mkdtemp(join(tmpdir(), `commission-e2e-${name}-`));
    this.databasePath = join(this.workDir, 'commission.sqlite');
    this.#bridge = await startBridge({
      databasePath: this.databasePath,
      rendererDir,
      ...(desktop ? { saveDir: join(this.workDir, 'enregistrements') } : {}),
    });
    await prepare?.(this);
    this.#browser = await chromium.launch({
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
    this.#context = await this.#openContext();
    this.#page = await this.#context.newPage();
  }

  /** A context of the browser whose pages get `window.api`, their problems and screens recorded. */
  async #openContext(): Promise<BrowserContext> {
    const context = await this.#required(this.#browser).newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    // A missing element fails in seconds, not after playwright's default 30 s.
    context.setDefaultTimeout(5_000);
    // CSP violations come as console errors ("Applying inline style violates…").
    context.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        this.problems.push(`console.${message.type()}: ${message.text()}`);
      }
    });
    context.on('weberror', (error) => this.problems.push(`exception: ${error.error().message}`));
    context.on('requestfailed', (request) => this.problems.push(`request failed: ${request.url()}`));
    context.on('response', (response) => {
      if (response.status() >= 400) this.problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    await installApi(context);
    context.on('page', (page) =>
      page.on('framenavigated', (frame) => {
        const screen = frame === page.mainFrame() ? screenOf(frame.url()) : null;
        if (screen && !REDIRECTS.has(screen)) this.visited.add(screen);
      }),
    );
    return context;
  }

  /**
   * Another machine on the same database: a runtime and bridge of its own over the database file,
   * and a browser context of its own (another user's screen).
   */
  async otherMachine(): Promise<{ page: Page; bridge: Bridge }> {
    const bridge = await startBridge({ databasePath: this.databasePath, rendererDir });
    this.#others.push(bridge);
    const context = await this.#openContext();
    return { page: await context.newPage(), bridge };
  }

  async tearDown(): Promise<void> {
    await this.#browser?.close();
    for (const other of this.#others.splice(0)) await other.close();
    await this.#bridge?.close();
    if (this.workDir) await rm(this.workDir, { recursive: true, force: true });
  }

  /** Another window of the app, sharing the first one's origin and storage. */
  newWindow(): Promise<Page> {
    return this.#required(this.#context).newPage();
  }

  /** Straight to the services, as the test's own check of what the screens claim. */
  async dispatch<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
    const result = await this.bridge.runtime.dispatch(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as Output<M>;
  }

  /** A whole page (the app's window by default), or one part of it. */
  screenshot(name: string, target: Page | Locator = this.page): Promise<Buffer> {
    const path = join(artifactsDir, name);
    // A whole long page on a loaded machine takes longer than Playwright's default 5 s.
    return 'goto' in target ? target.screenshot({ path, fullPage: true, timeout: 30_000 }) : target.screenshot({ path, timeout: 30_000 });
  }

  /** The error message the input's aria-describedby points to: what a screen reader reads with it. */
  async describedError(id: string): Promise<string> {
    const refs = (await this.page.locator(`#${id}`).getAttribute('aria-describedby'))?.split(' ').filter(Boolean) ?? [];
    const texts = await Promise.all(refs.map((ref) => this.page.locator(`[id="${ref}"]`).textContent()));
    return texts.join(' ').trim();
  }

  /**
   * Runs axe-core on a page (the app's window by default) as it is now, and fails on any serious
   * or critical violation of WCAG 2.1 A or AA, naming the rule and the elements. Call it once a
   * screen shows what it is for (loaded, dialogs open): every screen visited must be audited.
   */
  async audit(target: Page = this.page): Promise<void> {
    const serious = await seriousViolations(target);
    const screen = screenOf(target.url());
    if (screen) this.audited.add(screen);
    if (serious.length) throw new Error(`axe-core on ${screen ?? target.url()}:\n${serious.join('\n')}`);
  }

  /**
   * Answers the confirmation dialog titled `title` with the button `answer`, once axe-core has
   * checked the page with the dialog open; returns what the dialog said.
   */
  async answerConfirmation(title: string, answer: string, target: Page = this.page): Promise<string> {
    const dialog = target.getByRole('dialog', { name: title });
    await dialog.waitFor();
    await this.audit(target);
    const text = (await dialog.textContent()) ?? '';
    await dialog.getByRole('button', { name: answer, exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    return text;
  }

  /** Audits every open window as it is at the end of a test. */
  async auditOpenPages(): Promise<void> {
    for (const page of this.#browser?.contexts().flatMap((c) => c.pages()) ?? []) {
      if (!page.isClosed() && screenOf(page.url())) await this.audit(page);
    }
  }

  /** The test code is type-checked without the DOM library: the element tells whether it has the focus. */
  isFocused(id: string): Promise<boolean> {
    return this.page.locator(`#${id}`).evaluate((element) => element === element.ownerDocument.activeElement);
  }
}

/**
 * Registers the hooks of a browser test file. A missing prerequisite (Chromium, the build, a
 * fixture) makes every test fail with its message: vitest would mark them skipped if beforeAll
 * threw.
 */
export function useBrowserTest(options: BrowserTestOptions): BrowserTest {
  const app = new BrowserTest();
  let setupError: unknown;
  beforeAll(async () => {
    await app.setUp(options).catch((error: unknown) => {
      setupError = error;
    });
  });
  beforeEach(() => {
    if (setupError) throw setupError;
  });
  afterEach(async () => {
    if (!setupError) await app.auditOpenPages();
    expect(app.problems.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    const unaudited = [...app.visited].filter((screen) => !app.audited.has(screen));
    await app.tearDown();
    if (!setupError) expect(unaudited, 'screens visited that axe-core never checked').toEqual([]);
  });
  return app;
}
