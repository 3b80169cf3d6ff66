import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations';
import { caseOfficerFor, defaultSettings, identityGaps, type Identity } from '../../shared/settings';
import { sampleIdentity } from '../support/fixtures';
import { useRuntime } from '../support/runtime';

const runtime = useRuntime();

describe('settings service', () => {
  it('starts with no identity and the default start-up grant', async () => {
    const r = await runtime();
    const { versions, ...settings } = await r.call('settings.get', {});
    expect(settings).toEqual(defaultSettings);
    // Nothing saved yet: every section is at version 0.
    expect(Object.values(versions)).toEqual(Object.keys(defaultSettings).map(() => 0));
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

  it('reads an identity saved before the civilities, the appeal court and the case officers, with their defaults', async () => {
    const r = await runtime();
    // As JSON, the undefined sections are left out.
    const old = {
      ...sampleIdentity(),
      appeal: undefined,
      caseOfficer: undefined,
      directorGeneral: { firstName: 'Hugo', lastName: 'Gilardi', title: 'Directeur général' },
      signatory: { firstName: 'Claire', lastName: 'Martin', title: "Directrice de l'offre de soins", byDelegation: true },
      departments: [{ code: '59', email: 'ars-hdf-dt59@ars.sante.fr' }],
    };
    await r.query('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)', ['identity', JSON.stringify(old), 'x']);
    const read = (await r.call('settings.get', {})).identity!;
    expect(read).toMatchObject({
      directorGeneral: { civility: '', lastName: 'Gilardi' },
      signatory: { civility: '', lastName: 'Martin', byDelegation: true },
      appeal: { court: '', distanceDelay: 'none' },
      caseOfficer: { name: '', email: '', phone: '' },
      departments: [{ code: '59', email: 'ars-hdf-dt59@ars.sante.fr', officerName: '', phone: '' }],
    });
    expect(identityGaps(read).map((gap) => gap.field)).toEqual([
      'identity.directorGeneral.civility',
      'identity.signatory.civility',
      'identity.appeal.court',
    ]);

    // Saved again as read, it is refused until the civilities and the court are given.
    const error = await r.refuse('settings.update', { identity: read as never });
    expect(error.details).toEqual([
      { field: 'identity.directorGeneral.civility', message: 'La civilité du directeur général est obligatoire.' },
      { field: 'identity.signatory.civility', message: 'La civilité du signataire est obligatoire.' },
      { field: 'identity.appeal.court', message: 'Le tribunal administratif compétent pour les recours est obligatoire.' },
    ]);
    expect(await r.call('audit.list', {})).toEqual([]);
    const completed = {
      ...read,
      directorGeneral: { ...read.directorGeneral, civility: 'M.' as const },
      signatory: { ...read.signatory, civility: 'Mme' as const },
      appeal: { court: 'tribunal administratif de Lille', distanceDelay: 'none' as const },
    };
    const saved = (await r.call('settings.update', { identity: completed })).identity!;
    expect(identityGaps(saved)).toEqual([]);
  });

  it('refuses an identity without the civilities and the court, and checks the new fields in French', async () => {
    const r = await runtime();
    const error = await r.refuse('settings.update', {
      identity: {
        ...sampleIdentity(),
        appeal: undefined,
        directorGeneral: { firstName: 'Hugo', lastName: 'Gilardi', title: 'Directeur général' } as never,
        signatory: { civility: 'Dr' as never, firstName: 'Claire', lastName: 'Martin', title: 'Directrice', byDelegation: true },
        caseOfficer: { name: 'x'.repeat(101), email: 'julie.caron', phone: 'bientôt' },
        departments: [{ code: '59', email: 'nord@ars.sante.fr', officerName: 'Marc Dufour', phone: 'standard' }],
      },
    });
    expect(error.details).toEqual([
      { field: 'identity.directorGeneral.civility', message: 'La civilité du directeur général est obligatoire.' },
      { field: 'identity.signatory.civility', message: 'La civilité du signataire doit être « Mme » ou « M. ».' },
      { field: 'identity.appeal.court', message: 'Le tribunal administratif compétent pour les recours est obligatoire.' },
      {
        field: 'identity.caseOfficer.name',
        message: 'Le nom de la personne qui suit les dossiers ne doit pas dépasser 100 caractères.',
      },
      {
        field: 'identity.caseOfficer.email',
        message: "Le courriel de la personne qui suit les dossiers n'est pas une adresse électronique valide.",
      },
      { field: 'identity.caseOfficer.phone', message: "Le téléphone de la personne qui suit les dossiers n'est pas un numéro valide." },
      { field: 'identity.departments.0.phone', message: "Le téléphone de contact du département n'est pas un numéro valide." },
    ]);
    const distance = await r.refuse('settings.update', {
      identity: sampleIdentity({ appeal: { court: 'tribunal administratif de Lille', distanceDelay: 'outre-mer' as never } }),
    });
    expect(distance.details).toEqual([
      { field: 'identity.appeal.distanceDelay', message: 'Le délai de distance doit être « none » (aucun) ou « overseas » (outre-mer).' },
    ]);
    expect(await r.call('settings.get', {})).toMatchObject({ identity: null });
  });

  it('saves the appeal court, its distance delays and the case officers', async () => {
    const r = await runtime();
    const identity = sampleIdentity({
      regionCode: '02',
      appeal: { court: 'tribunal administratif de la Martinique', distanceDelay: 'overseas' },
      departments: [{ code: '972', email: 'ars-martinique-dd@ars.sante.fr', officerName: 'Line Joseph', phone: '0596 39 44 00' }],
    });
    const saved = (await r.call('settings.update', { identity })).identity;
    expect(saved).toEqual(identity);
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
      dataDir: r.dataDir,
      attachmentsDir: join(r.dataDir, 'pieces'),
      documentsDir: join(r.dataDir, 'documents'),
    });
  });
});

