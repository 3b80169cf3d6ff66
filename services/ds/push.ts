/**
 * A closed session's decisions sent back to Démarches Simplifiées, each with its letter as the
 * justificatif; a postponed dossier stays in instruction and gets its letter as a message. Each
 * letter version is pushed at most once: its row in `ds_pushes` records every step as it
 * succeeds (instruction, decision, message), so that a push stopped part-way resumes where it
 * stopped, and a decision the platform already holds from an earlier attempt is not taken twice.
 */
import { bumpVersions } from '../../db/queries/versions';
import { basename } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { insertAudit } from '../../db/queries/audit';
import { beginPush, PUSH_LEASE_MS, sessionPushes, updatePush, type DsPushRow } from '../../db/queries/ds-pushes';
import { dsStateLabels, dsStates, type DsState } from '../../shared/dossier';
import {
  dsActionOf,
  dsPushActionLabels,
  excerpt,
  type DsPushAction,
  type DsPushEntry,
  type DsPushPreview,
  type DsPushResult,
  type DsPushRun,
  type DsPushRunInput,
  type DsPushSkipReason,
  type DsWithdrawalInput,
  type DsWithdrawalResult,
  withdrawalMotivation,
} from '../../shared/ds-push';
import { formatDate } from '../../shared/french';
import { AppError } from '../../shared/result';
import { decisionOutcomeLabels, formatEuros } from '../../shared/session-rules';
import type { AgendaItemView } from '../../shared/session';
import type { ServiceContext } from '../context';
import { localDay, localToday } from '../dates';
import { documentBytes } from '../document-files';
import { md5Base64 } from '../files';
import { listDocuments, type RegisteredDocument } from '../documents';
import { groundsOf } from '../documents/letter';
import { getSessionDetail } from '../sessions';
import { DsError, type DsClient } from './client';
import {
  classerSansSuite,
  createDirectUploadMutation,
  decisionMutations,
  envoyerMessageMutation,
  passerEnInstruction,
  pushDossierQuery,
  repasserEnInstruction,
  type StateChange,
  type StateChangePayload,
} from './push-documents';

/** The platform refused one dossier's step (its `errors`): the others go on. */
class DossierRefused extends Error {}

/** The state each decision leaves the dossier in on the platform; a postponed one stays en_instruction. */
const finalState: Record<Exclude<DsPushAction, 'postpone'>, DsState> = { accept: 'accepte', refuse: 'refuse' };
const terminalStates: readonly DsState[] = ['accepte', 'refuse', 'sans_suite'];

/** What the platform's motivation says: the grounds the letter states, the reservations, the grant, and the letter's reference. */
export function dsMotivation(item: AgendaItemView, letterReference: string | null): string {
  const decision = item.decision!;
  const parts: string[] = [];
  const { grounds } = groundsOf(item);
  if (grounds) parts.push(grounds);
  if (decision.outcome === 'favorable_with_reservations' && item.opinion?.reservations.length) {
    parts.push(`Réserves :\n${item.opinion.reservations.map((r) => `- ${r}`).join('\n')}`);
  }
  if (decision.grant) parts.push(`Aide au démarrage accordée : ${formatEuros(decision.grant.amount)}.`);
  if (!parts.length) parts.push(`${decisionOutcomeLabels[decision.outcome]} de l'agence régionale de santé.`);
  if (letterReference) parts.push(`Courrier de décision joint (réf. ${letterReference}).`);
  return parts.join('\n\n');
}

/** The steps an attempt got through, in French; null when none. */
function progressOf(push: DsPushRow): string | null {
  const steps = [
    push.instruction_at && 'dossier passé en instruction',
    push.decided_at && 'décision enregistrée sur la plateforme',
    push.message_at && 'message envoyé',
  ].filter(Boolean);
  const done = steps.length ? `${steps.join(', ')} ; ` : '';
  if (push.last_error) return `Tentative précédente (${push.attempts}) : ${done}arrêtée — ${push.last_error}`;
  return `Transmission commencée par ${push.actor} (${done}sans fin enregistrée) : en cours sur un autre poste, ou interrompue.`;
}

