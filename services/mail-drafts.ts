/**
 * The decision letters' e-mail drafts: to the sponsor, a copy to the département's contact, the
 * letter and its agreement attached, the subject and text from the agency's templates.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, parse } from 'node:path';
import type { Output, ParsedInput } from '../shared/contract';
import type { MailDraftInfo } from '../shared/contract/in-hand';
import { AppError } from '../shared/result';
import { caseOfficerFor } from '../shared/settings';
import { fillTemplate, type TemplateKey, type TemplateValues } from '../shared/templates';
import type { ServiceContext } from './context';
import { documentBytes } from './document-files';
import { listDocuments, registeredDocument, sessionFolderName, type RegisteredDocument } from './documents';
import { identityOf, personName, placeholderValues, salutation, sessionFacts, type SessionFacts } from './documents/facts';
import { checkOutputFolder, writeFileAtomic } from './files';
import { composeEml, type MailAddress, type MailAttachment } from './mail';

export interface Draft {
  from?: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  subject: TemplateKey;
  body: TemplateKey;
  values: TemplateValues;
  attachments: MailAttachment[];
  warnings: string[];
}

/** The template's text filled, on one line for a subject. */
export function filled(facts: SessionFacts, key: TemplateKey, values: TemplateValues): string {
  return fillTemplate(facts.settings.templates[key], values);
}

/** Writes the draft as a .eml file at `path`, atomically, and says what it holds. */
export function writeDraft(ctx: ServiceContext, facts: SessionFacts, path: string, draft: Draft): MailDraftInfo {
  const subject = filled(facts, draft.subject, draft.values).replace(/\s+/g, ' ').trim();
  const text = filled(facts, draft.body, draft.values);
  writeFileAtomic(path, composeEml({ ...draft, subject, text, date: ctx.now() }));
  return {
    path,
    subject,
    to: draft.to.map((a) => a.address),
    cc: draft.cc.map((a) => a.address),
    attachments: draft.attachments.map((a) => a.fileName),
    warnings: draft.warnings,
  };
}

/**
 * A new owner-only folder under the system's temporary folder: drafts carry the sponsors' and
 * members' names and addresses, which the purge of the data folder would not reach.
 */
export const newDraftsFolder = (sessionNumber: string) => mkdtempSync(join(tmpdir(), `commission-brouillons-${sessionFolderName(sessionNumber)}-`));

/** The folder given (the CLI), the one the desktop's dialog answers (null: cancelled), else a new temporary one. */
export async function draftsFolder(ctx: ServiceContext, given: string | undefined, sessionNumber: string): Promise<string | null> {
  const folder = given ?? (ctx.desktop ? await ctx.desktop.chooseFolder('Dossier où écrire les brouillons de courriel') : newDraftsFolder(sessionNumber));
  if (folder !== null) checkOutputFolder(folder, 'folder');
  return folder;
}

/** Writes the draft, then opens it in the mail client where the transport can. */
export async function openDraft(ctx: ServiceContext, info: MailDraftInfo) {
  if (ctx.openPath) await ctx.openPath(info.path);
  return { ...info, opened: ctx.openPath !== undefined };
}

const pdf = async (ctx: ServiceContext, doc: RegisteredDocument): Promise<MailAttachment> => ({
  fileName: basename(doc.filePath),
  contentType: 'application/pdf',
  content: await documentBytes(ctx, doc),
});

