import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { getDossiers, idsByDsNumber, insertDossier, listDossiers, updateDossier } from '../db/queries/dossiers';
import { listAttachments } from '../db/queries/attachments';
import { insertAudit } from '../db/queries/audit';
import { recordManualFields } from '../db/queries/import-guards';
import { auditFrozenSessions } from './documents/record';
import type { ParsedInput, Output } from '../shared/contract';
import { changedFields, valueAt } from '../shared/diff';
import type { DossierData } from '../shared/dossier';
import { AppError } from '../shared/result';
import type { ServiceContext } from './context';
import { eligibilityOf, refreshEligibility } from './eligibility';
import { zoningOf } from './zoning';
import { resolveDossierId, type DossierRef } from './dossier-ref';
import { scopedListQuery } from './scope';
import { checkVersion, saveOver } from './versions';

export async function getDossierDetail(db: Kysely<Database>, ref: DossierRef): Promise<Output<'dossiers.get'>> {
  const id = await resolveDossierId(db, ref);
  const [dossier] = await getDossiers(db, [id]);
  if (!dossier) throw new AppError('NOT_FOUND', `Le dossier ${id} n'existe pas.`);
  return {
    id,
    status: dossier.status as Output<'dossiers.get'>['status'],
    createdAt: dossier.createdAt,
    updatedAt: dossier.updatedAt,
    version: dossier.version,
    updatedBy: dossier.updatedBy,
    data: dossier.data,
    eligibility: await eligibilityOf(db, id, dossier.data),
    referenceZoning: await zoningOf(db, dossier.data.communeCode),
    attachments: await listAttachments(db, id),
  };
}

/** A Démarches Simplifiées number belongs to one dossier only. */
async function checkDsNumberFree(db: Kysely<Database>, data: DossierData, selfId?: number): Promise<void> {
  if (data.dsNumber === null) return;
  const owner = (await idsByDsNumber(db, [data.dsNumber])).get(data.dsNumber);
  if (owner !== undefined && owner !== selfId) {
    throw new AppError('CONFLICT', `Le numéro Démarches Simplifiées ${data.dsNumber} est déjà celui d'un autre dossier.`, [
      { field: 'data.dsNumber', message: 'Ce numéro est déjà utilisé par un autre dossier.' },
    ]);
  }
}

export async function createDossier(
  input: ParsedInput<'dossiers.create'>,
  ctx: ServiceContext,
): Promise<Output<'dossiers.get'>> {
  const at = ctx.now().toISOString();
  const id = await ctx.db.transaction().execute(async (trx) => {
    await checkDsNumberFree(trx, input.data);
    const id = await insertDossier(trx, { data: input.data, at });
    await insertAudit(trx, {
      at,
      actor: ctx.actor,
      entityType: 'dossier',
      entityId: String(id),
      action: 'create',
      before: null,
      after: input.data,
    });
    await auditFrozenSessions(trx, ctx, { entityType: 'dossier', entityId: String(id), dossierIds: [id] });
    await refreshEligibility(trx, [id]);
    return id;
  });
  return getDossierDetail(ctx.db, { id });
}

export async function editDossier(
  input: ParsedInput<'dossiers.update'>,
  ctx: ServiceContext,
): Promise<Output<'dossiers.get'>> {
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const id = await resolveDossierId(trx, { id: input.id });
    const [before] = await getDossiers(trx, [id]);
    await checkDsNumberFree(trx, input.data, id);
    const record = { kind: 'dossier', table: 'dossiers', key: { id } } as const;
    if (JSON.stringify(before?.data) === JSON.stringify(input.data)) return checkVersion(trx, record, input.expectedVersion);
    await saveOver(trx, ctx, record, input.expectedVersion);
    await updateDossier(trx, { id, data: input.data, at });
    // A person's correction: a later import keeps it unless the user chooses the file's value.
    const corrected = before ? changedFields(before.data, input.data) : [];
    await recordManualFields(
      trx,
      corrected.map((field) => ({ dossierId: id, field, value: valueAt(input.data, field), at, by: ctx.actor })),
    );
    await insertAudit(trx, {
      at,
      actor: ctx.actor,
      entityType: 'dossier',
      entityId: String(id),
      action: 'update',
      before: before?.data ?? null,
      after: input.data,
    });
    await auditFrozenSessions(trx, ctx, { entityType: 'dossier', entityId: String(id), dossierIds: [id] });
    await refreshEligibility(trx, [id]);
  });
  return getDossierDetail(ctx.db, { id: input.id });
}

/** The dossiers the account reaches (an instructor's départements, a member's sessions). */
export async function listDossierSummaries(input: ParsedInput<'dossiers.list'>, ctx: ServiceContext) {
  const query = await scopedListQuery(ctx, input);
  return query ? listDossiers(ctx.db, query) : { total: 0, rows: [] };
}