const skip = (reason: DsPushSkipReason, message: string) => ({ reason, message });

async function platformStates(db: Kysely<Database>, dossierIds: number[]): Promise<Map<number, DsState | null>> {
  const rows = await db.selectFrom('dossiers').select(['id', 'ds_state']).where('id', 'in', dossierIds.length ? dossierIds : [-1]).execute();
  return new Map(rows.map((r) => [r.id, (dsStates as readonly string[]).includes(r.ds_state ?? '') ? (r.ds_state as DsState) : null]));
}

/** The latest letter of each dossier in the register. */
function latestLetters(documents: readonly RegisteredDocument[]): Map<number, RegisteredDocument> {
  const letters = new Map<number, RegisteredDocument>();
  for (const doc of documents) {
    if (doc.kind !== 'decision_letter' || doc.dossierId === null) continue;
    const known = letters.get(doc.dossierId);
    if (!known || known.version < doc.version) letters.set(doc.dossierId, doc);
  }
  return letters;
}

/** What a push of the session would send, dossier by dossier, and why each other one is left out. Reads nothing from the platform. */
export async function previewPush(db: Kysely<Database>, sessionId: number): Promise<DsPushPreview> {
  const session = await getSessionDetail(db, sessionId);
  const letters = latestLetters(await listDocuments(db, { sessionId }));
  const pushes = new Map((await sessionPushes(db, sessionId)).map((p) => [p.document_id, p]));
  const states = await platformStates(db, session.items.map((i) => i.dossier.id));
  const entries = session.items.map((item): DsPushEntry => {
    const letter = letters.get(item.dossier.id) ?? null;
    const decision = item.decision;
    const motivation = decision ? dsMotivation(item, letter?.reference ?? null) : '';
    const push = letter ? pushes.get(letter.id) : undefined;
    const reason =
      session.status !== 'closed'
        ? skip('session_not_closed', `La séance n° ${session.number} n'est pas clôturée : ses décisions ne sont pas arrêtées.`)
        : item.dossier.dsNumber === null
          ? skip('no_ds_number', 'Dossier sans numéro Démarches Simplifiées : il n’a pas été déposé sur la plateforme.')
          : !decision
            ? skip('no_decision', 'Aucune décision n’est enregistrée pour ce dossier.')
            : !letter
              ? skip('no_letter', 'Aucun courrier de décision n’a été produit : produisez les documents de la séance.')
              : letter.stale
                ? skip('stale_letter', `Le courrier ${letter.reference} est à refaire : ${letter.staleReason} Produisez-en une nouvelle version.`)
                : push?.completed_at
                  ? skip('already_sent', `Déjà transmis le ${formatDate(localDay(new Date(push.completed_at)))} avec le courrier ${letter.reference}.`)
                  : null;
    return {
      itemId: item.id,
      dossierId: item.dossier.id,
      dossierName: item.dossier.name,
      dsNumber: item.dossier.dsNumber,
      outcome: decision?.outcome ?? null,
      action: decision ? dsActionOf[decision.outcome] : null,
      motivation,
      motivationExcerpt: excerpt(motivation),
      letter: letter && { documentId: letter.id, version: letter.version, reference: letter.reference, fileName: basename(letter.filePath), sha256: letter.sha256 },
      platformState: push?.platform_state ? (push.platform_state as DsState) : (states.get(item.dossier.id) ?? null),
      skip: reason,
      resumes: push && !reason ? progressOf(push) : null,
    };
  });
  const toSend = entries.filter((e) => !e.skip).length;
  return { sessionId, sessionNumber: session.number, entries, toSend, skipped: entries.length - toSend };
}


