import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultGrid, type ScoringGrid } from '../../shared/scoring';
import { defaultOrganisations } from '../../shared/settings';
import { defaultTemplates } from '../../shared/templates';
import { sampleIdentity } from '../support/fixtures';
import { useRuntime, type TestRuntime } from '../support/runtime';
import { useTempDir } from '../support/temp';

const runtime = useRuntime();
const tempDir = useTempDir();

const decoded = (file: { contentBase64: string }) => JSON.parse(Buffer.from(file.contentBase64, 'base64').toString('utf8')) as Record<string, unknown>;
const upload = (content: unknown, fileName = 'configuration.json') => ({
  fileName,
  contentBase64: Buffer.from(JSON.stringify(content)).toString('base64'),
});

function ownGrid(): ScoringGrid {
  const grid = structuredClone(defaultGrid);
  grid.axes[0]!.criteria[2]!.max = 8;
  grid.axes[0]!.max = 28;
  grid.axes.splice(3, 0, {
    id: 'regional_priorities',
    label: 'Priorités régionales',
    optional: false,
    max: 4,
    criteria: [{ id: 'mental_health', label: 'Santé mentale', help: '', max: 4, scale: null, source: null }],
  });
  grid.thresholds = { favorable: 65, reservations: 50 };
  return grid;
}

/** An agency that configured everything: identity, grants, rules, a paragraph, its grid, two members. */
async function configured(r: TestRuntime) {
  await r.call('settings.update', {
    identity: sampleIdentity(),
    grants: { defaultStartupGrant: 15_000, ceiling: 40_000 },
    composition: {
      ESP: { minHealthProfessionals: 3, minGeneralPractitioners: 1, minParamedical: 1, pharmacistCountsAsParamedical: true },
      MSP: { minHealthProfessionals: 2, minGeneralPractitioners: 2, minParamedical: 1, pharmacistCountsAsParamedical: false },
      CPTS: { minHealthProfessionals: 0, minGeneralPractitioners: 0, minParamedical: 0, pharmacistCountsAsParamedical: false },
      CDS: { minHealthProfessionals: 0, minGeneralPractitioners: 1, minParamedical: 0, pharmacistCountsAsParamedical: false },
    },
    templates: { ...defaultTemplates, minutesClosing: 'La séance est levée. Le président remercie les membres.' },
    organisations: [...defaultOrganisations, { name: 'URPS sages-femmes', voice: 'advisory' }],
  });
  await r.call('grid.update', { grid: ownGrid() });
  await r.call('members.save', { member: { civility: 'Mme', firstName: 'Claire', lastName: 'Vandenberghe', organisation: 'ARS' } });
  await r.call('members.save', { member: { firstName: 'Paul', lastName: 'Durand', organisation: 'CPAM du Nord', voice: 'advisory' } });
}

/** What two installations should share: every section but the export's own date. */
const comparable = (file: Record<string, unknown>) => ({ ...file, exportedAt: undefined });

