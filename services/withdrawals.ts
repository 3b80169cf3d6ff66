/**
 * A withdrawal by the applicants (désistement): the dossier leaves the agendas of the sessions
 * not yet closed, and keeps its record (imports, opinions and decisions already given).
 */
import { insertAudit } from '../db/queries/audit';
import { setWithdrawal, withdrawalOf } from '../db/queries/followup';
import type { Output, ParsedInput } from '../shared/contract';
import { formatDate } from '../shared/french';
import { AppError, validationError } from '../shared/result';
import type { ServiceContext } from './context';
import { localToday } from './dates';
import { refreshEligibility } from './eligibility';
import { getFollowUp } from './followup';
import { setDossierStatus } from './sessions';

export async function withdrawDossier(input: ParsedInput<'dossiers.withdraw'>, ctx: ServiceContext): Promise<Output<'followup.get'>> {
  const today = localToday(ctx);
  if (input.date > today) {
    throw validationError([{ field: 'date', message: `La date du désistement (${formatDate(input.date)}) est postérieure à aujourd'hui.` }]);
  }
  await ctx.db.transaction().execute(async (trx) => {
    const dossier = await withdrawalOf(trx, input.dossierId);
    if (!dossier) throw new AppError('NOT_FOUND', `Le dossier ${input.dossierId} n'existe pas.`);
    if (dossier.withdrawn_on) {
      throw new AppError('CONFLICT', `Le désistement de « ${dossier.name} » est déjà enregistré (le ${formatDate(dossier.withdrawn_on)}).`);
    }
    const items = await trx
      .selectFrom('agenda_items')
      .innerJoin('sessions', 'sessions.id', 'agenda_items.session_id')
      .select(['agenda_items.id', 'agenda_items.opinion', 'sessions.id as sessionId', 'sessions.number'])
      .where('agenda_items.dossier_id', '=', dossier.id)
      .where('sessions.status', '!=', 'closed')
      .execute();
    const examined = items.find((i) => i.opinion);
    if (examined) {
      throw new AppError(
        'CONFLICT',
        `La commission a déjà rendu un avis sur « ${dossier.name} » lors de la séance n° ${examined.number}, non clôturée : clôturez-la, puis enregistrez le désistement.`,
      );
    }
    const at = ctx.now().toISOString();
    for (const item of items) {
      const before = await trx.selectFrom('agenda_items').select('dossier_id').where('session_id', '=', item.sessionId).orderBy('position').execute();
      // Its declared withdrawals of members go with it (cascade): the item will not be examined.
      await trx.deleteFrom('agenda_items').where('id', '=', item.id).execute();
      const ids = before.map((b) => b.dossier_id);
      await insertAudit(trx, {
        at,
        actor: ctx.actor,
        entityType: 'session',
        entityId: String(item.sessionId),
        action: 'agenda',
        before: ids,
        after: ids.filter((id) => id !== dossier.id),
      });
    }
    await setWithdrawal(trx, dossier.id, { date: input.date, reason: input.reason }, at);
    await setDossierStatus(trx, [dossier.id], 'received', ['on_agenda']);
    await refreshEligibility(trx, [dossier.id]);
    await insertAudit(trx, {
      at,
      actor: ctx.actor,
      entityType: 'dossier',
      entityId: String(dossier.id),
      action: 'withdrawal',
      before: null,
      after: { date: input.date, reason: input.reason, agendas: items.map((i) => i.number) },
    });
  });
  return getFollowUp(ctx.db, input.dossierId, today);
}

/** A désistement recorded by mistake, withdrawn: the dossier may go on an agenda again. */
export async function cancelWithdrawal(input: ParsedInput<'dossiers.cancelWithdrawal'>, ctx: ServiceContext): Promise<Output<'followup.get'>> {
  await ctx.db.transaction().execute(async (trx) => {
    const dossier = await withdrawalOf(trx, input.dossierId);
    if (!dossier) throw new AppError('NOT_FOUND', `Le dossier ${input.dossierId} n'existe pas.`);
    if (!dossier.withdrawn_on) throw new AppError('CONFLICT', `Aucun désistement n'est enregistré pour « ${dossier.name} ».`);
    const at = ctx.now().toISOString();
    await setWithdrawal(trx, dossier.id, null, at);
    await insertAudit(trx, {
      at,
      actor: ctx.actor,
      entityType: 'dossier',
      entityId: String(dossier.id),
      action: 'withdrawal.cancel',
      before: { date: dossier.withdrawn_on, reason: dossier.withdrawal_reason },
      after: { reason: input.reason },
    });
  });
  return getFollowUp(ctx.db, input.dossierId, localToday(ctx));
}
