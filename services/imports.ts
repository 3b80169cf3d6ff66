import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { getDossiers, idsByDsNumber, insertDossierRow, replaceProfessionals, updateDossierRow } from '../db/queries/dossiers';
import { insertAudit, insertAudits, type AuditRecord } from '../db/queries/audit';
import { auditFrozenSessions } from './documents/record';
import { deleteMapping, getMapping, listMappings, saveMapping } from '../db/queries/mappings';
import type { Output, ParsedInput } from '../shared/contract';
import { changedPaths } from '../shared/diff';
import type { DossierData } from '../shared/dossier';
import {
  defaultMapping,
  dossierFields,
  type DossierFileImport,
  type ImportMapping,
  type TargetField,
} from '../shared/import-mapping';
import { AppError } from '../shared/result';
import type { ServiceContext } from './context';
import { eligibilityColumns, eligibilityRules, judgeAll } from './eligibility';
import { decodeUpload, sha256 } from './files';
import { parseDossierFile } from './import';
import { previewWarnings } from './import/warnings';
import { refuseFile } from './zoning';

type Upload = ParsedInput<'import.preview'>;
type Preview = Output<'import.preview'>;
type Change = Preview['changes'][number];

export async function resolveMapping(db: Kysely<Database>, name: string | undefined): Promise<ImportMapping> {
  if (name === undefined || name === defaultMapping.name) return defaultMapping;
  const mapping = await getMapping(db, name);
  if (!mapping) throw new AppError('NOT_FOUND', `Aucune correspondance de colonnes ne s'appelle « ${name} ».`);
  return mapping;
}

/**
 * The dossier fields a file really carries. An export lacking a column (the CSV has no
 * professionals, another form no grant breakdown) must not wipe what the dossier already holds.
 */
function carriedFields(columns: DossierFileImport['columns']) {
  const fields = new Set<string>();
  let professionals = false;
  for (const { field } of columns) {
    if (!field) continue;
    if (field.startsWith('professionals.')) professionals = true;
    else fields.add((dossierFields as Record<string, TargetField>)[field]?.feeds ?? field);
  }
  return { fields, professionals };
}

function mergeCarried(stored: DossierData, incoming: DossierData, carried: ReturnType<typeof carriedFields>): DossierData {
  type Tree = Record<string, unknown>;
  const merged = structuredClone(stored) as unknown as Tree;
  // Field keys are leaves at any depth ('name', 'grant.requested', 'legalEntity.representative.lastName').
  for (const path of carried.fields) {
    const keys = path.split('.');
    const leaf = keys.pop()!;
    let into = merged;
    let from = incoming as unknown as Tree;
    for (const key of keys) {
      into = into[key] as Tree;
      from = from[key] as Tree;
    }
    into[leaf] = from[leaf];
  }
  if (carried.professionals) merged.professionals = incoming.professionals;
  return merged as unknown as DossierData;
}

/** Reads the file and compares each dossier with the one already stored under its DS number. */
async function analyse(db: Kysely<Database>, input: Upload) {
  const mapping = await resolveMapping(db, input.mappingName);
  const bytes = decodeUpload(input.contentBase64);
  const parsed = await parseDossierFile(input.fileName, bytes, mapping);
  const numbers = parsed.dossiers.flatMap((d) => (d.data.dsNumber === null ? [] : [d.data.dsNumber]));
  const ids = await idsByDsNumber(db, numbers);
  const stored = new Map((await getDossiers(db, [...ids.values()])).map((d) => [d.id, d]));
  const carried = carriedFields(parsed.columns);
  const changes: (Change & { id?: number; data: DossierData })[] = parsed.dossiers.map(({ line, data }) => {
    const id = data.dsNumber === null ? undefined : ids.get(data.dsNumber);
    const previous = id === undefined ? undefined : stored.get(id)?.data;
    if (id === undefined || previous === undefined) {
      return { line, dsNumber: data.dsNumber, name: data.name, data, action: 'create', fields: [] };
    }
    const merged = mergeCarried(previous, data, carried);
    const fields = changedPaths(previous, merged);
    return { line, dsNumber: data.dsNumber, name: data.name, data: merged, id, action: fields.length ? 'update' : 'unchanged', fields };
  });
  const count = (action: Change['action']) => changes.filter((c) => c.action === action).length;
  const preview: Preview = {
    format: parsed.format,
    encoding: parsed.encoding ?? null,
    separator: parsed.separator ?? null,
    sheets: parsed.sheets,
    mappingName: mapping.name,
    columns: parsed.columns.map((c) => ({ header: c.header, field: c.field, sheet: c.sheet ?? null })),
    problems: parsed.problems.map((p) => ({ ...p, column: p.column ?? null, field: p.field ?? null, sheet: p.sheet ?? null })),
    warnings: previewWarnings(parsed, changes, await eligibilityRules(db)),
    ignoredSheets: parsed.ignoredSheets,
    dossierCount: parsed.dossiers.length,
    professionalCount: parsed.dossiers.reduce((n, d) => n + d.data.professionals.length, 0),
    created: count('create'),
    updated: count('update'),
    unchanged: count('unchanged'),
    changes: changes.map(({ line, dsNumber, name, action, fields }) => ({ line, dsNumber, name, action, fields })),
  };
  return { mapping, bytes, parsed, stored, changes, preview };
}

