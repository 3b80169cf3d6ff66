import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../shared/contract';
import type { DossierInput } from '../../shared/dossier';
import { sample, sampleIdentity, sampleUpload } from '../support/fixtures';
import { useRuntime, type TestRuntime } from '../support/runtime';

const runtime = useRuntime();
const XLSX = 'demarches-simplifiees/hdf-dossiers-export.xlsx';
const CSV = 'demarches-simplifiees/hdf-dossiers-export.csv';

function upload(fileName: string, text: string) {
  return { fileName, contentBase64: Buffer.from(text, 'utf8').toString('base64') };
}

/** Row counts of every table an import writes, to prove a refused file wrote nothing. */
function tableCounts(r: TestRuntime) {
  const sqlite = new SQLite(r.databasePath, { readonly: true });
  try {
    return Object.fromEntries(
      ['dossiers', 'professionals', 'audit_log', 'import_batches'].map((t) => [
        t,
        sqlite.prepare(`SELECT count(*) FROM ${t}`).pluck().get(),
      ]),
    );
  } finally {
    sqlite.close();
  }
}

const manual: DossierInput = {
  structureType: 'ESP',
  name: 'ESP des Trois-Rivières',
  communeCode: '59392',
  communeName: 'Maubeuge',
  legalEntity: { form: 'Association loi 1901', siret: '', rna: '' },
  grant: { requested: 20000, engineering: 10000, it: 6000, furniture: 4000 },
  professionals: [
    { lastName: 'Martin', firstName: 'Léa', profession: 'Médecin généraliste', identifier: '10632188842' },
    { lastName: 'Petit', firstName: 'Jules', profession: 'Kiné' },
  ],
};