/** Creates the direct upload, PUTs the letter's bytes, and answers the signed blob id a mutation names. */
async function uploadLetter(client: DsClient, dossierGid: string, fileName: string, bytes: Uint8Array): Promise<string> {
  const answer = await client.request(createDirectUploadMutation, {
    input: { dossierId: dossierGid, filename: fileName, byteSize: bytes.length, checksum: md5Base64(bytes), contentType: 'application/pdf' },
  });
  const upload = answer.createDirectUpload?.directUpload;
  if (!upload) throw new DossierRefused("La plateforme n'a pas préparé l'envoi du courrier.");
  let headers: Record<string, string>;
  try {
    headers = JSON.parse(upload.headers) as Record<string, string>;
  } catch {
    throw new DossierRefused("La plateforme a répondu des en-têtes d'envoi illisibles pour le courrier.");
  }
  await client.upload(upload.url, headers, bytes, fileName);
  return upload.signedBlobId;
}

function refusedBy(payload: Pick<StateChangePayload, 'errors'> | null | undefined, what: string): void {
  if (!payload) throw new DossierRefused(`La plateforme n'a pas répondu à la demande « ${what} ».`);
  if (payload.errors?.length) throw new DossierRefused(`La plateforme refuse « ${what} » : ${payload.errors.map((e) => e.message).join(' ; ')}`);
}

async function changeState<Input>(client: DsClient, change: StateChange<Input>, input: Input, what: string): Promise<DsState | null> {
  const payload = (await client.request(change.document, { input }))[change.field];
  refusedBy(payload, what);
  return payload!.dossier?.state ?? null;
}

/** The instructor who decides: the one named, else the dossier group's only one. */
function instructeurOf(dossier: { groupeInstructeur: { instructeurs: { id: string; email: string }[] } }, email: string): string {
  const instructeurs = dossier.groupeInstructeur.instructeurs;
  if (email) {
    const found = instructeurs.find((i) => i.email.toLowerCase() === email.toLowerCase());
    if (!found) throw new DossierRefused(`${email} n'est pas instructeur du groupe de ce dossier sur la plateforme.`);
    return found.id;
  }
  if (instructeurs.length === 1) return instructeurs[0]!.id;
  throw new DossierRefused(
    instructeurs.length
      ? `Le groupe de ce dossier a ${instructeurs.length} instructeurs : indiquez l'adresse électronique de celui à qui appartient le jeton.`
      : "Le groupe de ce dossier n'a aucun instructeur sur la plateforme.",
  );
}

interface Step {
  ctx: ServiceContext;
  client: DsClient;
  input: DsPushRunInput;
  entry: DsPushEntry & { action: DsPushAction; dsNumber: number; letter: NonNullable<DsPushEntry['letter']> };
  letterFile: { filePath: string; reference: string; sha256: string };
}

/**
 * Sends one dossier's decision, resuming after the steps an earlier attempt recorded. `stop`:
 * the failure is the connection's (token, network, limit), not this dossier's.
 */
