import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationProvider } from '../../db/migrations';
import { openDatabase } from '../../db/open';
import { insertDossier, listDossiers } from '../../db/queries/dossiers';
import { matchQuery } from '../../db/search';
import { dossierInputSchema, dossierListInputSchema, type DossierListInput } from '../../shared/dossier';
import { foldText } from '../../shared/text';
import { sampleUpload } from '../support/fixtures';
import { useRuntime } from '../support/runtime';
import { withQueryPlans } from '../support/query-plans';
import { useTempDir } from '../support/temp';

const tempDir = useTempDir();

const types = ['ESP', 'MSP', 'CPTS', 'CDS'] as const;
const statuses = ['received', 'complete', 'on_agenda', 'decided'] as const;
const communes = [['Hirson', '02'], ['Maubeuge', '59'], ['Lens', '62'], ['Abbeville', '80']] as const;

/** A migrated file holding `count` dossiers written straight into the table, as the bench does. */
async function filled(count: number) {
  const file = join(tempDir(), 'commission.sqlite');
  await (await openDatabase(file)).close();
  const sqlite = new SQLite(file);
  const insert = sqlite.prepare(`INSERT INTO dossiers (ds_number, structure_type, name, status, commune_name, department_code,
    search_text, name_key, commune_key, eligible, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const [commune, department] = communes[i % communes.length]!;
      const name = `Équipe ${i} de ${commune}`;
      const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      insert.run(50000000 + i, types[i % 4], name, statuses[i % 4], commune, department,
        foldText(`${50000000 + i} ${name} ${commune}`), foldText(name), foldText(commune), i % 3 ? 1 : 0, at, at);
    }
  })();
  return { sqlite };
}

/** Runs the list as the app does, and gives the plan SQLite chose for each of its queries. */
async function plans(sqlite: SQLite.Database, input: DossierListInput) {
  const { result, plans: steps } = await withQueryPlans(sqlite, (db) => listDossiers(db, dossierListInputSchema.parse(input)));
  return { result, plans: steps.map((plan) => plan.join(', ')) };
}

describe('the dossiers list reads through indexes', () => {
  const filterCases: [string, DossierListInput, string][] = [
    ['statuses', { statuses: ['complete', 'decided'] }, 'status'],
    ['structure types', { structureTypes: ['MSP'] }, 'structure_type'],
    ['départements', { departmentCodes: ['59', '62'] }, 'department_code'],
    ['eligibility', { eligibility: 'ineligible' }, 'eligible'],
  ];

  it.each(filterCases)('counts a filter on %s with an index seek', async (_, input, column) => {
    const { sqlite } = await filled(40);
    const { plans: all } = await plans(sqlite, input);
    expect(all[0]).toBe(`SEARCH dossiers USING COVERING INDEX dossiers_by_${column} (${column}=?)`);
    sqlite.close();
  });

  it('counts combined filters through the index of the narrowest, checking the others in it', async () => {
    const { sqlite } = await filled(40);
    const { plans: all, result } = await plans(sqlite, { statuses: ['complete'], structureTypes: ['MSP'], departmentCodes: ['59'], eligibility: 'eligible' });
    expect(all[0]).toBe('SEARCH dossiers USING COVERING INDEX dossiers_by_status (status=?)');
    expect(result.total).toBe(7);
    const wider = await plans(sqlite, { statuses: ['complete', 'decided', 'received'], structureTypes: ['MSP'], departmentCodes: ['59'] });
    expect(wider.plans[0]).toBe('SEARCH dossiers USING COVERING INDEX dossiers_by_department_code (department_code=?)');
    sqlite.close();
  });

  const sorts = [
    ['dsNumber', 'ds_number'],
    ['name', 'name_key'],
    ['structureType', 'structure_type'],
    ['communeName', 'commune_key'],
    ['departmentCode', 'department_code'],
    ['status', 'status'],
    ['submittedAt', 'submitted_at'],
    ['updatedAt', 'updated_at'],
    ['grantRequested', 'grant_requested_cents'],
  ] as const;

  it.each(sorts)('pages sorted by %s in index order, with no sort step', async (field, column) => {
    const { sqlite } = await filled(40);
    for (const direction of ['asc', 'desc'] as const) {
      const { plans: all } = await plans(sqlite, { sort: { field, direction } });
      // The DS number's own unique index serves as well when nothing is filtered.
      expect(all[1]).toMatch(new RegExp(`^SCAN dossiers USING COVERING INDEX (dossiers_by_${column}${column === 'ds_number' ? '|sqlite_autoindex_dossiers_1' : ''})$`));
    }
    sqlite.close();
  });

  it('walks the sort index, filtering in it, when many dossiers match a filter', async () => {
    const { sqlite } = await filled(4400);
    const { plans: all, result } = await plans(sqlite, { statuses: ['complete', 'decided'], departmentCodes: ['59'], sort: { field: 'name', direction: 'asc' } });
    expect(result.total).toBe(1100);
    expect(all[1]).toBe('SCAN dossiers USING COVERING INDEX dossiers_by_name_key');
    sqlite.close();
  });

  it('seeks the filter and sorts the few dossiers that match it', async () => {
    const { sqlite } = await filled(4400);
    const { plans: all, result } = await plans(sqlite, { structureTypes: ['MSP'], eligibility: 'ineligible', departmentCodes: ['59'], sort: { field: 'name', direction: 'asc' } });
    expect(result.total).toBe([...Array(4400).keys()].filter((i) => i % 4 === 1 && i % 3 === 0).length);
    expect(all[1]).toMatch(/^SEARCH dossiers USING INDEX dossiers_by_\w+ \(\w+=\?\), USE TEMP B-TREE FOR ORDER BY$/);
    sqlite.close();
  });

  it('looks a few words up in the text index, then reads only the rows it found', async () => {
    const { sqlite } = await filled(4400);
    const { plans: all, result } = await plans(sqlite, { search: 'Équipe 123', statuses: ['on_agenda'] });
    expect(all[0]).toBe('SCAN dossiers_search VIRTUAL TABLE INDEX 0:M1');
    // The ids found come as one JSON value; the co-routine is the count of all matches beside the page.
    expect(all[1]).toBe('CO-ROUTINE (subquery-3), SEARCH dossiers USING INTEGER PRIMARY KEY (rowid=?), LIST SUBQUERY 1, SCAN json_each VIRTUAL TABLE INDEX 1:, SCAN (subquery-3), USE TEMP B-TREE FOR ORDER BY');
    expect(result.rows.map((r) => r.name).sort()).toEqual(
      [...Array(4400).keys()].filter((i) => i % 4 === 2 && /123/.test(String(i))).map((i) => `Équipe ${i} de ${communes[i % 4]![0]}`).sort().slice(0, 200),
    );
    sqlite.close();
  });

  it('counts a broad search from the text index and walks the sort index for its page', async () => {
    const { sqlite } = await filled(4400);
    const { plans: all, result } = await plans(sqlite, { search: 'maubeuge' });
    expect(result.total).toBe(1100);
    expect(all[1]).toBe('SCAN dossiers_search VIRTUAL TABLE INDEX 0:M1');
    // The page walks the sort index, each dossier looked up among the index's matches, no row read.
    expect(all[2]).toBe('SCAN dossiers USING COVERING INDEX dossiers_by_updated_at, LIST SUBQUERY 1, SCAN dossiers_search VIRTUAL TABLE INDEX 0:M1, CREATE BLOOM FILTER');
    expect(result.rows.map((r) => r.name).slice(0, 2)).toEqual(['Équipe 4397 de Maubeuge', 'Équipe 4393 de Maubeuge']);
    const filtered = await plans(sqlite, { search: 'maubeuge', statuses: ['complete'] });
    expect(filtered.result.total).toBe(1100);
    expect(filtered.plans[2]).toMatch(/^SEARCH dossiers USING COVERING INDEX dossiers_by_status \(status=\? AND id=\?\), LIST SUBQUERY 1, SCAN dossiers_search VIRTUAL TABLE INDEX 0:M1/);
    sqlite.close();
  });

  it('checks the rows a page walks past when nearly every dossier holds the words', async () => {
    const { sqlite } = await filled(24_000);
    const { plans: all, result } = await plans(sqlite, { search: 'equipe de', statuses: ['decided'] });
    expect(result.total).toBe(6000);
    expect(all[2]).toBe('SCAN dossiers USING COVERING INDEX dossiers_by_search_text');
    expect(all[3]).toBe('SCAN dossiers USING INDEX dossiers_by_updated_at');
    expect(result.rows.map((r) => r.name).slice(0, 2)).toEqual(['Équipe 23999 de Abbeville', 'Équipe 23995 de Abbeville']);
    sqlite.close();
  });

  it('looks words under three letters up with LIKE in the index of folded texts, not in the rows', async () => {
    const { sqlite } = await filled(4400);
    const many = await plans(sqlite, { search: 'hi' });
    expect(many.result.total).toBe(1100);
    expect(many.plans).toEqual([
      'SCAN dossiers USING COVERING INDEX dossiers_by_search_text',
      'SCAN dossiers USING COVERING INDEX dossiers_by_search_text',
      'SCAN dossiers USING INDEX dossiers_by_updated_at',
      'SEARCH dossiers USING INTEGER PRIMARY KEY (rowid=?)',
    ]);
    const few = await plans(sqlite, { search: 'le', departmentCodes: ['80'], eligibility: 'ineligible' });
    expect(few.result.total).toBe([...Array(4400).keys()].filter((i) => i % 4 === 3 && i % 3 === 0).length);
    expect(few.plans.slice(0, 2)).toEqual([
      'SCAN dossiers USING COVERING INDEX dossiers_by_search_text',
      'CO-ROUTINE (subquery-3), SEARCH dossiers USING INTEGER PRIMARY KEY (rowid=?), LIST SUBQUERY 1, SCAN json_each VIRTUAL TABLE INDEX 1:, SCAN (subquery-3), USE TEMP B-TREE FOR ORDER BY',
    ]);
    sqlite.close();
  });

  it('never scans the dossiers table without an index', async () => {
    const { sqlite } = await filled(4400);
    const inputs: DossierListInput[] = [
      {},
      { search: 'hirson', sort: { field: 'grantRequested', direction: 'asc' } },
      { search: 'hi', statuses: ['received'] },
      { search: 'de 7', eligibility: 'eligible', departmentCodes: ['02'] },
      { structureTypes: ['CDS', 'ESP'], statuses: ['decided'], eligibility: 'eligible', departmentCodes: ['80'], offset: 300 },
    ];
    for (const input of inputs) {
      const { plans: all } = await plans(sqlite, input);
      for (const plan of all) expect(plan).not.toMatch(/SCAN dossiers(?! USING| VIRTUAL|_search)/);
    }
    sqlite.close();
  });
});

describe('the dossiers search', () => {
  async function withDossiers() {
    const opened = await openDatabase(join(tempDir(), 'commission.sqlite'));
    const add = (dsNumber: number, name: string, communeName: string, lastName = '') =>
      insertDossier(opened.db, {
        data: dossierInputSchema.parse({ dsNumber, structureType: 'MSP', name, communeName, sponsor: { lastName, firstName: 'Zoé' } }),
        at: '2026-03-01T10:00:00.000Z',
      });
    await add(24001101, 'MSP Cœur de Thiérache', 'Hirson', 'Lefèvre');
    await add(24001102, 'Maison de santé « L’Œuvre » (50%_)', 'Saint-Quentin', 'Durand');
    await add(24101103, 'ESP du Val-d’Oise', 'Étréaupont', 'Ng');
    const names = async (search: string) =>
      (await listDossiers(opened.db, dossierListInputSchema.parse({ search, sort: { field: 'dsNumber', direction: 'asc' } }))).rows.map((r) => r.name);
    return { opened, names };
  }

  it('ignores accents and case, and finds words of one or two letters', async () => {
    const { opened, names } = await withDossiers();
    expect(await names('THIERACHE')).toEqual(['MSP Cœur de Thiérache']);
    expect(await names('coeur')).toEqual(['MSP Cœur de Thiérache']);
    expect(await names('etreaupont')).toEqual(['ESP du Val-d’Oise']);
    expect(await names('LEFEVRE hirson')).toEqual(['MSP Cœur de Thiérache']);
    expect(await names('ng')).toEqual(['ESP du Val-d’Oise']);
    expect(await names('é')).toEqual(['MSP Cœur de Thiérache', 'Maison de santé « L’Œuvre » (50%_)', 'ESP du Val-d’Oise']);
    expect(await names('oe de')).toEqual(['MSP Cœur de Thiérache', 'Maison de santé « L’Œuvre » (50%_)']);
    expect(await names('zzz')).toEqual([]);
    await opened.close();
  });

  it('finds a DS number by its first digits', async () => {
    const { opened, names } = await withDossiers();
    expect(await names('2400110')).toEqual(['MSP Cœur de Thiérache', 'Maison de santé « L’Œuvre » (50%_)']);
    expect(await names('241')).toEqual(['ESP du Val-d’Oise']);
    expect(await names('24')).toHaveLength(3);
    await opened.close();
  });

  it('reads quotes and FTS5 operators typed in a search as text', async () => {
    const { opened, names } = await withDossiers();
    for (const typed of ['"oeuvre', 'oeuvre"', '« l’œuvre »', 'oeuvre*', '50%_', '-oeuvre', '^oeuv', '(oeuvre)', "'oeuvre'"]) {
      expect(await names(typed), typed).toEqual(['Maison de santé « L’Œuvre » (50%_)']);
    }
    // Operators are words to find like any other (« and » would be found: the sponsor is Durand).
    for (const typed of ['NEAR(oeuvre)', 'search_text:oeuvre', 'oeuvre NOT', 'oeuvre OR hirson', 'NOT oeuvre']) {
      expect(await names(typed), typed).toEqual([]);
    }
    expect(await names('50%')).toEqual(['Maison de santé « L’Œuvre » (50%_)']);
    expect(await names('%')).toHaveLength(3);
    await opened.close();
  });

  it('quotes every word it sends to the text index', async () => {
    expect(matchQuery(['l"oeuvre', 'and', 'near'])).toBe('"l""oeuvre" AND "and" AND "near"');
    const sqlite = new SQLite(':memory:');
    sqlite.exec("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram'); INSERT INTO t VALUES ('le \"grand\" projet near and or not');");
    for (const words of [['"grand"'], ['near', 'and'], ['not'], ['"gr'], ['*'], ['x:gra']]) {
      const query = matchQuery(words);
      const expected = words.every((w) => 'le "grand" projet near and or not'.includes(w)) ? 1 : 0;
      expect(sqlite.prepare('SELECT count(*) FROM t WHERE t MATCH ?').pluck().get(query), query).toBe(expected);
    }
    sqlite.close();
  });

  it('follows every write of the table: its text changed, another column changed, a deletion', async () => {
    const { opened, names } = await withDossiers();
    const { db } = opened;
    const [first] = await db.selectFrom('dossiers').select('id').where('ds_number', '=', 24001101).execute();
    await db.updateTable('dossiers').set({ search_text: foldText('24001101 MSP du Hainaut Maubeuge') }).where('id', '=', first!.id).execute();
    expect(await names('thierache')).toEqual([]);
    expect(await names('hainaut')).toEqual(['MSP Cœur de Thiérache']);
    await db.updateTable('dossiers').set({ status: 'complete' }).where('id', '=', first!.id).execute();
    expect(await names('hainaut')).toEqual(['MSP Cœur de Thiérache']);
    await db.deleteFrom('dossiers').where('id', '=', first!.id).execute();
    expect(await names('hainaut')).toEqual([]);
    const { rows } = await import('kysely').then(({ sql }) => sql<{ n: number }>`SELECT count(*) AS n FROM dossiers_search WHERE dossiers_search MATCH '"hainaut"'`.execute(db));
    expect(rows[0]?.n).toBe(0);
    await opened.close();
  });
});

describe('the search after the app’s writes', () => {
  const runtime = useRuntime();

  it('finds what an import, a creation and an update wrote, and no longer what they replaced', async () => {
    const r = await runtime();
    await r.call('import.run', sampleUpload('demarches-simplifiees/hdf-dossiers-export.xlsx'));
    const names = async (search: string) => (await r.call('dossiers.list', { search })).rows.map((d) => d.name);
    expect(await names('thierache')).toEqual(['ESP de Thiérache']);
    const created = await r.call('dossiers.create', {
      data: { structureType: 'MSP', name: 'MSP des Sept Vallées', communeName: 'Hesdin', grant: { requested: 0, engineering: 0, it: 0, furniture: 0 } },
    });
    expect(await names('sept vallees')).toEqual(['MSP des Sept Vallées']);
    await r.call('dossiers.update', { id: created.id, data: { ...created.data, name: 'MSP du Ternois' } });
    expect(await names('vallees')).toEqual([]);
    expect(await names('ternois')).toEqual(['MSP du Ternois']);
    // The export again, one structure renamed since: the import's update reaches the index too.
    const csv = Buffer.from(sampleUpload('demarches-simplifiees/hdf-dossiers-export.csv').contentBase64, 'base64').toString('utf8');
    const renamed = csv.replace('ESP de Thiérache', 'ESP des Hauts de Thiérache');
    expect(renamed).not.toBe(csv);
    await r.call('import.run', { fileName: 'export.csv', contentBase64: Buffer.from(renamed).toString('base64') });
    expect(await names('hauts thierache')).toEqual(['ESP des Hauts de Thiérache']);
  });
});

describe('migration 0010', () => {
  it('indexes the text of the dossiers already stored, and replaces the list indexes', async () => {
    const file = join(tempDir(), 'commission.sqlite');
    const sqlite = new SQLite(file);
    const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
    await new Migrator({ db: old, provider: migrationProvider, migrationTableName: 'kysely_migration' }).migrateTo('0009-audit-chain');
    const insert = sqlite.prepare(`INSERT INTO dossiers (ds_number, structure_type, name, commune_name, search_text, name_key, commune_key, created_at, updated_at)
      VALUES (?, 'MSP', ?, ?, ?, ?, ?, '2025-01-01', '2025-01-01')`);
    const stored = [
      [24000001, 'MSP de la Thiérache', 'Hirson'],
      [24000002, 'Maison de santé des Étangs', 'Saint-Amand-les-Eaux'],
      [24000003, 'MSP Val de Sambre', 'Maubeuge'],
    ] as const;
    for (const [ds, name, commune] of stored) insert.run(ds, name, commune, foldText(`${ds} ${name} ${commune}`), foldText(name), foldText(commune));
    await old.destroy();

    const opened = await openDatabase(file);
    const names = async (search: string) =>
      (await listDossiers(opened.db, dossierListInputSchema.parse({ search, sort: { field: 'dsNumber', direction: 'asc' } }))).rows.map((r) => r.name);
    expect(await names('thierache')).toEqual(['MSP de la Thiérache']);
    expect(await names('etangs amand')).toEqual(['Maison de santé des Étangs']);
    expect(await names('2400000')).toHaveLength(3);
    await opened.close();

    const after = new SQLite(file, { readonly: true });
    const indexes = after.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'dossiers' AND sql IS NOT NULL ORDER BY name").pluck().all();
    expect(indexes).toEqual([
      'dossiers_by_commune_key',
      'dossiers_by_department_code',
      'dossiers_by_ds_number',
      'dossiers_by_eligible',
      'dossiers_by_grant_requested_cents',
      'dossiers_by_name_key',
      'dossiers_by_search_text',
      'dossiers_by_status',
      'dossiers_by_structure_type',
      'dossiers_by_submitted_at',
      'dossiers_by_updated_at',
    ]);
    expect(after.prepare(`SELECT count(*) FROM dossiers_search WHERE dossiers_search MATCH '"sambre"'`).pluck().get()).toBe(1);
    after.close();
    // The index agrees with the rows it was built from.
    const check = new SQLite(file);
    expect(() => check.prepare("INSERT INTO dossiers_search (dossiers_search, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
    check.close();
  });
});