describe('import of Démarches Simplifiées exports', () => {
  it('creates the dossiers of the XLSX export with their professionals and verdicts', async () => {
    const r = await runtime();
    const summary = await r.call('import.run', sampleUpload(XLSX));
    expect(summary).toMatchObject({ created: 6, updated: 0, unchanged: 0 });
    const { total, rows } = await r.call('dossiers.list', { sort: { field: 'dsNumber', direction: 'asc' } });
    expect(total).toBe(6);
    expect(rows.map((d) => [d.dsNumber, d.eligible])).toEqual([
      [24001101, true],
      [24001102, true],
      [24001103, false],
      [24001104, true],
      [24001105, true],
      [24001106, false],
    ]);
    expect(tableCounts(r)).toMatchObject({ professionals: 26, import_batches: 1 });
    const chauny = await r.call('dossiers.get', { dsNumber: 24001103 });
    expect(chauny.status).toBe('received');
    expect(chauny.eligibility.results.find((x) => x.rule === 'composition')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/aucun médecin généraliste.*Psychologue/s),
    });
  });

  it('updates, never duplicates, on a second import, and keeps what the file does not carry', async () => {
    const r = await runtime();
    await r.call('import.run', sampleUpload(XLSX));
    const again = await r.call('import.run', sampleUpload(XLSX));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    // The CSV export has no professionals sheet: they stay.
    expect(await r.call('import.run', sampleUpload(CSV))).toMatchObject({ unchanged: 6 });
    expect(tableCounts(r)).toMatchObject({ dossiers: 6, professionals: 26 });

    const edited = sample(CSV).toString('utf8').replace('ESP du Santerre', 'ESP du Grand Santerre').replace('20000.0,10000.0', '22000.0,12000.0');
    const preview = await r.call('import.preview', upload('export.csv', edited));
    expect(preview.changes.filter((c) => c.action === 'update')).toEqual([
      { line: 7, dsNumber: 24001105, name: 'ESP du Grand Santerre', action: 'update', fields: ['name', 'grant.requested', 'grant.engineering'] },
    ]);
    const team = (await r.call('dossiers.get', { dsNumber: 24001105 })).data.professionals;
    await r.call('import.run', upload('export.csv', edited));
    const santerre = await r.call('dossiers.get', { dsNumber: 24001105 });
    expect(santerre.data).toMatchObject({ name: 'ESP du Grand Santerre', grant: { requested: 22000, engineering: 12000 } });
    expect(santerre.data.professionals).toEqual(team);
    expect(team.length).toBeGreaterThan(0);
    const [audit] = await r.call('audit.list', { entityType: 'dossier', entityId: String(santerre.id) });
    expect(audit).toMatchObject({ action: 'import.update', before: { name: 'ESP du Santerre' }, after: { name: 'ESP du Grand Santerre' } });
  });

  it('imports the legal representative where the file has its columns, and keeps it from one without', async () => {
    const r = await runtime();
    const csv = (header: string[], row: string[]) => upload('export.csv', `${header.join(';')}\n${row.join(';')}\n`);
    const head = ['ID', 'Type de structure', 'Nom de l’équipe ou de la structure'];
    await r.call(
      'import.run',
      csv(
        [...head, 'Représentant légal - Civilité', 'Représentant légal - Prénom', 'Représentant légal - Nom', 'Qualité du représentant légal'],
        ['501', 'MSP', 'MSP des Hauts', 'Madame', 'Inès', 'Morel', 'gérante de la SISA'],
      ),
    );
    const representative = async () => (await r.call('dossiers.get', { dsNumber: 501 })).data.legalEntity.representative;
    expect(await representative()).toEqual({ civility: 'Mme', firstName: 'Inès', lastName: 'Morel', capacity: 'gérante de la SISA' });

    const renamed = csv(head, ['501', 'MSP', 'MSP des Hauts-de-Sambre']);
    expect((await r.call('import.preview', renamed)).changes).toMatchObject([{ action: 'update', fields: ['name'] }]);
    await r.call('import.run', renamed);
    expect(await representative()).toEqual({ civility: 'Mme', firstName: 'Inès', lastName: 'Morel', capacity: 'gérante de la SISA' });

    // A file with one of the columns changes that field only.
    const surname = csv([...head, 'Nom du représentant légal'], ['501', 'MSP', 'MSP des Hauts-de-Sambre', 'Morel-Dupont']);
    expect((await r.call('import.preview', surname)).changes).toMatchObject([
      { action: 'update', fields: ['legalEntity.representative.lastName'] },
    ]);
    await r.call('import.run', surname);
    expect(await representative()).toEqual({ civility: 'Mme', firstName: 'Inès', lastName: 'Morel-Dupont', capacity: 'gérante de la SISA' });

    const error = await r.refuse('import.run', csv([...head, 'Civilité du représentant légal'], ['502', 'ESP', 'ESP du Bourg', 'Docteur']));
    expect(error.details).toEqual([
      expect.objectContaining({ line: 2, column: 'Civilité du représentant légal', field: 'legalEntity.representative.civility' }),
    ]);
  });

  it('refuses a file with problems whole, naming line, column and field, and writes nothing', async () => {
    const r = await runtime();
    await r.call('import.run', sampleUpload(XLSX));
    const before = tableCounts(r);
    const broken = sample(CSV)
      .toString('utf8')
      .replace('Équipe de soins primaires (ESP),ESP de Thiérache', 'Cabinet de groupe,ESP de Thiérache')
      .replace('ESP du Santerre', 'ESP du Grand Santerre');
    const error = await r.refuse('import.run', upload('export.csv', broken));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/^Le fichier « export\.csv » est refusé : 1 problème à corriger\. Rien n'a été importé\.$/);
    expect(error.details).toEqual([
      expect.objectContaining({ line: 2, column: 'Type de structure', field: 'structureType', message: expect.stringMatching(/\S/) }),
    ]);
    expect(tableCounts(r)).toEqual(before);
    expect((await r.call('dossiers.get', { dsNumber: 24001105 })).data.name).toBe('ESP du Santerre');
  });

  it('explains an empty, truncated or binary file in French', async () => {
    const r = await runtime();
    const truncated = sample(XLSX).subarray(0, 4000);
    for (const file of [
      { fileName: 'vide.csv', contentBase64: '' },
      { fileName: 'coupé.xlsx', contentBase64: truncated.toString('base64') },
      { fileName: 'image.csv', contentBase64: Buffer.from([0, 1, 2, 255, 0, 7, 8, 0, 0, 1]).toString('base64') },
    ]) {
      const error = await r.refuse('import.run', file);
      expect(error.code).toBe('VALIDATION');
      expect(error.message).toMatch(/[éèà]|fichier/i);
    }
    expect(tableCounts(r)).toMatchObject({ dossiers: 0, import_batches: 0 });
  });

  it('imports the API JSON and, with a saved mapping, another form', async () => {
    const r = await runtime();
    expect(await r.call('import.run', sampleUpload('demarches-simplifiees/dossier-graphql.json'))).toMatchObject({ created: 1 });
    const standard = (await r.call('import.mappings.list', {}))[0]!.mapping;
    const renamed = upload('renomme.csv', sample(CSV).toString('utf8').replace('Nom de l’équipe ou de la structure', 'Intitulé du projet'));
    const preview = await r.call('import.preview', renamed);
    expect(preview.problems.map((p) => p.field)).toContain('name');
    await r.call('import.mappings.save', {
      mapping: { ...standard, name: 'Formulaire HDF 2026', dossier: { ...standard.dossier, name: ['Intitulé du projet'] } },
    });
    expect(await r.call('import.run', { ...renamed, mappingName: 'Formulaire HDF 2026' })).toMatchObject({ created: 6 });
    expect((await r.refuse('import.run', { ...renamed, mappingName: 'Inconnue' })).code).toBe('NOT_FOUND');
  });
});

