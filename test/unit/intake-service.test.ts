import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../shared/contract';
import type { DossierInput } from '../../shared/dossier';
import { sample, sampleIdentity, sampleUpload } from '../support/fixtures';
import { giveOpinion } from '../support/opinion';
import { useRuntime, type TestRuntime } from '../support/runtime';

const runtime = useRuntime();
const XLSX = 'demarches-simplifiees/hdf-dossiers-export.xlsx';
const CSV = 'demarches-simplifiees/hdf-dossiers-export.csv';
/** The XLSX export's dossiers as the API answers for the same procedure. */
const API = resolve(__dirname, '../fixtures/import/hdf-dossiers-graphql.json');

/** An amount as the preview writes it: narrow no-break space between thousands, no-break space before €. */
const euros = (figures: string) => `${figures.replace(' ', '\u202f')}\u00a0€`;

function upload(fileName: string, text: string) {
  return { fileName, contentBase64: Buffer.from(text, 'utf8').toString('base64') };
}

/** Row counts of every table an import writes, to prove a refused file wrote nothing. */
async function tableCounts(r: TestRuntime) {
  const counts: Record<string, number> = {};
  for (const table of ['dossiers', 'professionals', 'audit_log', 'import_batches']) {
    counts[table] = Number((await r.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
  }
  return counts;
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
    expect(await tableCounts(r)).toMatchObject({ professionals: 26, import_batches: 1 });
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
    expect(await tableCounts(r)).toMatchObject({ dossiers: 6, professionals: 26 });

    const edited = sample(CSV)
      .toString('utf8')
      .replace('ESP du Santerre', 'ESP du Grand Santerre')
      .replace('80200 Péronne,,3,20000.0,10000.0', '80200 Péronne,2027-09-01,3,22000.0,12000.0');
    const preview = await r.call('import.preview', upload('export.csv', edited));
    // Each change as a person reads it, old → new.
    expect(preview.changes.filter((c) => c.action === 'update')).toEqual([
      {
        line: 7,
        dsNumber: 24001105,
        name: 'ESP du Grand Santerre',
        action: 'update',
        status: 'complete',
        decided: false,
        fields: [
          { field: 'name', label: "Nom de l'équipe ou de la structure", before: 'ESP du Santerre', after: 'ESP du Grand Santerre' },
          { field: 'grant.requested', label: "Montant de l'aide sollicitée", before: euros('20 000'), after: euros('22 000') },
          { field: 'grant.engineering', label: 'Dont ingénierie de projet', before: euros('10 000'), after: euros('12 000') },
          { field: 'project.startDate', label: 'Date prévisionnelle de démarrage', before: null, after: '1er\u00a0septembre 2027' },
        ],
        conflicts: [],
      },
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
    expect((await r.call('import.preview', renamed)).changes).toMatchObject([{ action: 'update', fields: [{ field: 'name' }] }]);
    await r.call('import.run', renamed);
    expect(await representative()).toEqual({ civility: 'Mme', firstName: 'Inès', lastName: 'Morel', capacity: 'gérante de la SISA' });

    // A file with one of the columns changes that field only.
    const surname = csv([...head, 'Nom du représentant légal'], ['501', 'MSP', 'MSP des Hauts-de-Sambre', 'Morel-Dupont']);
    expect((await r.call('import.preview', surname)).changes).toMatchObject([
      { action: 'update', fields: [{ field: 'legalEntity.representative.lastName', before: 'Morel', after: 'Morel-Dupont' }] },
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
    const before = await tableCounts(r);
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
    expect(await tableCounts(r)).toEqual(before);
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
    expect(await tableCounts(r)).toMatchObject({ dossiers: 0, import_batches: 0 });
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

/** The CSV export, where ESP de Thiérache (24001101) asks for 12 000 €. */
const csv12 = () =>
  upload('export.csv', sample(CSV).toString('utf8').replace('20000.0,8000.0,7000.0,5000.0', '12000.0,5000.0,4000.0,3000.0'));

/** Corrects fields of a stored dossier by hand, as the dossier form does. */
async function correct(r: TestRuntime, dsNumber: number, edit: (data: DossierInput) => DossierInput) {
  const { id, data } = await r.call('dossiers.get', { dsNumber });
  return r.call('dossiers.update', { id, data: edit(data) });
}
const asking = (requested: number) => (data: DossierInput) => ({ ...data, grant: { ...data.grant, requested } });

describe('re-imports merge with what the dossiers hold', () => {
  it('keeps an amount corrected by hand, lists the conflict with both values, and takes the file’s when chosen', async () => {
    const r = await runtime();
    await r.call('import.run', csv12());
    await correct(r, 24001101, asking(15000));

    const preview = await r.call('import.preview', csv12());
    const thierache = preview.changes.find((c) => c.dsNumber === 24001101);
    expect(thierache).toMatchObject({ action: 'unchanged', fields: [] });
    expect(thierache?.conflicts).toEqual([
      {
        field: 'grant.requested',
        label: "Montant de l'aide sollicitée",
        manual: euros('15 000'),
        file: euros('12 000'),
        editedAt: expect.any(String),
        editedBy: 'secretariat',
        keep: 'manual',
      },
    ]);
    expect(preview).toMatchObject({ created: 0, updated: 0, unchanged: 6 });

    // By default the correction stays.
    expect(await r.call('import.run', csv12())).toMatchObject({ updated: 0, unchanged: 6 });
    expect((await r.call('dossiers.get', { dsNumber: 24001101 })).data.grant.requested).toBe(15000);

    const taken = await r.call('import.run', { ...csv12(), resolutions: [{ dsNumber: 24001101, field: 'grant.requested', keep: 'file' }] });
    expect(taken).toMatchObject({ updated: 1, unchanged: 5 });
    expect(taken.changes.find((c) => c.dsNumber === 24001101)).toMatchObject({
      action: 'update',
      fields: [{ field: 'grant.requested', before: euros('15 000'), after: euros('12 000') }],
      conflicts: [{ field: 'grant.requested', keep: 'file' }],
    });
    const { id, data } = await r.call('dossiers.get', { dsNumber: 24001101 });
    expect(data.grant.requested).toBe(12000);
    const [audit] = await r.call('audit.list', { entityType: 'dossier', entityId: String(id) });
    expect(audit).toMatchObject({ action: 'import.update', before: { grant: { requested: 15000 } }, after: { grant: { requested: 12000 } } });

    // The file's value taken, the field is no longer a correction: the next export simply updates it.
    const next = upload('export.csv', sample(CSV).toString('utf8').replace('20000.0,8000.0,7000.0,5000.0', '13000.0,5000.0,4000.0,3000.0'));
    expect((await r.call('import.preview', next)).changes.find((c) => c.dsNumber === 24001101)).toMatchObject({
      action: 'update',
      fields: [{ field: 'grant.requested', before: euros('12 000'), after: euros('13 000') }],
      conflicts: [],
    });
  });

  it('takes the file’s value for every correction with overwriteManual, unless a resolution keeps one', async () => {
    const r = await runtime();
    await r.call('import.run', csv12());
    await correct(r, 24001101, (data) => ({ ...asking(15000)(data), name: 'ESP de la Thiérache' }));
    const choices = { overwriteManual: true, resolutions: [{ dsNumber: 24001101, field: 'name' as const, keep: 'manual' as const }] };
    // The preview, given the same choices, shows the import they make.
    const preview = await r.call('import.preview', { ...csv12(), ...choices });
    expect(preview.changes.find((c) => c.dsNumber === 24001101)?.fields.map((f) => [f.field, f.before, f.after])).toEqual([
      ['grant.requested', '15\u202f000\u00a0€', '12\u202f000\u00a0€'],
    ]);
    const summary = await r.call('import.run', { ...csv12(), ...choices });
    expect(summary.changes).toEqual(preview.changes);
    expect(summary.changes.find((c) => c.dsNumber === 24001101)?.conflicts.map((c) => [c.field, c.keep])).toEqual([
      ['name', 'manual'],
      ['grant.requested', 'file'],
    ]);
    const { data } = await r.call('dossiers.get', { dsNumber: 24001101 });
    expect([data.name, data.grant.requested]).toEqual(['ESP de la Thiérache', 12000]);
    // The name is still a correction; the amount is not.
    const conflicts = (await r.call('import.preview', csv12())).changes.find((c) => c.dsNumber === 24001101)?.conflicts;
    expect(conflicts?.map((c) => c.field)).toEqual(['name']);
    expect((await r.refuse('import.run', { ...csv12(), resolutions: [{ dsNumber: 24001101, field: 'montant' as never, keep: 'file' }] })).code).toBe(
      'VALIDATION',
    );
  });

  it('changes a dossier with an opinion only once confirmed, and writes nothing before', async () => {
    const r = await runtime();
    await r.call('import.run', sampleUpload(XLSX));
    await giveOpinion(r.call, 24001101);
    // Nothing to change: nothing to confirm.
    expect(await r.call('import.run', sampleUpload(XLSX))).toMatchObject({ unchanged: 6 });

    const edited = upload(
      'export.csv',
      sample(CSV).toString('utf8').replace('ESP de Thiérache', 'ESP de Thiérache et Hirson').replace('ESP du Santerre', 'ESP du Grand Santerre'),
    );
    const preview = await r.call('import.preview', edited);
    expect(preview.changes.filter((c) => c.action === 'update').map((c) => [c.dsNumber, c.status, c.decided])).toEqual([
      [24001101, 'opinion_given', true],
      [24001105, 'complete', false],
    ]);
    const before = await tableCounts(r);
    const error = await r.refuse('import.run', edited);
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(
      "L'import modifierait 1 dossier qui a déjà un avis, une décision ou une notification : n° 24001101 « ESP de Thiérache et Hirson » (Avis rendu). Rien n'a été importé : confirmez la modification de ce dossier pour l'importer.",
    );
    expect(error.details).toEqual([
      { line: 2, field: 'confirmDecided', message: expect.stringContaining("Nom de l'équipe ou de la structure") },
    ]);
    expect(await tableCounts(r)).toEqual(before);
    expect((await r.call('dossiers.get', { dsNumber: 24001105 })).data.name).toBe('ESP du Santerre');

    expect(await r.call('import.run', { ...edited, confirmDecided: true })).toMatchObject({ updated: 2 });
    const thierache = await r.call('dossiers.get', { dsNumber: 24001101 });
    expect([thierache.data.name, thierache.status]).toEqual(['ESP de Thiérache et Hirson', 'opinion_given']);
  });

  it('keeps the SIRET when the API JSON follows the XLSX, and gives the same dossiers in either order', async () => {
    const stored = async (r: TestRuntime) => {
      const { rows } = await r.call('dossiers.list', { sort: { field: 'dsNumber', direction: 'asc' } });
      return Promise.all(rows.map(async ({ id }) => (await r.call('dossiers.get', { id })).data));
    };
    const json = { fileName: 'hdf-dossiers-graphql.json', contentBase64: readFileSync(API).toString('base64') };
    const first = await runtime();
    await first.call('import.run', sampleUpload(XLSX));
    expect(await first.call('import.run', json)).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    const second = await runtime();
    await second.call('import.run', json);
    expect(await second.call('import.run', sampleUpload(XLSX))).toMatchObject({ created: 0, updated: 0, unchanged: 6 });
    const [a, b] = [await stored(first), await stored(second)];
    expect(a).toEqual(b);
    expect(a.map((d) => d.legalEntity.siret)).toEqual(['55967651022976', '19236758660202', '', '39627278205765', '46686608531101', '17630247168482']);

    // The real samples of another form: its CSV export and its API answer, in both orders.
    const [csvFirst, jsonFirst] = [await runtime(), await runtime()];
    for (const [r, files] of [
      [csvFirst, ['demarches-simplifiees/other-form-export.csv', 'demarches-simplifiees/dossier-graphql.json']],
      [jsonFirst, ['demarches-simplifiees/dossier-graphql.json', 'demarches-simplifiees/other-form-export.csv']],
    ] as const) {
      for (const file of files) await r.call('import.run', sampleUpload(file));
    }
    expect(await stored(csvFirst)).toEqual(await stored(jsonFirst));
  });

  it('never blanks a stored value with an empty cell', async () => {
    const r = await runtime();
    await r.call('import.run', sampleUpload(XLSX));
    const blanked = sample(CSV)
      .toString('utf8')
      .replace('Association loi 1901,55967651022976,Hirson (02500),02381,02 – Aisne,3 Rue Charles de Gaulle 02500 Hirson,2027-01-01,5,20000.0,8000.0,7000.0,5000.0', 'Association loi 1901,,Hirson (02500),02381,02 – Aisne,,,,,,,');
    const preview = await r.call('import.preview', upload('export.csv', blanked));
    expect(preview.problems).toEqual([]);
    expect(preview).toMatchObject({ updated: 0, unchanged: 6 });
    await r.call('import.run', upload('export.csv', blanked));
    const { data } = await r.call('dossiers.get', { dsNumber: 24001101 });
    expect(data).toMatchObject({
      legalEntity: { siret: '55967651022976' },
      address: '3 Rue Charles de Gaulle 02500 Hirson',
      project: { startDate: '2027-01-01', declaredProfessionals: 5 },
      grant: { requested: 20000, engineering: 8000, it: 7000, furniture: 5000 },
    });
    expect(data.professionals).toHaveLength(5);
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

  it('warns of a formula cell and of a CSV without its final line break, and imports both files', async () => {
    const r = await runtime();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(sample(XLSX)).buffer);
    workbook.getWorksheet('Dossiers')!.getCell('U2').value = { formula: '"ESP de "&"Thiérache"', result: 'ESP de Thiérache' };
    const formula = { fileName: 'formule.xlsx', contentBase64: Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64') };
    const preview = await r.call('import.preview', formula);
    expect(preview.problems).toEqual([]);
    expect(preview.warnings).toEqual([
      {
        line: 2,
        sheet: 'Dossiers',
        column: 'Nom de l’équipe ou de la structure',
        field: 'name',
        message:
          "Feuille « Dossiers », ligne 2, colonne « Nom de l’équipe ou de la structure » (Nom de l'équipe ou de la structure) : la cellule U2 contient une formule : sa valeur calculée « ESP de Thiérache » est importée, pas la formule.",
      },
    ]);
    expect(await r.call('import.run', formula)).toMatchObject({ created: 6 });
    expect((await r.call('dossiers.get', { dsNumber: 24001101 })).data.name).toBe('ESP de Thiérache');

    const unended = upload('coupe.csv', sample(CSV).toString('utf8').trimEnd());
    const csvPreview = await r.call('import.preview', unended);
    expect(csvPreview.problems).toEqual([]);
    expect(csvPreview.warnings.filter((w) => w.field === null)).toEqual([
      {
        line: 8,
        sheet: null,
        column: 'Avis de la délégation départementale',
        field: null,
        message:
          'Ligne 8, colonne « Avis de la délégation départementale » : le fichier ne se termine pas par un saut de ligne, comme si sa dernière ligne avait été coupée (téléchargement interrompu ?) : vérifiez que cette ligne est complète.',
      },
    ]);
    expect(await r.call('import.run', unended)).toMatchObject({ created: 0, unchanged: 6 });
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
    expect(await tableCounts(r)).toMatchObject({ dossiers: 0, import_batches: 0 });
  });
});

describe('dossiers entered by hand', () => {
  it('creates, validates with the same rules, edits and audits a dossier', async () => {
    const r = await runtime();
    const bad = await r.refuse('dossiers.create', { data: { ...manual, name: ' ', grant: { ...manual.grant, it: -1 } } });
    expect(bad.details?.map((d) => d.field)).toEqual(['data.name', 'data.grant.it']);
    expect((await tableCounts(r)).dossiers).toBe(0);

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
