import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations';
import { startRuntime, type Runtime } from '../../services/runtime';
import { defaultSettings } from '../../shared/settings';
import { sampleIdentity } from '../support/fixtures';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();
const runtimes: Runtime[] = [];
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.close();
});

async function runtime(): Promise<Runtime> {
  const r = await startRuntime(join(tempDir(), 'commission.sqlite'), { actor: 'secretariat' });
  runtimes.push(r);
  return r;
}

async function value<T = unknown>(promise: Promise<{ ok: boolean; value?: unknown; error?: unknown }>) {
  const result = await promise;
  if (!result.ok) throw new Error(`échec inattendu : ${JSON.stringify(result.error)}`);
  return result.value as T;
}

describe('settings service', () => {
  it('starts with no identity and the default start-up grant', async () => {
    const r = await runtime();
    expect(await value(r.dispatch('settings.get', {}))).toEqual(defaultSettings);
  });

  it('saves the identity, reads it back, and audits the change with before and after', async () => {
    const r = await runtime();
    const identity = sampleIdentity();
    await value(r.dispatch('settings.update', { identity }));
    expect(await value(r.dispatch('settings.get', {}))).toMatchObject({ identity });

    const changed = { ...identity, agencyName: 'ARS HDF' };
    await value(r.dispatch('settings.update', { identity: changed, grants: { defaultStartupGrant: 25000 } }));
    const audit = await value<Array<Record<string, unknown>>>(r.dispatch('audit.list', { entityType: 'settings' }));
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
    await value(r.dispatch('settings.update', { identity: sampleIdentity() }));
    await value(r.dispatch('settings.update', { identity: sampleIdentity() }));
    expect(await value<unknown[]>(r.dispatch('audit.list', {}))).toHaveLength(1);
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
    expect(await value(r.dispatch('settings.get', {}))).toMatchObject({ identity: null, grants: { defaultStartupGrant: 20000 } });
    expect(await value<unknown[]>(r.dispatch('audit.list', {}))).toEqual([]);
  });

  it('refuses an unknown région', async () => {
    const r = await runtime();
    const result = await r.dispatch('settings.update', { identity: sampleIdentity({ regionCode: '99', departments: [] }) });
    expect(result).toMatchObject({ ok: false, error: { details: [{ field: 'identity.regionCode' }] } });
  });

  it('lists the régions with their départements', async () => {
    const r = await runtime();
    const regions = await value<Array<{ code: string; name: string; departments: Array<{ code: string }> }>>(
      r.dispatch('reference.regions', {}),
    );
    expect(regions).toHaveLength(18);
    const martinique = regions.find((x) => x.code === '02');
    expect(martinique).toMatchObject({ name: 'Martinique', departments: [{ code: '972' }] });
    expect(regions.find((x) => x.code === '32')?.departments.map((d) => d.code)).toEqual(['02', '59', '60', '62', '80']);
  });

  it('tells its version and database', async () => {
    const r = await runtime();
    expect(await value(r.dispatch('app.info', {}))).toEqual({
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      databasePath: r.databasePath,
      schemaVersion: Object.keys(migrations).length,
    });
  });
});