async function pushOne({ ctx, client, input, entry, letterFile }: Step): Promise<{ result: DsPushResult; stop: boolean }> {
  const bytes = await documentBytes(ctx, letterFile);
  const now = () => ctx.now().toISOString();
  const leaseSince = new Date(ctx.now().getTime() - PUSH_LEASE_MS).toISOString();
  const push = await ctx.db.transaction().execute(async (trx) => {
    const row = await beginPush(
      trx,
      {
        document_id: entry.letter.documentId,
        letter_sha256: entry.letter.sha256,
        session_id: input.sessionId,
        dossier_id: entry.dossierId,
        ds_number: entry.dsNumber,
        action: entry.action,
        actor: ctx.actor,
      },
      now(),
      leaseSince,
    );
    if (!row) return null;
    await insertAudit(trx, {
      at: now(),
      actor: ctx.actor,
      entityType: 'dossier',
      entityId: String(entry.dossierId),
      action: 'ds.push.start',
      before: null,
      after: { dsNumber: entry.dsNumber, action: entry.action, letter: entry.letter.reference, version: entry.letter.version, sha256: entry.letter.sha256, attempt: row.attempts },
    });
    return row;
  });
  if (!push) {
    const message = `Le courrier ${entry.letter.reference} est en cours de transmission depuis un autre poste, ou vient d'être transmis : rien n'a été envoyé ; relancez dans quelques minutes pour voir où il en est.`;
    return { result: { ...resultOf(entry), status: 'failed', message, platformState: entry.platformState }, stop: false };
  }
  const label = dsPushActionLabels[entry.action].toLowerCase();
  try {
    const { dossier } = await client.request(pushDossierQuery, { number: entry.dsNumber });
    const instructeurId = instructeurOf(dossier, input.instructeurEmail);
    await updatePush(ctx.db, push.id, { dossier_gid: dossier.id, instructeur_gid: instructeurId, updated_at: now() });
    const ids = { dossierId: dossier.id, instructeurId };
    const state: DsState | null = dossier.state;
    const toInstruction = async () => {
      if (state !== 'en_construction' && !(state && terminalStates.includes(state))) return;
      const back = state === 'en_construction';
      const reached = await changeState(client, back ? passerEnInstruction : repasserEnInstruction, ids, back ? 'passer en instruction' : 'repasser en instruction');
      await updatePush(ctx.db, push.id, { instruction_at: now(), platform_state: reached, updated_at: now() });
    };
    const { action } = entry;
    if (action === 'postpone') {
      // No decision to take: its message, the last step, is what tells it was sent.
      if (!push.message_at) await toInstruction();
    } else if (!push.decided_at) {
      // An earlier attempt whose decision reached the platform before it could be recorded.
      const alreadyTaken =
        state === finalState[action] && dossier.dateTraitement !== null && Date.parse(dossier.dateTraitement) >= Date.parse(push.started_at);
      if (alreadyTaken) {
        await updatePush(ctx.db, push.id, { decided_at: now(), updated_at: now() });
      } else {
        await toInstruction();
        const justificatif = await uploadLetter(client, dossier.id, entry.letter.fileName, bytes);
        const decided = await changeState(client, decisionMutations[action], { ...ids, motivation: entry.motivation, justificatif }, label);
        await updatePush(ctx.db, push.id, { decided_at: now(), platform_state: decided, updated_at: now() });
      }
    }
    // The letter of ajournement reaches the applicants only as a message: no decision carries it.
    if ((input.sendMessage || action === 'postpone') && !push.message_at) {
      // A message that already carries these very bytes was posted by an earlier attempt whose answer was lost.
      const checksum = md5Base64(bytes);
      const posted = dossier.messages.some((m) => m.attachments.some((a) => a.checksum === checksum));
      if (!posted) {
        const attachment = await uploadLetter(client, dossier.id, entry.letter.fileName, bytes);
        const letter = action === 'postpone' ? 'le courrier d’ajournement' : 'le courrier de décision';
        const body = input.messageBody || `Veuillez trouver ci-joint ${letter} relatif à votre dossier (réf. ${entry.letter.reference}).`;
        const answer = await client.request(envoyerMessageMutation, { input: { ...ids, body, attachment } });
        refusedBy(answer.dossierEnvoyerMessage, 'envoyer le message');
      }
      await updatePush(ctx.db, push.id, { message_at: now(), updated_at: now() });
    }
    const refreshed = (await client.request(pushDossierQuery, { number: entry.dsNumber })).dossier.state;
    await complete(ctx, push.id, entry, refreshed);
    const message = `${dsPushActionLabels[entry.action]} : transmis avec le courrier ${entry.letter.reference}.`;
    return { result: { ...resultOf(entry), status: 'sent', message, platformState: refreshed }, stop: false };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await ctx.db.transaction().execute(async (trx) => {
      await updatePush(trx, push.id, { last_error: message, updated_at: now() });
      await insertAudit(trx, {
        at: now(),
        actor: ctx.actor,
        entityType: 'dossier',
        entityId: String(entry.dossierId),
        action: 'ds.push.failed',
        before: null,
        after: { dsNumber: entry.dsNumber, action: entry.action, letter: entry.letter.reference, version: entry.letter.version, error: message },
      });
    });
    // The platform's answer about this dossier; a token refused, a network lost or a limit reached stops the run.
    const own = error instanceof DossierRefused || (error instanceof DsError && (error.problem === 'not_found' || error.problem === 'answer'));
    if (!own && !(error instanceof AppError)) throw error;
    return { result: { ...resultOf(entry), status: 'failed', message, platformState: null }, stop: !own };
  }
}

