import { checkVersion } from './versions';
import { bumpVersions } from '../db/queries/versions';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { getDossiers, idsByDsNumber, insertDossierRows, replaceProfessionals, updateDossierRow } from '../db/queries/dossiers';
import { insertAudit, insertAudits, type AuditRecord } from '../db/queries/audit';
import { decidedDossierIds, forgetManualFields, manualFieldsOf, type ManualField } from '../db/queries/import-guards';
import { auditFrozenSessions } from './documents/record';
import { deleteMapping, getMapping, listMappings, saveMapping } from '../db/queries/mappings';
import type { Output, ParsedInput } from '../shared/contract';
import {
  changedFields,
  displayValue,
  fieldLabelOf,
  isBlankValue,
  setValueAt,
  valueAt,
  type DossierField,
} from '../shared/diff';
import { dossierStatusLabels, type DossierData, type DossierStatus } from '../shared/dossier';
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
import { backupBeforeImport } from './backup';

type Upload = ParsedInput<'import.preview'>;

const WRITE_CHUNK = 1000;
type RunInput = ParsedInput<'import.run'>;
/** What the user chose for the fields corrected by hand; the preview shows what they give. */
type Choices = Pick<Upload, 'resolutions' | 'overwriteManual'>;
type Preview = Output<'import.preview'>;
type Change = Preview['changes'][number];
type Conflict = Change['conflicts'][number];

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
export function carriedFields(columns: DossierFileImport['columns']): Set<DossierField> {
  const fields = new Set<DossierField>();
  for (const { field } of columns) {
    if (!field) continue;
    if (field.startsWith('professionals.')) fields.add('professionals');
    else fields.add(((dossierFields as Record<string, TargetField>)[field]?.feeds ?? field) as DossierField);
  }
  return fields;
}

/** A copy of a dossier's data, plain objects, arrays and values only: a fraction of what structuredClone costs. */
function copyData<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyData) as T;
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const key in value) copy[key] = copyData(value[key]);
  return copy as T;
}

/**
 * The stored dossier with what a source carries, for files and any later source alike: an
 * empty value never blanks a stored one (an empty « Établissement SIRET », a dossier with no
 * row in the professionals' sheet).
 */
export function mergeCarried(stored: DossierData, incoming: DossierData, carried: ReadonlySet<DossierField>): DossierData {
  const merged = copyData(stored);
  for (const field of carried) {
    const value = valueAt(incoming, field);
    if (!isBlankValue(field, value)) setValueAt(merged, field, value);
  }
  return merged;
}

/**
 * The fields corrected by hand that `merged` would change: each keeps its correction unless the
 * user chose the file's value (then returned in `retaken`: it is no longer a correction).
 */
function settleConflicts(
  dsNumber: number | null,
  stored: DossierData,
  merged: DossierData,
  changed: readonly DossierField[],
  manual: Map<string, ManualField> | undefined,
  keepOf: (dsNumber: number | null, field: DossierField) => Conflict['keep'],
): { conflicts: Conflict[]; retaken: DossierField[] } {
  const conflicts: Conflict[] = [];
  const retaken: DossierField[] = [];
  for (const field of changed) {
    const edit = manual?.get(field);
    if (!edit) continue;
    const keep = keepOf(dsNumber, field);
    conflicts.push({
      field,
      label: fieldLabelOf(field),
      manual: displayValue(field, valueAt(stored, field)),
      file: displayValue(field, valueAt(merged, field)),
      editedAt: edit.editedAt,
      editedBy: edit.editedBy,
      keep,
    });
    if (keep === 'manual') setValueAt(merged, field, valueAt(stored, field));
    else retaken.push(field);
  }
  return { conflicts, retaken };
}

/** The changes among the fields `candidates` (those where the file differed before conflicts were settled). */
function fieldChanges(before: DossierData, after: DossierData, candidates: readonly DossierField[]): Change['fields'] {
  return changedFields(before, after, candidates).map((field) => ({
    field,
    label: fieldLabelOf(field),
    before: displayValue(field, valueAt(before, field)),
    after: displayValue(field, valueAt(after, field)),
  }));
}

function keeper({ resolutions, overwriteManual }: Choices) {
  const chosen = new Map(resolutions.map((r) => [`${r.dsNumber}:${r.field}`, r.keep]));
  return (dsNumber: number | null, field: DossierField) => chosen.get(`${dsNumber}:${field}`) ?? (overwriteManual ? 'file' : 'manual');
}

/** Dossiers as a file, or as the answers of the platform's API a sync gathered. */
export interface DossierSource {
  fileName: string;
  bytes: Buffer;
}
/** How a source is read and what the user chose for its conflicts. */
type SourceOptions = Choices & Pick<Upload, 'mappingName'>;