describe('the configuration file', () => {
  it('is exported, changed, imported on a fresh database after a preview of each difference, and exported again alike', async () => {
    const a = await runtime();
    await configured(a);
    const exported = decoded(await a.call('config.export', { personalData: true }));
    expect(exported).toMatchObject({ format: 'commission-configuration', schemaVersion: 1, personalData: true });
    // Changed by hand between the two installations.
    (exported.grants as { defaultStartupGrant: number }).defaultStartupGrant = 18_000;

    const b = await runtime();
    const preview = await b.call('config.preview', upload(exported));
    const bySection = Object.fromEntries(preview.sections.map((s) => [s.section, s.differences]));
    expect(bySection.grants).toEqual([
      { path: 'defaultStartupGrant', before: '20000', after: '18000' },
      { path: 'ceiling', before: '50000', after: '40000' },
    ]);
    expect(bySection.identity).toContainEqual({ path: '(tout)', before: 'null', after: expect.stringContaining('Hauts-de-France') });
    expect(bySection.templates).toEqual([{ path: 'minutesClosing', before: defaultTemplates.minutesClosing, after: 'La séance est levée. Le président remercie les membres.' }]);
    expect(bySection.grid).toContainEqual({ path: 'thresholds.favorable', before: '60', after: '65' });
    expect(bySection.members).toContainEqual({ path: 'Paul Durand', before: null, after: expect.stringContaining('CPAM du Nord') });
    expect(bySection.sessionRules).toEqual([]);
    expect(bySection.organisations).toEqual([{ path: '9', before: null, after: '{"name":"URPS sages-femmes","voice":"advisory"}' }]);
    // A preview writes nothing.
    expect((await b.call('settings.get', {})).identity).toBeNull();

    const applied = await b.call('config.import', upload(exported));
    expect(applied).toEqual(preview);
    expect((await b.call('grid.get', {})).version).toBe(1);
    expect((await b.call('members.list', {})).map((m) => m.lastName)).toEqual(['Durand', 'Vandenberghe']);
    const again = decoded(await b.call('config.export', { personalData: true }));
    expect(comparable(again)).toEqual(comparable(exported));
    // Importing it twice changes nothing more.
    expect((await b.call('config.import', upload(exported))).sections.every((s) => s.differences.length === 0)).toBe(true);
    expect((await b.call('grid.get', {})).version).toBe(1);
    const audit = await b.call('audit.list', { entityType: 'config' });
    expect(audit).toHaveLength(2);
  });

  it('leaves the names of people out unless asked, and an import keeps the installation’s own', async () => {
    const a = await runtime();
    await configured(a);
    const file = decoded(await a.call('config.export', { personalData: false }));
    const text = JSON.stringify(file);
    for (const name of ['Vandenberghe', 'Durand', 'Gilardi', 'Martin', 'Julie Caron', 'Marc Dufour']) expect(text).not.toContain(name);
    expect(file.members).toBeUndefined();
    expect(text).toContain('tribunal administratif de Lille');

    // A fresh installation has no names to keep: refused, naming the fields.
    const fresh = await runtime();
    const refused = await fresh.refuse('config.import', upload(file));
    expect(refused.code).toBe('VALIDATION');
    expect(refused.details?.map((d) => d.field)).toEqual(
      expect.arrayContaining(['identity.signatory.firstName', 'identity.directorGeneral.lastName']),
    );
    expect(refused.message).toMatch(/exporté sans les données personnelles/);

    // One with its own signatory keeps it.
    const b = await runtime();
    await b.call('settings.update', {
      identity: sampleIdentity({ signatory: { civility: 'M.', firstName: 'Louis', lastName: 'Petit', title: 'Directeur', byDelegation: true } }),
    });
    const preview = await b.call('config.preview', upload(file));
    const identity = preview.sections.find((s) => s.section === 'identity')!.differences;
    expect(identity.map((d) => d.path)).toEqual(['signatory.civility', 'signatory.title']);
    await b.call('config.import', upload(file));
    const { signatory } = (await b.call('settings.get', {})).identity!;
    expect(signatory).toMatchObject({ firstName: 'Louis', lastName: 'Petit', civility: 'Mme' });
    expect(await b.call('members.list', {})).toEqual([]);
  });

  it('refuses a newer schema, and content that fails validation naming the field, writing nothing', async () => {
    const a = await runtime();
    await configured(a);
    const file = decoded(await a.call('config.export', { personalData: true }));
    const b = await runtime();
    const audit = async () => (await b.call('audit.list', { limit: 1000 })).length;
    const before = await audit();

    const newer = await b.refuse('config.import', upload({ ...file, schemaVersion: 2, somethingNew: true }, 'autre.json'));
    expect(newer.message).toBe(
      '« autre.json » suit le schéma de configuration n° 2, plus récent que celui que lit cette version de Commission (n° 1) : mettez Commission à jour pour l\'importer.',
    );
    const identity = { ...(file.identity as object), address: { street: '1 rue X', postalCode: '5977', city: 'Lille' } };
    const invalid = await b.refuse('config.preview', upload({ ...file, identity }));
    expect(invalid.details).toEqual([{ field: 'identity.address.postalCode', message: 'Le code postal doit comporter 5 chiffres.' }]);
    const grid = structuredClone(file.grid as ScoringGrid);
    grid.thresholds.reservations = 90;
    expect((await b.refuse('config.import', upload({ ...file, grid }))).details?.[0]?.field).toBe('grid.thresholds.reservations');
    expect((await b.refuse('config.import', { fileName: 'x.json', contentBase64: Buffer.from('{ pas du JSON').toString('base64') })).message).toMatch(
      /^« x\.json » n'est pas un fichier JSON lisible/,
    );
    expect((await b.refuse('config.import', upload({ hello: 1 }))).details?.[0]?.field).toBe('format');
    expect(await audit()).toBe(before);
    expect((await b.call('settings.get', {})).identity).toBeNull();
  });

  it('from the command line: grid, config export and config import --dry-run', async () => {
    const root = resolve(__dirname, '../..');
    const r = await runtime();
    await configured(r);
    await r.close();
    const db = join(r.dir, 'commission.sqlite');
    const cli = (...args: string[]) => spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'cli/main.ts'), '--db', ...args], { cwd: root, encoding: 'utf8' });
    const grid = cli(db, 'grid');
    expect(grid.status).toBe(0);
    expect(JSON.parse(grid.stdout)).toMatchObject({ version: 1, grid: { thresholds: { favorable: 65 } } });

    const out = join(tempDir(), 'conf.json');
    expect(cli(db, 'config', 'export', '--personal', '--out', out).status).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ personalData: true, members: [{ lastName: 'Durand' }, { lastName: 'Vandenberghe' }] });

    const other = join(tempDir(), 'other.sqlite');
    const dry = cli(other, 'config', 'import', out, '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stderr).toContain('Aide au démarrage : 2 différences');
    expect(cli(other, 'grid').stdout).toMatch(/"version": 0/);
    writeFileSync(out, JSON.stringify({ ...JSON.parse(readFileSync(out, 'utf8')), schemaVersion: 9 }));
    const newer = cli(other, 'config', 'import', out, '--dry-run');
    expect(newer.status).toBe(1);
    expect(newer.stderr).toMatch(/schéma de configuration n° 9/);
  });

  it('refuses an organisation listed twice, naming the row', async () => {
    const r = await runtime();
    const error = await r.refuse('settings.update', {
      organisations: [
        { name: 'ARS', voice: 'deliberative' },
        { name: 'ars', voice: 'advisory' },
      ],
    });
    expect(error.details).toEqual([{ field: 'organisations.1.name', message: "L'organisme « ars » figure deux fois." }]);
    expect((await r.call('settings.get', {})).organisations).toEqual(defaultOrganisations);
  });
});
