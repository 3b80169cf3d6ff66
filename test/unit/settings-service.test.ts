import { describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations';
import { defaultSettings } from '../../shared/settings';
import { sampleIdentity } from '../support/fixtures';
import { useRuntime } from '../support/runtime';

const runtime = useRuntime();

describe('settings service', () => {
  it('starts with no identity and the default start-up grant', async () => {
    const r = await runtime();
    expect(await r.call('settings.get', {})).toEqual(defaultSettings);
  });

  it('saves the identity, reads it back, and audits the change with before and after', async () => {
    const r = await runtime();
    const identity = sampleIdentity();
    await r.call('settings.update', { identity });
    expect(await r.call('settings.get', {})).toMatchObject({ identity });

    const changed = { ...identity, agencyName: 'ARS HDF' };
    await r.call('settings.update', { identity: changed, grants: { defaultStartupGrant: 25000 } });
    const audit = await r.call('audit.list', { entityType: 'settings' });
    expect(audit.map((a) => [a.entityId, a.action, a.actor])).toEqual([
      ['grants', 'update', 'secretariat'],
      ['identity', 'update', 'secretariat'],
      ['identity', 'create', 'secretariat'],
    ]);
    expect(audit[1]).toMatchObject({ before: { agencyName: identity.agencyName }, after: { agencyName: 'ARS HDF' } });
    expect(audit[2]).toMatchObject({ before: null, after: { regionCode: '32' } });
  });

  it('writes no audit entry when nothing changed', async () => {
    const r = await runtime();
    await r.call('settings.update', { identity: sampleIdentity() });
    await r.call('settings.update', { identity: sampleIdentity() });
    expect(await r.call('audit.list', {})).toHaveLength(1);
  });

  it('refuses a département outside the région, naming the row, and writes nothing', async () => {
    const r = await runtime();
    const result = await r.dispatch('settings.update', {
      grants: { defaultStartupGrant: 30000 },
      identity: sampleIdentity({ departments: [{ code: '59', email: 'a@b.fr' }, { code: '972', email: 'c@d.fr' }] }),
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        details: [
          {
            field: 'identity.departments.1.code',
            message: "Le département « 972 » n'appartient pas à la région Hauts-de-France.",
          },
        ],
      },
    });
    expect(await r.call('settings.get', {})).toMatchObject({ identity: null, grants: { defaultStartupGrant: 20000 } });
    expect(await r.call('audit.list', {})).toEqual([]);
  });

  it('judges every dossier again when the région or the composition rules change', async () => {
    const r = await runtime();
    const { id } = await r.call('dossiers.create', {
      data: {
        structureType: 'ESP',
        name: 'ESP test',
        communeCode: '02381',
        professionals: [
          { lastName: 'A', profession: 'Médecin généraliste' },
          { lastName: 'B', profession: 'Infirmière' },
        ],
      },
    });
    const commune = async () =>
      (await r.call('dossiers.get', { id })).eligibility.results.find((x) => x.rule === 'commune')?.status;
    expect(await commune()).toBe('warning');
    await r.call('settings.update', { identity: sampleIdentity({ regionCode: '02', departments: [] }) });
    expect(await commune()).toBe('fail');
    const [row] = (await r.call('dossiers.list', {})).rows;
    expect(row?.eligible).toBe(false);

    const rules = (await r.call('settings.get', {})).composition;
    await r.call('settings.update', {
      identity: sampleIdentity(),
      composition: { ...rules, ESP: { ...rules.ESP, minGeneralPractitioners: 2 } },
    });
    const composition = (await r.call('dossiers.get', { id })).eligibility.results.find((x) => x.rule === 'composition');
    expect(composition).toMatchObject({ status: 'fail', message: expect.stringMatching(/minimum 2/) });
  });

  it('refuses an unknown région', async () => {
    const r = await runtime();
    const result = await r.dispatch('settings.update', { identity: sampleIdentity({ regionCode: '99', departments: [] }) });
    expect(result).toMatchObject({ ok: false, error: { details: [{ field: 'identity.regionCode' }] } });
  });

  it('lists the régions with their départements', async () => {
    const r = await runtime();
    const regions = await r.call('reference.regions', {});
    expect(regions).toHaveLength(18);
    const martinique = regions.find((x) => x.code === '02');
    expect(martinique).toMatchObject({ name: 'Martinique', departments: [{ code: '972' }] });
    expect(regions.find((x) => x.code === '32')?.departments.map((d) => d.code)).toEqual(['02', '59', '60', '62', '80']);
  });

  it('tells its version and database', async () => {
    const r = await runtime();
    expect(await r.call('app.info', {})).toEqual({
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      databasePath: r.databasePath,
      schemaVersion: Object.keys(migrations).length,
    });
  });
});
