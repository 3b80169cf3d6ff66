/**
 * Convening a session's members (CRPA R133-8): a convocation per member and the agenda, as PDFs
 * in the data folder; when each was sent; their e-mail drafts; and a warning when they would
 * reach members fewer than five days before the meeting.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { insertAudit } from '../db/queries/audit';
import { markConvocationsSent, putConvocation, sessionConvocations } from '../db/queries/convocations';
import { listMembers } from '../db/queries/sessions';
import type { Output, ParsedInput } from '../shared/contract';
import type { ConvocationsView } from '../shared/contract/in-hand';
import { formatDate } from '../shared/french';
import { AppError } from '../shared/result';
import type { ServiceContext } from './context';
import { CONVOCATIONS_FOLDER } from './paths';
import { localDay, localToday } from './dates';
import { sessionFolderName } from './documents';
import { buildAgenda, buildConvocation, convocationValues, type ConvokedMember, type DossierFiles } from './documents/convocation';
import { identityOf, personName, sessionFacts, type SessionFacts } from './documents/facts';
import { filesUnder, safeFileName, sha256 } from './files';
import type { KeptFile, StagedKeep } from './file-store';
import { putSetting } from '../db/queries/settings';
import { draftsFolder, newDraftsFolder, openDraft, writeDraft, type Draft } from './mail-drafts';

/** CRPA R133-8: « cinq jours au moins avant la date de la réunion ». */
export const CONVOCATION_NOTICE_DAYS = 5;

/** Inside the data folder, whose path the database stores relative to it: a restore elsewhere finds them. */
const folderOf = (ctx: ServiceContext, number: string) => join(ctx.dataDir, CONVOCATIONS_FOLDER, sessionFolderName(number));
const absolute = (ctx: ServiceContext, stored: string) => join(ctx.dataDir, ...stored.split('/'));
const agendaPathOf = (ctx: ServiceContext, number: string) => join(folderOf(ctx, number), 'ordre-du-jour.pdf');
/** The agenda is in no table: its path and sha256 are kept as a setting of the session. */
const agendaKey = (sessionId: number) => `convocations.agenda.${sessionId}`;

async function keptAgenda(ctx: ServiceContext, session: { id: number; number: string }): Promise<KeptFile | null> {
  const row = await ctx.db.selectFrom('settings').select('value').where('key', '=', agendaKey(session.id)).executeTakeFirst();
  if (row) return JSON.parse(row.value) as KeptFile;
  // An agenda written before it was kept so: taken as it is in the folder.
  const legacy = agendaPathOf(ctx, session.number);
  return ctx.files.kind === 'folder' && existsSync(legacy) ? { path: legacy, sha256: sha256(readFileSync(legacy)) } : null;
}

/** A convocation or agenda as kept, checked, and a file on this machine holding it. */
async function checkedFile(ctx: ServiceContext, file: KeptFile, what: string): Promise<{ path: string; bytes: Buffer }> {
  const where = ctx.files.location(file) ?? 'dans la base partagée';
  const bytes = await ctx.files.read(file, {
    missing: `${what} est introuvable (${where}) : produisez de nouveau les convocations de la séance.`,
    changed: `${what} a été modifié depuis sa production (son empreinte ne correspond plus) : produisez de nouveau les convocations de la séance.`,
  });
  return { path: ctx.files.localPath(file, bytes), bytes };
}

/** Whole days from `from` to `to`, both YYYY-MM-DD. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;

/** The five days' warning: for what is still to send, and for what was sent late. */
export function noticeWarning(sessionDate: string, today: string, members: { name: string; sentAt: string | null }[]): string | null {
  const days = daysBetween(today, sessionDate);
  const unsent = members.filter((m) => m.sentAt === null);
  const late = members.filter((m) => m.sentAt !== null && daysBetween(m.sentAt, sessionDate) < CONVOCATION_NOTICE_DAYS);
  const parts: string[] = [];
  if (unsent.length && days < 0) parts.push(`La séance a eu lieu le ${formatDate(sessionDate)}.`);
  else if (unsent.length && days < CONVOCATION_NOTICE_DAYS) {
    parts.push(
      `La séance a lieu ${days === 0 ? "aujourd'hui" : `dans ${plural(days, 'jour')}`} : envoyées maintenant, les convocations parviendraient aux membres moins de cinq jours avant la réunion (CRPA, art. R133-8), ce qui n'est admis qu'en cas d'urgence.`,
    );
  }
  if (late.length) {
    parts.push(`Convocation envoyée moins de cinq jours avant la séance : ${late.map((m) => `${m.name} (le ${formatDate(m.sentAt!)})`).join(', ')}.`);
  }
  return parts.length ? parts.join(' ') : null;
}