describe('caseOfficerFor', () => {
  const identity = (changes: Partial<Identity> = {}): Identity => ({
    regionCode: '32',
    agencyName: 'Agence régionale de santé Hauts-de-France',
    direction: "Direction de l'offre de soins",
    unit: '',
    address: { street: '556 avenue Willy Brandt', postalCode: '59777', city: 'Euralille' },
    phone: '03 62 72 77 00',
    email: 'ars-hdf@ars.sante.fr',
    directorGeneral: { civility: 'M.', firstName: 'Hugo', lastName: 'Gilardi', title: 'Directeur général' },
    signatory: { civility: 'Mme', firstName: 'Claire', lastName: 'Martin', title: 'Directrice', byDelegation: true },
    appeal: { court: 'tribunal administratif de Lille', distanceDelay: 'none' },
    caseOfficer: { name: 'Julie Caron', email: '', phone: '' },
    departments: [
      { code: '59', email: 'nord@ars.sante.fr', officerName: 'Marc Dufour', phone: '' },
      { code: '62', email: 'pas-de-calais@ars.sante.fr', officerName: '', phone: '03 21 00 00 62' },
    ],
    ...changes,
  });

  it("names the département's officer, with the département's address and else the agency's phone", () => {
    expect(caseOfficerFor(identity(), '59')).toEqual({ name: 'Marc Dufour', email: 'nord@ars.sante.fr', phone: '03 62 72 77 00' });
  });

  it("else the agency's officer, completed by the département's contact, then the agency's", () => {
    expect(caseOfficerFor(identity(), '62')).toEqual({
      name: 'Julie Caron',
      email: 'pas-de-calais@ars.sante.fr',
      phone: '03 21 00 00 62',
    });
    expect(caseOfficerFor(identity(), '80')).toEqual({ name: 'Julie Caron', email: 'ars-hdf@ars.sante.fr', phone: '03 62 72 77 00' });
    const own = identity({ caseOfficer: { name: 'Julie Caron', email: 'julie.caron@ars.sante.fr', phone: '03 62 72 78 00' } });
    expect(caseOfficerFor(own, '62')).toEqual({ name: 'Julie Caron', email: 'julie.caron@ars.sante.fr', phone: '03 62 72 78 00' });
  });

  it('is null when nobody is named', () => {
    expect(caseOfficerFor(identity({ caseOfficer: { name: '', email: 'x@ars.sante.fr', phone: '' } }), '62')).toBeNull();
  });
});