/** The push is done: its row, the dossier's platform state, the letter notified, and the audit entry, together. */
async function complete(ctx: ServiceContext, pushId: number, entry: Step['entry'], state: DsState): Promise<void> {
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await updatePush(trx, pushId, { completed_at: at, platform_state: state, updated_at: at, last_error: '' });
    await trx.updateTable('dossiers').set({ ds_state: state }).where('id', '=', entry.dossierId).execute();
    // The platform state is part of the dossier's data: a form opened before must not put the old one back.
    await bumpVersions(trx, { table: 'dossiers', ids: [entry.dossierId], at, by: ctx.actor });
    // The platform notifies the sponsors with the letter: the letter is sent.
    await trx.updateTable('documents').set({ sent_at: localToday(ctx) }).where('id', '=', entry.letter.documentId).where('sent_at', 'is', null).execute();
    await trx.updateTable('dossiers').set({ status: 'notified' }).where('id', '=', entry.dossierId).where('status', '=', 'decided').execute();
    await insertAudit(trx, {
      at,
      actor: ctx.actor,
      entityType: 'dossier',
      entityId: String(entry.dossierId),
      action: 'ds.push.sent',
      before: { dsState: entry.platformState },
      after: { dsNumber: entry.dsNumber, action: entry.action, letter: entry.letter.reference, version: entry.letter.version, sha256: entry.letter.sha256, dsState: state },
    });
  });
}

const resultOf = (entry: DsPushEntry) => ({
  itemId: entry.itemId,
  dossierId: entry.dossierId,
  dsNumber: entry.dsNumber,
  dossierName: entry.dossierName,
  action: entry.action,
});

/**
 * Sends each decision the preview would, one dossier after the other. A dossier the platform
 * refuses is reported and the others go on; a token refused, a network lost or a limit reached
 * stops the run there, every dossier not reached reported as not attempted.
 */
export async function runPush(ctx: ServiceContext, input: DsPushRunInput, client: DsClient): Promise<DsPushRun> {
  const preview = await previewPush(ctx.db, input.sessionId);
  const wanted = input.dossierIds ? new Set(input.dossierIds) : null;
  const entries = preview.entries.filter((e) => !wanted || wanted.has(e.dossierId));
  const documents = new Map((await listDocuments(ctx.db, { sessionId: input.sessionId })).map((d) => [d.id, d]));
  const results: DsPushResult[] = [];
  let stopped: string | null = null;
  for (const entry of entries) {
    if (entry.skip || !entry.letter || !entry.action || entry.dsNumber === null) {
      results.push({ ...resultOf(entry), status: 'skipped', message: entry.skip?.message ?? '', platformState: entry.platformState });
      continue;
    }
    if (stopped) {
      results.push({ ...resultOf(entry), status: 'skipped', message: `Non tenté : ${stopped}`, platformState: entry.platformState });
      continue;
    }
    const step = { ctx, client, input, entry: { ...entry, action: entry.action, dsNumber: entry.dsNumber, letter: entry.letter }, letterFile: documents.get(entry.letter.documentId)! };
    let outcome: Awaited<ReturnType<typeof pushOne>>;
    try {
      outcome = await pushOne(step);
    } catch (error) {
      // The letter's file is gone or changed: nothing was sent for it.
      if (!(error instanceof AppError)) throw error;
      outcome = { result: { ...resultOf(entry), status: 'failed', message: error.message, platformState: entry.platformState }, stop: false };
    }
    results.push(outcome.result);
    if (outcome.stop) stopped = outcome.result.message;
  }
  const count = (status: DsPushResult['status']) => results.filter((r) => r.status === status).length;
  return { sessionId: input.sessionId, sent: count('sent'), skipped: count('skipped'), failed: count('failed'), results };
}