async function sessionOf(ctx: ServiceContext, sessionId: number): Promise<SessionFacts> {
  const exists = await ctx.db.selectFrom('sessions').select('id').where('id', '=', sessionId).executeTakeFirst();
  if (!exists) throw new AppError('NOT_FOUND', `La séance ${sessionId} n'existe pas.`);
  return sessionFacts(ctx.db, sessionId);
}

async function view(ctx: ServiceContext, facts: SessionFacts): Promise<ConvocationsView> {
  const { session } = facts;
  const rows = new Map((await sessionConvocations(ctx.db, session.id)).map((r) => [r.member_id, r]));
  const emails = new Map((await listMembers(ctx.db, session.members.map((m) => m.memberId))).map((m) => [m.id, m.email]));
  const members = session.members.map((m) => {
    const row = rows.get(m.memberId);
    return {
      memberId: m.memberId,
      name: personName(m),
      email: emails.get(m.memberId) ?? '',
      filePath: row ? absolute(ctx, row.file_path) : null,
      createdAt: row?.created_at ?? null,
      sentAt: row?.sent_at ?? null,
    };
  });
  const today = localToday(ctx);
  const agenda = await keptAgenda(ctx, session);
  return {
    sessionId: session.id,
    folder: folderOf(ctx, session.number),
    agendaPath: agenda && (await ctx.files.has(agenda)) ? resolve(ctx.dataDir, agenda.path) : null,
    members,
    daysBefore: daysBetween(today, session.date),
    warning: noticeWarning(session.date, today, members),
  };
}

export async function getConvocations(ctx: ServiceContext, input: ParsedInput<'convocations.get'>): Promise<Output<'convocations.get'>> {
  return view(ctx, await sessionOf(ctx, input.sessionId));
}

async function dossierFiles(db: Kysely<Database>, dossierIds: number[]): Promise<DossierFiles> {
  const rows = dossierIds.length
    ? await db.selectFrom('attachments').select(['dossier_id', 'kind', 'original_name']).where('dossier_id', 'in', dossierIds).orderBy('id').execute()
    : [];
  const files: DossierFiles = new Map();
  for (const row of rows) files.set(row.dossier_id, [...(files.get(row.dossier_id) ?? []), { kind: row.kind, originalName: row.original_name }]);
  return files;
}

const convocationFileName = (session: SessionFacts['session'], member: ConvokedMember) =>
  `${session.date}_convocation_${safeFileName(personName(member), `membre-${member.memberId}`)}.pdf`;

/**
 * Writes every member's convocation and the agenda, then records them in one transaction; a
 * member's new convocation is to be sent again. Refused before anything is written when the
 * session has no start time, no member, or is already held.
 */