export async function previewImport(input: Upload, ctx: ServiceContext): Promise<Preview> {
  return (await analyse(ctx.db, input)).preview;
}

/**
 * Imports the whole file in one transaction, or nothing: a file with any problem is refused with
 * every problem listed by line, column and field.
 */
export async function runImport(input: Upload, ctx: ServiceContext): Promise<Output<'import.run'>> {
  const at = ctx.now().toISOString();
  // Read and compared inside the transaction, so that what is written is what was compared.
  return ctx.db.transaction().execute(async (trx) => {
    const { mapping, bytes, parsed, stored, changes, preview } = await analyse(trx, input);
    if (parsed.problems.length) throw refuseFile(input.fileName, parsed.problems);
    const { id: batchId } = await trx
      .insertInto('import_batches')
      .values({
        file_name: input.fileName,
        file_sha256: sha256(bytes),
        format: parsed.format,
        mapping_name: mapping.name,
        mapping_json: JSON.stringify(mapping),
        created: preview.created,
        updated: preview.updated,
        unchanged: preview.unchanged,
        imported_at: at,
        imported_by: ctx.actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const toWrite = changes.filter((c) => c.action !== 'unchanged');
    const verdicts = await judgeAll(trx, toWrite);
    const teams: { dossierId: number; professionals: DossierData['professionals'] }[] = [];
    const audits: AuditRecord[] = [];
    for (const [i, change] of toWrite.entries()) {
      const previous = change.id === undefined ? undefined : stored.get(change.id);
      const eligibility = eligibilityColumns(verdicts[i]!, previous?.status ?? 'received');
      const id = change.id ?? (await insertDossierRow(trx, { data: change.data, at, eligibility }));
      if (change.id !== undefined) await updateDossierRow(trx, { id, data: change.data, at, eligibility });
      teams.push({ dossierId: id, professionals: change.data.professionals });
      audits.push({
        at,
        actor: ctx.actor,
        entityType: 'dossier',
        entityId: String(id),
        action: change.action === 'create' ? 'import.create' : 'import.update',
        before: previous?.data ?? null,
        after: { ...change.data, importBatch: batchId, fileName: input.fileName, line: change.line },
      });
    }
    await replaceProfessionals(trx, teams);
    await insertAudits(trx, audits);
    const updatedIds = toWrite.flatMap((c) => (c.id === undefined ? [] : [c.id]));
    if (updatedIds.length) await auditFrozenSessions(trx, ctx, { entityType: 'import_batch', entityId: String(batchId), dossierIds: updatedIds });
    const { created, updated, unchanged, changes: list } = preview;
    return { batchId, created, updated, unchanged, changes: list };
  });
}

export async function listImportMappings(ctx: ServiceContext): Promise<Output<'import.mappings.list'>> {
  return [{ builtin: true, mapping: defaultMapping }, ...(await listMappings(ctx.db)).map((mapping) => ({ builtin: false, mapping }))];
}

export async function saveImportMapping(
  input: ParsedInput<'import.mappings.save'>,
  ctx: ServiceContext,
): Promise<Output<'import.mappings.save'>> {
  const { mapping } = input;
  if (mapping.name === defaultMapping.name) {
    throw new AppError('CONFLICT', `« ${mapping.name} » est la correspondance fournie avec l'application : enregistrez vos modifications sous un autre nom.`, [
      { field: 'mapping.name', message: 'Choisissez un autre nom.' },
    ]);
  }
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await getMapping(trx, mapping.name);
    await saveMapping(trx, { mapping, at });
    await insertAudit(trx, {
      at,
      actor: ctx.actor,
      entityType: 'import_mapping',
      entityId: mapping.name,
      action: before ? 'update' : 'create',
      before: before ?? null,
      after: mapping,
    });
  });
  return mapping;
}

export async function deleteImportMapping(input: ParsedInput<'import.mappings.delete'>, ctx: ServiceContext): Promise<null> {
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await getMapping(trx, input.name);
    if (!before) throw new AppError('NOT_FOUND', `Aucune correspondance de colonnes ne s'appelle « ${input.name} ».`);
    await deleteMapping(trx, input.name);
    await insertAudit(trx, { at, actor: ctx.actor, entityType: 'import_mapping', entityId: input.name, action: 'delete', before, after: null });
  });
  return null;
}