/**
 * Closes a withdrawn dossier on the platform (classé sans suite), its withdrawal as the
 * motivation, after taking it into instruction when it is still en construction. A dossier the
 * platform closed so already (an earlier attempt whose answer was lost, or an instructor) is only
 * recorded; one it accepted or refused is left as it is.
 */
export async function pushWithdrawal(ctx: ServiceContext, input: DsWithdrawalInput, client: DsClient): Promise<DsWithdrawalResult> {
  const dossier = await ctx.db
    .selectFrom('dossiers')
    .select(['id', 'name', 'ds_number', 'withdrawn_on', 'withdrawal_reason'])
    .where('id', '=', input.dossierId)
    .executeTakeFirst();
  if (!dossier) throw new AppError('NOT_FOUND', `Le dossier ${input.dossierId} n'existe pas.`);
  if (!dossier.withdrawn_on) throw new AppError('CONFLICT', `Aucun désistement n'est enregistré pour « ${dossier.name} » : rien à classer sans suite.`);
  if (dossier.ds_number === null) {
    throw new AppError('VALIDATION', `« ${dossier.name} » n'a pas de numéro Démarches Simplifiées : il n'a pas été déposé sur la plateforme.`);
  }
  const dsNumber = dossier.ds_number;
  const motivation = withdrawalMotivation(dossier.withdrawn_on, dossier.withdrawal_reason);
  let state: DsState;
  let sent = false;
  try {
    const { dossier: platform } = await client.request(pushDossierQuery, { number: dsNumber });
    state = platform.state;
    if (state === 'accepte' || state === 'refuse') {
      throw new AppError(
        'CONFLICT',
        `Le dossier n° ${dsNumber} est ${dsStateLabels[state].toLowerCase()} sur Démarches Simplifiées : une décision prise ne s'y classe pas sans suite. Le désistement reste enregistré ici.`,
      );
    }
    if (state !== 'sans_suite') {
      const ids = { dossierId: platform.id, instructeurId: instructeurOf(platform, input.instructeurEmail) };
      if (state === 'en_construction') await changeState(client, passerEnInstruction, ids, 'passer en instruction');
      state = (await changeState(client, classerSansSuite, { ...ids, motivation }, 'classer sans suite')) ?? 'sans_suite';
      sent = true;
    }
  } catch (error) {
    // The platform's refusal, worded by it: this dossier's, not the connection's.
    if (error instanceof DossierRefused) throw new AppError('CONFLICT', error.message);
    throw error;
  }
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('dossiers').set({ ds_state: state }).where('id', '=', dossier.id).execute();
    await bumpVersions(trx, { table: 'dossiers', ids: [dossier.id], at, by: ctx.actor });
    await insertAudit(trx, {
      at,
      actor: ctx.actor,
      entityType: 'dossier',
      entityId: String(dossier.id),
      action: 'ds.withdrawal.sent',
      before: null,
      after: { dsNumber, motivation, dsState: state, sent },
    });
  });
  const message = sent
    ? `Dossier n° ${dsNumber} classé sans suite sur Démarches Simplifiées ; les porteurs en sont avertis par la plateforme.`
    : `Le dossier n° ${dsNumber} était déjà classé sans suite sur Démarches Simplifiées : c'est enregistré ici.`;
  return { dossierId: dossier.id, dsNumber, platformState: state, sent, message };
}