describe('what the import preview flags', () => {
  const own = (name: string) => readFileSync(resolve(__dirname, '../fixtures/import', name));
  const ownUpload = (name: string) => ({ fileName: name, contentBase64: own(name).toString('base64') });
  const declaredWarnings = (preview: ImportPreview) =>
    preview.warnings.filter((w) => w.field === 'project.declaredProfessionals');

  it('reads the professionals of a sheet named as DS names it, and lists the sheets it ignores', async () => {
    const r = await runtime();
    for (const name of ['hdf-ds-sheet-names.xlsx', 'hdf-ds-sheet-names.ods']) {
      expect(await r.call('import.preview', ownUpload(name))).toMatchObject({
        dossierCount: 6,
        professionalCount: 26,
        problems: [],
        warnings: [],
        ignoredSheets: ['Etablissements', '(4410031) Locaux et equipements'],
      });
    }
  });

  it('warns, in the preview and on the dossier, of professionals declared while none were read', async () => {
    const r = await runtime();
    const preview = await r.call('import.preview', ownUpload('hdf-unreadable-block.xlsx'));
    expect(preview).toMatchObject({ problems: [], ignoredSheets: ['(4410027) Professionnels de s'], professionalCount: 0 });
    expect(preview.warnings.filter((w) => w.sheet === '(4410027) Professionnels de s')).toMatchObject([
      { line: 1, field: null, message: expect.stringMatching(/ses colonnes ne sont pas celles d'un bloc répétable/) },
    ]);
    const declared = declaredWarnings(preview);
    expect(declared.map((w) => w.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(declared[0]).toEqual({
      line: 2,
      sheet: 'Dossiers',
      column: 'Nombre de professionnels de santé impliqués',
      field: 'project.declaredProfessionals',
      message:
        "Feuille « Dossiers », ligne 2, colonne « Nombre de professionnels de santé impliqués » (Nombre de professionnels déclarés) : 5 professionnels déclarés, mais aucun n'a été lu : aucune feuille du classeur n'est reconnue comme la liste des professionnels (feuilles ignorées : « (4410027) Professionnels de s »). Le dossier sera importé sans son équipe, dont la composition ne pourra pas être vérifiée.",
    });

    // Warnings do not refuse the file; the dossier says what is missing.
    expect(await r.call('import.run', ownUpload('hdf-unreadable-block.xlsx'))).toMatchObject({ created: 6 });
    const declaredRule = async () =>
      (await r.call('dossiers.get', { dsNumber: 24001101 })).eligibility.results.find((x) => x.rule === 'declared_count');
    expect(await declaredRule()).toMatchObject({
      status: 'warning',
      field: 'professionals',
      message: expect.stringMatching(/^5 professionnels déclarés, mais aucun n'est listé : la liste des professionnels n'a pas été importée/),
    });

    // The CSV export carries no professionals: said of the dossiers that have none.
    expect(declaredWarnings(await r.call('import.preview', sampleUpload(CSV)))[0]?.message).toMatch(
      /aucun n'a été lu : l'export CSV ne contient pas la liste des professionnels/,
    );
    await r.call('import.run', ownUpload('hdf-ds-sheet-names.xlsx'));
    expect(await declaredRule()).toMatchObject({ status: 'pass' });
    // Once they are stored, a CSV that keeps them has nothing to say.
    expect(declaredWarnings(await r.call('import.preview', sampleUpload(CSV)))).toEqual([]);
  });

  it("flags a commune outside the agency's région, once the région is known", async () => {
    const r = await runtime();
    const head = 'ID;Type de structure;Nom de l’équipe ou de la structure;Commune d’implantation (Code INSEE)';
    const file = upload('communes.csv', `${head}\n501;ESP;ESP de Maurienne;73248\n502;ESP;ESP de Hirson;02381\n`);
    expect((await r.call('import.preview', file)).warnings.filter((w) => w.field === 'communeCode')).toEqual([]);
    await r.call('settings.update', { identity: sampleIdentity() });
    const preview = await r.call('import.preview', file);
    expect(preview.warnings.filter((w) => w.field === 'communeCode')).toEqual([
      {
        line: 2,
        sheet: null,
        column: 'Commune d’implantation (Code INSEE)',
        field: 'communeCode',
        message:
          "Ligne 2, colonne « Commune d’implantation (Code INSEE) » (Code INSEE de la commune) : Saint-Jean-de-Maurienne (73) est dans la région Auvergne-Rhône-Alpes (84), pas dans celle de l'agence, Hauts-de-France (32) : le dossier sera importé, mais son contrôle d'éligibilité sera bloquant.",
      },
    ]);
    expect(preview.problems).toEqual([]);
    expect(await r.call('import.run', file)).toMatchObject({ created: 2 });
  });

  it('refuses a file with headers and no row, a CSV cut inside its last record, and a DS number twice', async () => {
    const r = await runtime();
    const header = sample(CSV).toString('utf8').split('\n')[0]!;
    const headerOnly = upload('entetes.csv', `${header}\n`);
    expect((await r.call('import.preview', headerOnly)).problems).toEqual([
      { line: 1, column: null, field: null, sheet: null, message: "Le fichier ne contient aucun dossier : seulement la ligne d'en-têtes." },
    ]);
    expect((await r.refuse('import.run', headerOnly)).details).toEqual([
      { line: 1, field: '(fichier)', message: "Le fichier ne contient aucun dossier : seulement la ligne d'en-têtes." },
    ]);

    const text = sample(CSV).toString('utf8');
    const cut = upload('coupe.csv', text.slice(0, text.indexOf('Accès aux soins non programmés')));
    expect((await r.refuse('import.run', cut)).message).toMatch(/le texte entre guillemets commencé ligne 3 n'est jamais refermé/);

    const twice = upload('doublon.csv', text.replace('24001104,', '24001102,'));
    expect((await r.refuse('import.run', twice)).details).toEqual([
      expect.objectContaining({ line: 6, field: 'dsNumber', message: expect.stringMatching(/n° 24001102 figure déjà ligne 4/) }),
    ]);
    expect(tableCounts(r)).toMatchObject({ dossiers: 0, import_batches: 0 });
  });
});

describe('dossiers entered by hand', () => {
  it('creates, validates with the same rules, edits and audits a dossier', async () => {
    const r = await runtime();
    const bad = await r.refuse('dossiers.create', { data: { ...manual, name: ' ', grant: { ...manual.grant, it: -1 } } });
    expect(bad.details?.map((d) => d.field)).toEqual(['data.name', 'data.grant.it']);
    expect(tableCounts(r).dossiers).toBe(0);

    const created = await r.call('dossiers.create', { data: manual });
    expect(created.eligibility.results.find((x) => x.rule === 'composition')?.status).toBe('pass');
    const updated = await r.call('dossiers.update', { id: created.id, data: { ...manual, name: 'ESP des Quatre-Rivières' } });
    expect(updated.data.name).toBe('ESP des Quatre-Rivières');
    const history = await r.call('audit.list', { entityType: 'dossier', entityId: String(created.id) });
    expect(history.map((h) => h.action)).toEqual(['update', 'create']);
    expect((await r.refuse('dossiers.update', { id: 999, data: manual })).code).toBe('NOT_FOUND');
  });

  it('keeps the legal representative of a dossier, checked like the rest; one entered without it has an empty one', async () => {
    const r = await runtime();
    const { id, data } = await r.call('dossiers.create', { data: manual });
    expect(data.legalEntity.representative).toEqual({ civility: '', firstName: '', lastName: '', capacity: '' });
    const representative = { civility: 'M.' as const, firstName: 'Paul', lastName: 'Roussel', capacity: "président de l'association" };
    const legalEntity = { ...manual.legalEntity, representative };
    expect((await r.call('dossiers.update', { id, data: { ...manual, legalEntity } })).data.legalEntity.representative).toEqual(
      representative,
    );
    const bad = await r.refuse('dossiers.update', {
      id,
      data: { ...manual, legalEntity: { ...legalEntity, representative: { ...representative, civility: 'Dr' as never, capacity: 'x'.repeat(201) } } },
    });
    expect(bad.details).toEqual([
      { field: 'data.legalEntity.representative.civility', message: 'La civilité du représentant légal doit être « Mme » ou « M. ».' },
      { field: 'data.legalEntity.representative.capacity', message: 'La qualité du représentant légal ne doit pas dépasser 200 caractères.' },
    ]);
    expect((await r.call('dossiers.get', { id })).data.legalEntity.representative).toEqual(representative);
  });

  it('keeps a Démarches Simplifiées number unique', async () => {
    const r = await runtime();
    await r.call('import.run', sampleUpload(XLSX));
    const error = await r.refuse('dossiers.create', { data: { ...manual, dsNumber: 24001101 } });
    expect(error).toMatchObject({ code: 'CONFLICT', details: [{ field: 'data.dsNumber' }] });
  });

  it('lists with accent-insensitive search, filters and sorting', async () => {
    const r = await runtime();
    await r.call('import.run', sampleUpload(XLSX));
    const names = async (input: Parameters<TestRuntime['call']>[1]) =>
      (await r.call('dossiers.list', input as never)).rows.map((d) => d.name);
    expect(await names({ search: 'thierache' })).toEqual(['ESP de Thiérache']);
    expect(await names({ search: '24001102' })).toEqual(['MSP Val de Sambre']);
    expect(await names({ structureTypes: ['MSP'], sort: { field: 'name', direction: 'asc' } })).toEqual([
      'MSP de Lens Nord',
      'MSP Val de Sambre',
    ]);
    expect(await names({ eligibility: 'ineligible', sort: { field: 'dsNumber', direction: 'asc' } })).toEqual([
      'ESP Chauny Centre',
      'MSP de Lens Nord',
    ]);
    expect(await names({ departmentCodes: ['80'], statuses: ['complete'] })).toHaveLength(2);
    expect(await names({ search: '50%_' })).toEqual([]);
    const page = await r.call('dossiers.list', { limit: 2, offset: 4, sort: { field: 'dsNumber', direction: 'asc' } });
    expect(page).toMatchObject({ total: 6, rows: [{ dsNumber: 24001105 }, { dsNumber: 24001106 }] });
    expect(await r.call('dossiers.list', { search: 'esp', offset: 100 })).toEqual({ total: 3, rows: [] });
    expect((await r.call('dossiers.list', { search: 'esp', limit: 1 })).total).toBe(3);
  });
});

describe('documents and reference data', () => {
  it('keeps a copy of an attached document, opens it, and removes it', async () => {
    const r = await runtime();
    await r.call('import.run', sampleUpload(XLSX));
    const { id } = await r.call('dossiers.get', { dsNumber: 24001101 });
    const pdf = Buffer.from('%PDF-1.4\n% projet de santé signé\n');
    const attachment = await r.call('attachments.add', {
      dossierId: id,
      kind: 'health_project_signed',
      fileName: 'Projet de santé signé.pdf',
      contentBase64: pdf.toString('base64'),
    });
    expect(attachment).toMatchObject({ originalName: 'Projet de santé signé.pdf', size: pdf.length, addedBy: 'secretariat' });
    const detail = await r.call('dossiers.get', { id });
    expect(detail.attachments).toHaveLength(1);
    expect(detail.eligibility.results.find((x) => x.rule === 'health_project')?.status).toBe('pass');

    const { path, opened } = await r.call('attachments.open', { id: attachment.id });
    expect(opened).toBe(true);
    expect(r.opened).toEqual([path]);
    expect(path.startsWith(r.dir)).toBe(true);
    expect(readFileSync(path)).toEqual(pdf);

    await r.call('attachments.remove', { id: attachment.id });
    expect(existsSync(path)).toBe(false);
    expect((await r.call('dossiers.get', { id })).eligibility.results.find((x) => x.rule === 'health_project')?.status).toBe('warning');
    expect((await r.refuse('attachments.open', { id: attachment.id })).code).toBe('NOT_FOUND');
  });

  it('imports the ARS zoning table and shows it on the dossiers of its communes', async () => {
    const r = await runtime();
    await r.call('import.run', sampleUpload(XLSX));
    const counts = await r.call('zoning.import', sampleUpload('zonage/hdf-zonage-medecins.csv'));
    expect(counts.imported).toBe(counts.ZIP + counts.ZAC + counts.none);
    expect(counts.ZIP).toBeGreaterThan(0);
    const hirson = await r.call('dossiers.get', { dsNumber: 24001101 });
    expect(hirson.referenceZoning).toEqual({ communeCode: '02381', communeName: 'Hirson', zoning: 'ZIP', apl: 1.9 });
    const bad = await r.refuse('zoning.import', upload('zonage.csv', 'CODGEO;LIBGEO;ZONAGE_MG;APL_MG\n02381;Hirson;ZIP;beaucoup\n'));
    expect(bad.details?.[0]).toMatchObject({ line: 2, field: 'apl' });
    expect((await r.call('dossiers.get', { dsNumber: 24001101 })).referenceZoning?.apl).toBe(1.9);
  });

  it('judges the commune against the région of the agency', async () => {
    const r = await runtime();
    await r.call('settings.update', { identity: sampleIdentity() });
    await r.call('import.run', sampleUpload('demarches-simplifiees/dossier-graphql.json'));
    const [savoie] = (await r.call('eligibility.report', {}));
    expect(savoie?.eligibility.results.find((x) => x.rule === 'commune')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/Auvergne|région/),
    });
  });
});