/** Reads the source and compares each dossier with the one already stored under its DS number. */
async function analyse(db: Kysely<Database>, { fileName, bytes }: DossierSource, input: SourceOptions) {
  const mapping = await resolveMapping(db, input.mappingName);
  const parsed = await parseDossierFile(fileName, bytes, mapping);
  const numbers = parsed.dossiers.flatMap((d) => (d.data.dsNumber === null ? [] : [d.data.dsNumber]));
  const ids = await idsByDsNumber(db, numbers);
  const stored = new Map((await getDossiers(db, [...ids.values()])).map((d) => [d.id, d]));
  const manual = await manualFieldsOf(db, [...ids.values()]);
  const decided = await decidedDossierIds(db, [...ids.values()]);
  const carried = carriedFields(parsed.columns);
  const keepOf = keeper(input);
  type Planned = Change & { id?: number; data: DossierData; retaken: DossierField[] };
  const changes: Planned[] = parsed.dossiers.map(({ line, data }) => {
    const id = data.dsNumber === null ? undefined : ids.get(data.dsNumber);
    const previous = id === undefined ? undefined : stored.get(id);
    const about = { line, dsNumber: data.dsNumber, name: data.name };
    if (id === undefined || previous === undefined) {
      return { ...about, data, action: 'create', status: null, decided: false, fields: [], conflicts: [], retaken: [] };
    }
    const merged = mergeCarried(previous.data, data, carried);
    const changed = changedFields(previous.data, merged);
    const { conflicts, retaken } = settleConflicts(data.dsNumber, previous.data, merged, changed, manual.get(id), keepOf);
    const fields = fieldChanges(previous.data, merged, changed);
    return {
      ...about,
      name: merged.name,
      data: merged,
      id,
      action: fields.length ? 'update' : 'unchanged',
      status: previous.status as DossierStatus,
      decided: decided.has(id),
      fields,
      conflicts,
      retaken,
    };
  });
  const count = (action: Change['action']) => changes.filter((c) => c.action === action).length;
  const counts = {
    created: count('create'),
    updated: count('update'),
    unchanged: count('unchanged'),
    changes: changes.map(({ id: _id, data: _data, retaken: _retaken, ...change }) => change),
  };
  return { mapping, bytes, parsed, stored, changes, counts };
}

const uploaded = (input: Upload): DossierSource => ({ fileName: input.fileName, bytes: decodeUpload(input.contentBase64) });

export async function previewImport(input: Upload, ctx: ServiceContext): Promise<Preview> {
  return previewSource(ctx, uploaded(input), input);
}

export async function previewSource(ctx: ServiceContext, source: DossierSource, input: SourceOptions): Promise<Preview> {
  const { mapping, parsed, changes, counts } = await analyse(ctx.db, source, input);
  return {
    format: parsed.format,
    encoding: parsed.encoding ?? null,
    separator: parsed.separator ?? null,
    sheets: parsed.sheets,
    mappingName: mapping.name,
    columns: parsed.columns.map((c) => ({ header: c.header, field: c.field, sheet: c.sheet ?? null })),
    problems: parsed.problems.map((p) => ({ ...p, column: p.column ?? null, field: p.field ?? null, sheet: p.sheet ?? null })),
    warnings: previewWarnings(parsed, changes, await eligibilityRules(ctx.db)),
    ignoredSheets: parsed.ignoredSheets,
    dossierCount: parsed.dossiers.length,
    professionalCount: parsed.dossiers.reduce((n, d) => n + d.data.professionals.length, 0),
    ...counts,
  };
}

/** Beyond this, the message says how many more; the details list them all. */
const NAMED = 10;

/** An import would change dossiers the commission or the agency acted on: refused until confirmed. */
function refuseDecided(decided: Change[]): AppError {
  const named = (c: Change) => `n° ${c.dsNumber} « ${c.name} » (${c.status ? dossierStatusLabels[c.status] : ''})`;
  const more = decided.length > NAMED ? ` et ${decided.length - NAMED} autres` : '';
  const several = decided.length > 1;
  return new AppError(
    'CONFLICT',
    `L'import modifierait ${decided.length} dossier${several ? 's' : ''} qui ${several ? 'ont' : 'a'} déjà un avis, une décision ou une notification : ${decided
      .slice(0, NAMED)
      .map(named)
      .join(', ')}${more}. Rien n'a été importé : confirmez la modification de ${several ? 'ces dossiers' : 'ce dossier'} pour l'importer.`,
    decided.map((c) => ({
      line: c.line,
      field: 'confirmDecided',
      message: `Dossier ${named(c)} : ${c.fields.map((f) => f.label).join(', ')}.`,
    })),
  );
}

/**
 * Imports the whole file in one transaction, or nothing: a file with any problem is refused with
 * every problem listed by line, column and field; a change to a dossier with an opinion, a
 * decision or a notification is refused unless confirmed.
 */