export async function generateConvocations(ctx: ServiceContext, input: ParsedInput<'convocations.generate'>): Promise<Output<'convocations.generate'>> {
  const facts = await sessionOf(ctx, input.sessionId);
  const { session } = facts;
  if (session.status === 'in_progress' || session.status === 'closed') {
    throw new AppError('CONFLICT', `La séance n° ${session.number} est ${session.status === 'closed' ? 'clôturée' : 'en cours'} : il n'y a plus de membre à convoquer.`);
  }
  if (!session.startTime) {
    throw new AppError('VALIDATION', "La convocation indique l'heure de la séance : renseignez son heure de début.", [{ field: 'startTime', message: "Indiquer l'heure de début de la séance." }]);
  }
  if (session.members.length === 0) throw new AppError('VALIDATION', "Aucun membre ne siège à cette séance : composez d'abord sa liste de membres.");
  identityOf(facts);
  const files = await dossierFiles(ctx.db, session.items.map((i) => i.dossier.id));
  const today = localToday(ctx);
  const folder = relative(ctx.dataDir, folderOf(ctx, session.number)).split(sep).join('/');
  const staged: StagedKeep[] = [];
  try {
    const written: { member: ConvokedMember; file: StagedKeep }[] = [];
    for (const member of session.members) {
      const file = await ctx.files.stage(`${folder}/${convocationFileName(session, member)}`, await buildConvocation(facts, member, files, today));
      staged.push(file);
      written.push({ member, file });
    }
    const agenda = await ctx.files.stage(`${folder}/ordre-du-jour.pdf`, await buildAgenda(facts, files));
    staged.push(agenda);
    const at = ctx.now().toISOString();
    const replaced = (await sessionConvocations(ctx.db, session.id)).map((r) => ({ path: r.file_path, sha256: r.sha256 }));
    await ctx.db.transaction().execute(async (trx) => {
      for (const { member, file } of written) {
        await putConvocation(trx, { session_id: session.id, member_id: member.memberId, file_path: file.path, sha256: file.sha256, created_at: at, created_by: ctx.actor });
      }
      await putSetting(trx, { key: agendaKey(session.id), value: { path: agenda.path, sha256: agenda.sha256 }, at, by: ctx.actor });
      await insertAudit(trx, {
        at,
        actor: ctx.actor,
        entityType: 'session',
        entityId: String(session.id),
        action: 'convocations.generate',
        before: null,
        after: { members: written.map((w) => w.member.memberId), folder: join(ctx.dataDir, folder) },
      });
      await ctx.files.commit(trx, staged);
    });
    // In the database, the bytes of the convocations replaced are no longer named.
    if (ctx.files.kind === 'database') await ctx.files.release(ctx.db, replaced);
  } catch (error) {
    ctx.files.discard(staged);
    throw error;
  }
  return view(ctx, facts);
}

async function convocationOf(ctx: ServiceContext, facts: SessionFacts, memberId: number) {
  const member = facts.session.members.find((m) => m.memberId === memberId);
  if (!member) throw new AppError('NOT_FOUND', `Le membre ${memberId} ne siège pas à la séance n° ${facts.session.number}.`);
  const row = (await sessionConvocations(ctx.db, facts.session.id)).find((r) => r.member_id === memberId);
  if (!row) throw new AppError('CONFLICT', `La convocation de ${personName(member)} n'a pas encore été produite : produisez les convocations de la séance.`);
  return { member, ...(await checkedFile(ctx, { path: row.file_path, sha256: row.sha256 }, `La convocation de ${personName(member)}`)) };
}

async function agendaOf(ctx: ServiceContext, facts: SessionFacts) {
  const agenda = await keptAgenda(ctx, facts.session);
  if (!agenda) throw new AppError('CONFLICT', "L'ordre du jour n'a pas encore été produit : produisez les convocations de la séance.");
  return checkedFile(ctx, agenda, "L'ordre du jour");
}

export async function openConvocation(ctx: ServiceContext, input: ParsedInput<'convocations.open'>): Promise<Output<'convocations.open'>> {
  const facts = await sessionOf(ctx, input.sessionId);
  const { path } = input.memberId === undefined ? await agendaOf(ctx, facts) : await convocationOf(ctx, facts, input.memberId);
  if (ctx.openPath) await ctx.openPath(path);
  return { path, opened: ctx.openPath !== undefined };
}