/** The draft of one decision letter; `documents` are the session's register, for its agreement. */
async function letterDraft(ctx: ServiceContext, facts: SessionFacts, letter: RegisteredDocument, documents: RegisteredDocument[]): Promise<Draft> {
  if (letter.kind !== 'decision_letter') throw new AppError('CONFLICT', 'Seul un courrier de décision part par courriel.');
  if (letter.stale) {
    throw new AppError('CONFLICT', `Le courrier ${letter.reference} est à refaire : ${letter.staleReason} Produisez-en une nouvelle version avant de l'envoyer.`);
  }
  const item = facts.session.items.find((i) => i.dossier.id === letter.dossierId);
  const data = letter.dossierId === null ? undefined : facts.dossiers.get(letter.dossierId);
  if (!item || !data) throw new AppError('NOT_FOUND', `Le dossier du courrier ${letter.reference} n'est plus à l'ordre du jour de la séance.`);
  const agreement = documents
    .filter((d) => d.kind === 'funding_agreement' && d.dossierId === letter.dossierId && !d.stale)
    .sort((a, b) => b.version - a.version)[0];
  const identity = identityOf(facts);
  const department = identity.departments.find((d) => d.code === data.departmentCode);
  const officer = caseOfficerFor(identity, data.departmentCode);
  const fromAddress = officer?.email || identity.email;
  const warnings = [
    ...(data.sponsor.email ? [] : [`Le courriel du porteur de « ${data.name} » n'est pas renseigné : indiquez le destinataire dans la messagerie.`]),
    ...(department ? [] : [`Aucun contact n'est paramétré pour le département « ${data.departmentCode || '—'} » : pas de copie.`]),
  ];
  return {
    from: fromAddress ? { name: officer?.name || identity.agencyName, address: fromAddress } : undefined,
    to: data.sponsor.email ? [{ name: personName(data.sponsor), address: data.sponsor.email }] : [],
    cc: department ? [{ name: `${identity.agencyName} — ${department.code}`, address: department.email }] : [],
    subject: 'mailLetterSubject',
    body: 'mailLetterBody',
    values: { ...placeholderValues(facts, item), 'courrier.reference': letter.reference, 'destinataire.appel': salutation(data.sponsor.civility) },
    attachments: [await pdf(ctx, letter), ...(agreement ? [await pdf(ctx, agreement)] : [])],
    warnings,
  };
}

const emlName = (doc: RegisteredDocument) => `${parse(doc.filePath).name}.eml`;

export async function draftLetterMail(ctx: ServiceContext, input: ParsedInput<'mail.letterDraft'>): Promise<Output<'mail.letterDraft'>> {
  const letter = await registeredDocument(ctx.db, input.documentId);
  const facts = await sessionFacts(ctx.db, letter.sessionId);
  const draft = await letterDraft(ctx, facts, letter, await listDocuments(ctx.db, { sessionId: letter.sessionId }));
  const path = join(newDraftsFolder(facts.session.number), emlName(letter));
  return openDraft(ctx, writeDraft(ctx, facts, path, draft));
}

/** A draft for the latest version of each decision letter of the session, into one folder. */
export async function draftSessionMails(ctx: ServiceContext, input: ParsedInput<'mail.sessionDrafts'>): Promise<Output<'mail.sessionDrafts'>> {
  const facts = await sessionFacts(ctx.db, input.sessionId);
  const documents = await listDocuments(ctx.db, { sessionId: input.sessionId });
  const newest = new Map<number | null, RegisteredDocument>();
  for (const doc of documents) {
    if (doc.kind === 'decision_letter' && (newest.get(doc.dossierId)?.version ?? 0) < doc.version) newest.set(doc.dossierId, doc);
  }
  if (newest.size === 0) throw new AppError('CONFLICT', `Aucun courrier de décision n'a été produit pour la séance n° ${facts.session.number}.`);
  // Every draft is built, and so checked, before the first is written.
  const drafts: { letter: RegisteredDocument; draft: Draft }[] = [];
  for (const letter of newest.values()) drafts.push({ letter, draft: await letterDraft(ctx, facts, letter, documents) });
  const folder = await draftsFolder(ctx, input.folder, facts.session.number);
  if (folder === null) return { folder: null, drafts: [] };
  return { folder, drafts: drafts.map(({ letter, draft }) => writeDraft(ctx, facts, join(folder, emlName(letter)), draft)) };
}
