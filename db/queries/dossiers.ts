import { sql, type Insertable, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { DossierData, DossierListQuery, DossierSummary, Professional } from '../../shared/dossier';
import { foldText } from '../../shared/text';
import type { Database, DossiersTable, ProfessionalsTable } from '../schema';
import { containsWord, countMatching, dossiersThrough, idAmong, INDEXED_WORD, matchesAll, matchingIds } from '../search';
import { engineOf } from '../dialect';
import { insertIds, insertSql, rowOf, run, updateByIdSql } from './statements';

type DossierRow = Selectable<DossiersTable>;
type DossierColumns = Omit<
  Insertable<DossiersTable>,
  'id' | 'status' | 'created_at' | 'updated_at' | 'eligible' | 'eligibility_blocking' | 'eligibility_warnings'
>;

const toCents = (euros: number) => Math.round(euros * 100);
const toEuros = (cents: number) => cents / 100;
const toAnswer = (v: boolean | null) => (v === null ? null : v ? 1 : 0);
const fromAnswer = (v: number | null) => (v === null ? null : v === 1);

/** The columns a dossier's data fills; status, eligibility and timestamps are the app's own. */
export function dossierColumns(data: DossierData): DossierColumns {
  return {
    ds_number: data.dsNumber,
    ds_state: data.dsState,
    structure_type: data.structureType,
    name: data.name,
    submitted_at: data.submittedAt,
    instruction_at: data.instructionAt,
    sponsor_civility: data.sponsor.civility,
    sponsor_first_name: data.sponsor.firstName,
    sponsor_last_name: data.sponsor.lastName,
    sponsor_email: data.sponsor.email,
    sponsor_phone: data.sponsor.phone,
    legal_form: data.legalEntity.form,
    siret: data.legalEntity.siret,
    rna: data.legalEntity.rna,
    representative_civility: data.legalEntity.representative.civility,
    representative_first_name: data.legalEntity.representative.firstName,
    representative_last_name: data.legalEntity.representative.lastName,
    representative_capacity: data.legalEntity.representative.capacity,
    address: data.address,
    commune_code: data.communeCode,
    commune_name: data.communeName,
    department_code: data.departmentCode,
    zoning: data.zoning,
    apl: data.apl,
    grant_requested_cents: toCents(data.grant.requested),
    grant_engineering_cents: toCents(data.grant.engineering),
    grant_it_cents: toCents(data.grant.it),
    grant_furniture_cents: toCents(data.grant.furniture),
    meeting_frequency: data.coordination.meetingFrequency,
    protocol_count: data.coordination.protocolCount,
    information_system: data.coordination.informationSystem,
    information_system_labelled: toAnswer(data.coordination.informationSystemLabelled),
    secure_messaging: toAnswer(data.coordination.secureMessaging),
    coordinator: toAnswer(data.coordination.coordinator),
    opening_hours: data.coordination.openingHours,
    unscheduled_care: toAnswer(data.coordination.unscheduledCare),
    project_summary: data.project.summary,
    project_themes: JSON.stringify(data.project.themes),
    start_date: data.project.startDate,
    declared_professionals: data.project.declaredProfessionals,
    in_priority_zone: toAnswer(data.project.inPriorityZone),
    declared_files: JSON.stringify(data.declaredFiles),
    name_key: foldText(data.name),
    commune_key: foldText(data.communeName),
    search_text: foldText(
      [data.dsNumber ?? '', data.name, data.communeName, data.sponsor.lastName, data.sponsor.firstName].join(' '),
    ),
  };
}

function professionalFromRow(row: Selectable<ProfessionalsTable>): Professional {
  return {
    lastName: row.last_name,
    firstName: row.first_name,
    profession: row.profession,
    identifier: row.identifier,
    communeCode: row.commune_code,
    communeName: row.commune_name,
    role: row.role,
  };
}

export function dossierDataFromRow(row: DossierRow, professionals: Professional[]): DossierData {
  return {
    dsNumber: row.ds_number,
    dsState: row.ds_state as DossierData['dsState'],
    structureType: row.structure_type as DossierData['structureType'],
    name: row.name,
    submittedAt: row.submitted_at,
    instructionAt: row.instruction_at,
    sponsor: {
      civility: row.sponsor_civility as DossierData['sponsor']['civility'],
      firstName: row.sponsor_first_name,
      lastName: row.sponsor_last_name,
      email: row.sponsor_email,
      phone: row.sponsor_phone,
    },
    legalEntity: {
      form: row.legal_form,
      siret: row.siret,
      rna: row.rna,
      representative: {
        civility: row.representative_civility as DossierData['legalEntity']['representative']['civility'],
        firstName: row.representative_first_name,
        lastName: row.representative_last_name,
        capacity: row.representative_capacity,
      },
    },
    address: row.address,
    communeCode: row.commune_code,
    communeName: row.commune_name,
    departmentCode: row.department_code,
    zoning: row.zoning as DossierData['zoning'],
    apl: row.apl,
    grant: {
      requested: toEuros(row.grant_requested_cents),
      engineering: toEuros(row.grant_engineering_cents),
      it: toEuros(row.grant_it_cents),
      furniture: toEuros(row.grant_furniture_cents),
    },
    coordination: {
      meetingFrequency: row.meeting_frequency,
      protocolCount: row.protocol_count,
      informationSystem: row.information_system,
      informationSystemLabelled: fromAnswer(row.information_system_labelled),
      secureMessaging: fromAnswer(row.secure_messaging),
      coordinator: fromAnswer(row.coordinator),
      openingHours: row.opening_hours,
      unscheduledCare: fromAnswer(row.unscheduled_care),
    },
    project: {
      summary: row.project_summary,
      themes: JSON.parse(row.project_themes) as string[],
      startDate: row.start_date,
      declaredProfessionals: row.declared_professionals,
      inPriorityZone: fromAnswer(row.in_priority_zone),
    },
    declaredFiles: JSON.parse(row.declared_files) as string[],
    professionals,
  };
}

export interface StoredDossier {
  id: number;
  status: string;
  createdAt: string;
  updatedAt: string;
  /** The version a save must name (migration 0015), and who saved last. */
  version: number;
  updatedBy: string;
  eligible: boolean | null;
  data: DossierData;
}

/** Dossiers with their professionals, in one query per table whatever their number. */
export async function getDossiers(db: Kysely<Database>, ids: readonly number[]): Promise<StoredDossier[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('dossiers').selectAll().where('id', 'in', ids).execute();
  const pros = await db
    .selectFrom('professionals')
    .selectAll()
    .where('dossier_id', 'in', ids)
    .orderBy('dossier_id')
    .orderBy('position')
    .execute();
  const byDossier = new Map<number, Professional[]>();
  for (const p of pros) {
    const list = byDossier.get(p.dossier_id) ?? [];
    list.push(professionalFromRow(p));
    byDossier.set(p.dossier_id, list);
  }
  const byId = new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        status: row.status,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        version: row.version,
        updatedBy: row.updated_by,
        eligible: fromAnswer(row.eligible),
        data: dossierDataFromRow(row, byDossier.get(row.id) ?? []),
      },
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function idsByDsNumber(db: Kysely<Database>, dsNumbers: readonly number[]): Promise<Map<number, number>> {
  const map = new Map<number, number>();
  // SQLite limits the number of bound parameters; chunk large imports.
  for (let i = 0; i < dsNumbers.length; i += 500) {
    const rows = await db
      .selectFrom('dossiers')
      .select(['id', 'ds_number'])
      .where('ds_number', 'in', dsNumbers.slice(i, i + 500))
      .execute();
    for (const r of rows) if (r.ds_number !== null) map.set(r.ds_number, r.id);
  }
  return map;
}

/** SQLite binds at most 32,766 parameters a statement: rows are written by chunks well below. */
const CHUNK = 300;

const PROFESSIONAL_COLUMNS = [
  'dossier_id',
  'position',
  'last_name',
  'first_name',
  'profession',
  'identifier',
  'commune_code',
  'commune_name',
  'role',
] as const satisfies readonly (keyof ProfessionalsTable)[];

/** Replaces the professionals of these dossiers, in a few statements whatever their number. */
export async function replaceProfessionals(
  db: Kysely<Database>,
  teams: readonly { dossierId: number; professionals: readonly Professional[] }[],
): Promise<void> {
  for (let i = 0; i < teams.length; i += CHUNK) {
    await db.deleteFrom('professionals').where('dossier_id', 'in', teams.slice(i, i + CHUNK).map((t) => t.dossierId)).execute();
  }
  let values: unknown[] = [];
  const flush = async () => {
    const rows = values.length / PROFESSIONAL_COLUMNS.length;
    if (rows) await run(db, insertSql('professionals', PROFESSIONAL_COLUMNS, rows), values);
    values = [];
  };
  for (const { dossierId, professionals } of teams) {
    for (const [position, p] of professionals.entries()) {
      values.push(dossierId, position, p.lastName, p.firstName, p.profession, p.identifier, p.communeCode, p.communeName, p.role);
      if (values.length === CHUNK * PROFESSIONAL_COLUMNS.length) await flush();
    }
  }
  await flush();
}

/** The stored verdict of the eligibility check, and the intake status that follows from it. */
export interface EligibilityColumns {
  eligible: boolean;
  blocking: number;
  warnings: number;
  status?: string;
}

function eligibilityValues(e: EligibilityColumns | undefined) {
  if (!e) return {};
  return {
    eligible: e.eligible ? 1 : 0,
    eligibility_blocking: e.blocking,
    eligibility_warnings: e.warnings,
    ...(e.status ? { status: e.status } : {}),
  };
}

/** Rows a statement inserts: the text index is written after each statement (migration 0010), not each row. */
const ROWS_PER_INSERT = 50;

/**
 * The dossiers' rows only, their keys returned in the same order; their professionals are written
 * by `replaceProfessionals`. Rows of the same columns go several to a statement, whose SQL is
 * built once for each shape and number of rows.
 */
export async function insertDossierRows(
  db: Kysely<Database>,
  rows: readonly { data: DossierData; at: string; eligibility?: EligibilityColumns }[],
): Promise<number[]> {
  const ids: number[] = [];
  let columns: readonly string[] = [];
  let values: unknown[] = [];
  let count = 0;
  const flush = async () => {
    if (count) ids.push(...(await insertIds(db, insertSql('dossiers', columns, count), values)));
    values = [];
    count = 0;
  };
  for (const args of rows) {
    const row = rowOf([dossierColumns(args.data), eligibilityValues(args.eligibility), { created_at: args.at, updated_at: args.at }]);
    if (row.columns !== columns || count === ROWS_PER_INSERT) {
      await flush();
      columns = row.columns;
    }
    for (const value of row.values) values.push(value);
    count++;
  }
  await flush();
  if (ids.length !== rows.length) throw new Error("Les dossiers n'ont pas tous été enregistrés.");
  return ids;
}

export async function updateDossierRow(
  db: Kysely<Database>,
  args: { id: number; data: DossierData; at: string; eligibility?: EligibilityColumns },
): Promise<void> {
  const { columns, values } = rowOf([dossierColumns(args.data), eligibilityValues(args.eligibility), { updated_at: args.at }]);
  values.push(args.id);
  await run(db, updateByIdSql('dossiers', columns), values);
}

export async function insertDossier(db: Kysely<Database>, args: { data: DossierData; at: string }): Promise<number> {
  const id = (await insertDossierRows(db, [args]))[0]!;
  await replaceProfessionals(db, [{ dossierId: id, professionals: args.data.professionals }]);
  return id;
}

export async function updateDossier(db: Kysely<Database>, args: { id: number; data: DossierData; at: string }): Promise<void> {
  await updateDossierRow(db, args);
  await replaceProfessionals(db, [{ dossierId: args.id, professionals: args.data.professionals }]);
}

export async function setEligibility(db: Kysely<Database>, args: EligibilityColumns & { id: number }): Promise<void> {
  await db.updateTable('dossiers').set(eligibilityValues(args)).where('id', '=', args.id).execute();
}

const sortColumns = {
  dsNumber: 'ds_number',
  name: 'name_key',
  structureType: 'structure_type',
  communeName: 'commune_key',
  departmentCode: 'department_code',
  status: 'status',
  submittedAt: 'submitted_at',
  updatedAt: 'updated_at',
  grantRequested: 'grant_requested_cents',
} as const satisfies Record<DossierListQuery['sort']['field'], keyof DossiersTable>;

type FilterColumn = 'structure_type' | 'status' | 'department_code' | 'eligible';

/** About how many dossiers one value of each filter keeps: four types, eight statuses, a region's départements. */
const filterShares: Record<FilterColumn, number> = { structure_type: 1 / 4, status: 1 / 8, department_code: 1 / 5, eligible: 1 / 2 };

/**
 * Below this many matches, their rows are read and sorted; above, the sort index is walked,
 * checking the filters from the index itself, and stops after a page.
 */
const FEW_MATCHES = 1000;

/** Above this many text matches, gathering them costs more than reading the rows a page walks past. */
const MANY_MATCHES = 20_000;

const and = (conditions: readonly RawBuilder<boolean>[]) => (conditions.length ? sql.join(conditions, sql` AND `) : sql`1 = 1`);

/**
 * One page of the filtered, sorted list, and how many dossiers match in all. The page's ids come
 * first, each filter sought through an index (see migration 0010) and words of three letters or
 * more through the text index; only the page's 200 or so rows are then read.
 */
export async function listDossiers(
  db: Kysely<Database>,
  /** onlyIds: the dossiers an account reaches (a member's), among which the list is made. */
  query: DossierListQuery & { onlyIds?: readonly number[] },
): Promise<{ total: number; rows: DossierSummary[] }> {
  const words = foldText(query.search).split(' ').filter(Boolean);
  const indexed = words.filter((w) => w.length >= INDEXED_WORD);
  const filters: RawBuilder<boolean>[] = [];
  // The filter that keeps the fewest dossiers leads the count's seek; the planner, without
  // statistics, cannot tell a département (a fifth of the dossiers) from a status (an eighth).
  let narrowest: { column: FilterColumn; share: number } | undefined;
  const within = (column: FilterColumn, values: readonly (string | number)[]) => {
    if (!values.length) return;
    filters.push(sql<boolean>`${sql.ref(column)} IN (${sql.join(values)})`);
    const share = values.length * filterShares[column];
    if (!narrowest || share < narrowest.share) narrowest = { column, share };
  };
  within('structure_type', query.structureTypes);
  within('status', query.statuses);
  within('department_code', query.departmentCodes);
  if (query.eligibility !== 'all') within('eligible', [query.eligibility === 'eligible' ? 1 : 0]);
  const engine = engineOf(db);
  if (query.onlyIds) filters.push(idAmong(engine, query.onlyIds));
  const short = words.filter((w) => w.length < INDEXED_WORD).map(containsWord);

  const column = sortColumns[query.sort.field];
  const direction = sql.raw(query.sort.direction);
  const pageOf = async (from: RawBuilder<unknown>, conditions: readonly RawBuilder<boolean>[], counted = false) => {
    const total = counted ? sql`, count(*) OVER () AS total` : sql``;
    const { rows } = await sql<{ id: number; total?: number }>`SELECT id${total} FROM ${from} WHERE ${and(conditions)}
      ORDER BY ${sql.ref(column)} ${direction}, id ${direction} LIMIT ${query.limit} OFFSET ${query.offset}`.execute(db);
    return rows;
  };
  const count = async (conditions: readonly RawBuilder<boolean>[], from: RawBuilder<unknown> = sql`dossiers`) => {
    const { rows } = await sql<{ total: number }>`SELECT count(*) AS total FROM ${from} WHERE ${and(conditions)}`.execute(db);
    return rows[0]?.total ?? 0;
  };
  const walk = dossiersThrough(engine, `dossiers_by_${column}`);
  // Words under three letters are looked for in the folded texts of an index, not in the rows.
  const texts = dossiersThrough(engine, 'dossiers_by_search_text');

  let total: number;
  let page: { id: number }[];
  const found = indexed.length
    ? await matchingIds(db, indexed, FEW_MATCHES + 1)
    : short.length
      ? (await sql<{ id: number }>`SELECT id FROM ${texts} WHERE ${and([...filters, ...short])} LIMIT ${FEW_MATCHES + 1}`.execute(db)).rows.map((r) => r.id)
      : null;
  if (!found) {
    total = await count(filters, narrowest ? dossiersThrough(engine, `dossiers_by_${narrowest.column}`) : undefined);
    page = await pageOf(total < FEW_MATCHES ? sql`dossiers` : walk, filters);
  } else if (found.length <= FEW_MATCHES) {
    // Few dossiers hold the words: their rows are filtered, sorted and counted in one query.
    const conditions = [idAmong(engine, found), ...filters, ...short];
    const counted = await pageOf(dossiersThrough(engine, null), conditions, true);
    total = counted[0]?.total ?? (query.offset > 0 ? await count(conditions) : 0);
    page = counted;
  } else if (!indexed.length) {
    // Many hold the short words: counted in the index of texts, each row's text checked on the walk.
    total = await count([...filters, ...short], texts);
    page = await pageOf(walk, [...filters, ...short]);
  } else {
    // Many hold the words: each dossier is checked against the text index's matches or, when they
    // are so many that gathering them costs more, against its folded text (in the index of texts
    // for the count, in its row on the walk, which comes to a page within a few hundred rows).
    const matching = await countMatching(db, indexed);
    const text = matching > MANY_MATCHES ? words.map(containsWord) : [matchesAll(engine, indexed), ...short];
    if (!filters.length && !short.length) total = matching;
    else total = await count([...filters, ...text], matching > MANY_MATCHES ? texts : undefined);
    page = await pageOf(walk, [...filters, ...text]);
  }
  const ids = page.map((r) => r.id);
  const rows = ids.length
    ? await db
        .selectFrom('dossiers')
        .select([
          'id',
          'ds_number',
          'name',
          'structure_type',
          'status',
          'commune_name',
          'department_code',
          'sponsor_first_name',
          'sponsor_last_name',
          'grant_requested_cents',
          'submitted_at',
          'updated_at',
          'eligible',
          'eligibility_blocking',
          'eligibility_warnings',
        ])
        .where('id', 'in', ids)
        .execute()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    total,
    rows: ids.flatMap((id) => {
      const r = byId.get(id);
      return r
        ? [
            {
              id: r.id,
              dsNumber: r.ds_number,
              name: r.name,
              structureType: r.structure_type as DossierSummary['structureType'],
              status: r.status as DossierSummary['status'],
              communeName: r.commune_name,
              departmentCode: r.department_code,
              sponsorName: [r.sponsor_first_name, r.sponsor_last_name].filter(Boolean).join(' '),
              grantRequested: toEuros(r.grant_requested_cents),
              submittedAt: r.submitted_at,
              updatedAt: r.updated_at,
              eligible: fromAnswer(r.eligible),
              blocking: r.eligibility_blocking,
              warnings: r.eligibility_warnings,
            },
          ]
        : [];
    }),
  };
}