/** Sent on or after the day it was produced, never in the future; a late sending is allowed (urgency) and said. */
export async function recordConvocationsSent(ctx: ServiceContext, input: ParsedInput<'convocations.markSent'>): Promise<Output<'convocations.markSent'>> {
  const facts = await sessionOf(ctx, input.sessionId);
  const today = localToday(ctx);
  const sentAt = input.sentAt ?? today;
  if (sentAt > today) {
    throw new AppError('VALIDATION', `La date d'envoi (${formatDate(sentAt)}) est postérieure à aujourd'hui (${formatDate(today)}).`, [
      { field: 'sentAt', message: "La date d'envoi ne peut pas être dans le futur." },
    ]);
  }
  await ctx.db.transaction().execute(async (trx) => {
    const rows = new Map((await sessionConvocations(trx, facts.session.id)).map((r) => [r.member_id, r]));
    for (const memberId of input.memberIds) {
      const member = facts.session.members.find((m) => m.memberId === memberId);
      const row = rows.get(memberId);
      if (!member || !row) {
        throw new AppError('CONFLICT', `Aucune convocation n'a été produite pour le membre ${member ? personName(member) : memberId} à cette séance.`);
      }
      const produced = localDay(new Date(row.created_at));
      if (sentAt < produced) {
        throw new AppError('VALIDATION', `La date d'envoi (${formatDate(sentAt)}) précède la production de la convocation, le ${formatDate(produced)}.`, [
          { field: 'sentAt', message: "La date d'envoi ne peut pas précéder la production de la convocation." },
        ]);
      }
    }
    await markConvocationsSent(trx, { sessionId: facts.session.id, memberIds: input.memberIds, sentAt, sentBy: ctx.actor });
    await insertAudit(trx, {
      at: ctx.now().toISOString(),
      actor: ctx.actor,
      entityType: 'session',
      entityId: String(facts.session.id),
      action: 'convocations.sent',
      before: null,
      after: { memberIds: input.memberIds, sentAt },
    });
  });
  return view(ctx, facts);
}

async function convocationDraft(ctx: ServiceContext, facts: SessionFacts, memberId: number): Promise<{ draft: Draft; name: string }> {
  const { member, path, bytes } = await convocationOf(ctx, facts, memberId);
  const identity = identityOf(facts);
  const [roster] = await listMembers(ctx.db, [memberId]);
  const email = roster?.email ?? '';
  const agenda = await agendaOf(ctx, facts);
  const from = identity.caseOfficer.email || identity.email;
  return {
    name: basename(path).replace(/\.pdf$/, '.eml'),
    draft: {
      from: from ? { name: identity.caseOfficer.name || identity.agencyName, address: from } : undefined,
      to: email ? [{ name: personName(member), address: email }] : [],
      cc: [],
      subject: 'mailConvocationSubject',
      body: 'mailConvocationBody',
      values: convocationValues(facts, member),
      attachments: [
        { fileName: basename(path), contentType: 'application/pdf', content: bytes },
        { fileName: basename(agenda.path), contentType: 'application/pdf', content: agenda.bytes },
      ],
      warnings: email ? [] : [`Le courriel de ${personName(member)} n'est pas renseigné (liste des membres) : indiquez le destinataire dans la messagerie.`],
    },
  };
}

export async function draftConvocationMail(ctx: ServiceContext, input: ParsedInput<'convocations.draft'>): Promise<Output<'convocations.draft'>> {
  const facts = await sessionOf(ctx, input.sessionId);
  const { draft, name } = await convocationDraft(ctx, facts, input.memberId);
  return openDraft(ctx, writeDraft(ctx, facts, join(newDraftsFolder(facts.session.number), name), draft));
}

export async function draftConvocationMails(ctx: ServiceContext, input: ParsedInput<'convocations.drafts'>): Promise<Output<'convocations.drafts'>> {
  const facts = await sessionOf(ctx, input.sessionId);
  const drafts = [];
  for (const member of facts.session.members) drafts.push(await convocationDraft(ctx, facts, member.memberId));
  const folder = await draftsFolder(ctx, input.folder, facts.session.number);
  if (folder === null) return { folder: null, drafts: [] };
  return { folder, drafts: drafts.map(({ draft, name }) => writeDraft(ctx, facts, join(folder, name), draft)) };
}

/** Every convocation and agenda on disk, by absolute path: the full archive keeps them with the documents. */
export function convocationFiles(dataDir: string): string[] {
  return filesUnder(join(dataDir, CONVOCATIONS_FOLDER)).filter((path) => path.endsWith('.pdf'));
}