export async function runImport(input: RunInput, ctx: ServiceContext): Promise<Output<'import.run'>> {
  return importSource(ctx, uploaded(input), input);
}

/**
 * Imports a source as `runImport` does a file; `alongside` writes, in the same transaction, what
 * goes with it (a sync's attachments and its point of resumption).
 */
export async function importSource(
  ctx: ServiceContext,
  source: DossierSource,
  input: SourceOptions & Pick<RunInput, 'confirmDecided'>,
  alongside: (trx: Kysely<Database>, batchId: number) => Promise<void> = async () => {},
): Promise<Output<'import.run'>> {
  await backupBeforeImport(ctx);
  const at = ctx.now().toISOString();
  // Read and compared inside the transaction, so that what is written is what was compared.
  return ctx.db.transaction().execute(async (trx) => {
    const { mapping, bytes, parsed, stored, changes, counts } = await analyse(trx, source, input);
    if (parsed.problems.length) throw refuseFile(source.fileName, parsed.problems);
    const toWrite = changes.filter((c) => c.action !== 'unchanged');
    const decided = toWrite.filter((c) => c.decided);
    if (decided.length && !input.confirmDecided) throw refuseDecided(decided);
    const { id: batchId } = await trx
      .insertInto('import_batches')
      .values({
        file_name: source.fileName,
        file_sha256: sha256(bytes),
        format: parsed.format,
        mapping_name: mapping.name,
        mapping_json: JSON.stringify(mapping),
        created: counts.created,
        updated: counts.updated,
        unchanged: counts.unchanged,
        imported_at: at,
        imported_by: ctx.actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Judged and written by chunks: verdicts and audit records of a 100,000-dossier file never all live at once.
    for (let from = 0; from < toWrite.length; from += WRITE_CHUNK) {
      const chunk = toWrite.slice(from, from + WRITE_CHUNK);
      const verdicts = await judgeAll(trx, chunk);
      const previousOf = (change: (typeof chunk)[number]) => (change.id === undefined ? undefined : stored.get(change.id));
      const eligibilities = chunk.map((change, i) => eligibilityColumns(verdicts[i]!, previousOf(change)?.status ?? 'received'));
      // The new dossiers several to a statement, their keys in the order of the file.
      const createdIds = await insertDossierRows(
        trx,
        chunk.flatMap((change, i) => (change.id === undefined ? [{ data: change.data, at, eligibility: eligibilities[i] }] : [])),
      );
      let created = 0;
      const teams: { dossierId: number; professionals: DossierData['professionals'] }[] = [];
      const audits: AuditRecord[] = [];
      for (const [i, change] of chunk.entries()) {
        const previous = previousOf(change);
        const id = change.id ?? createdIds[created++]!;
        if (change.id !== undefined) await updateDossierRow(trx, { id, data: change.data, at, eligibility: eligibilities[i] });
        // A team the update leaves as it is stays as stored, rather than deleted and written again.
        const team = change.data.professionals;
        if (change.action === 'create' ? team.length > 0 : change.fields.some((f) => f.field === 'professionals')) {
          teams.push({ dossierId: id, professionals: team });
        }
        audits.push({
          at,
          actor: ctx.actor,
          entityType: 'dossier',
          entityId: String(id),
          action: change.action === 'create' ? 'import.create' : 'import.update',
          before: previous?.data ?? null,
          after: { ...change.data, importBatch: batchId, fileName: source.fileName, line: change.line },
        });
      }
      await replaceProfessionals(trx, teams);
      await insertAudits(trx, audits);
    }
    await forgetManualFields(
      trx,
      toWrite.flatMap((c) => (c.id === undefined ? [] : c.retaken.map((field) => ({ dossierId: c.id!, field })))),
    );
    const updatedIds = toWrite.flatMap((c) => (c.id === undefined ? [] : [c.id]));
    // A form opened before the import is now out of date: its save is refused rather than undoing the import.
    await bumpVersions(trx, { table: 'dossiers', ids: updatedIds, at, by: ctx.actor });
    if (updatedIds.length) await auditFrozenSessions(trx, ctx, { entityType: 'import_batch', entityId: String(batchId), dossierIds: updatedIds });
    await alongside(trx, batchId);
    return { batchId, ...counts };
  });
}

export async function listImportMappings(ctx: ServiceContext): Promise<Output<'import.mappings.list'>> {
  return [{ builtin: true, mapping: defaultMapping, version: 0 }, ...(await listMappings(ctx.db)).map((saved) => ({ builtin: false, ...saved }))];
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
    // A new name is version 0: another post saving the same name first makes this save a conflict.
    await checkVersion(trx, { kind: 'mapping', table: 'import_mappings', key: { name: mapping.name } }, input.expectedVersion);
    const before = await getMapping(trx, mapping.name);
    await saveMapping(trx, { mapping, at, by: ctx.actor });
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
