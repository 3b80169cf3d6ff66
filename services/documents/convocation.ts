/**
 * A member's convocation to a session and the session's agenda (CRPA R133-8): the date, the
 * time, the place or the video link, the agenda, and the documents to examine for each dossier.
 */
import { formatDate, formatTime } from '../../shared/french';
import { agree, capitalize, genderOf } from '../../shared/grammar';
import { attachmentKindLabels, type AttachmentKind } from '../../shared/eligibility';
import { structureTypeLabels } from '../../shared/dossier';
import { fillTemplate, type TemplateValues } from '../../shared/templates';
import type { AgendaItemView, SessionDetail } from '../../shared/session';
import { bold, createDocument, type PdfDocument } from '../pdf';
import { civilName, identityOf, letterhead, personName, placeholderValues, salutation, type SessionFacts } from './facts';
import { signatureLines } from './letter';

export type ConvokedMember = SessionDetail['members'][number];

/** The attachments of each dossier on the agenda, by dossier id. */
export type DossierFiles = Map<number, { kind: string; originalName: string }[]>;

/** The session's values, with the time and the place for the convocation's paragraphs. */
export function convocationValues(facts: SessionFacts, member?: ConvokedMember): TemplateValues {
  const { session } = facts;
  return {
    ...placeholderValues(facts),
    'seance.heure': session.startTime ? formatTime(session.startTime) : undefined,
    'seance.lieu': session.place || 'en visioconférence',
    ...(member ? { 'destinataire.appel': salutation(member.civility) } : {}),
  };
}

const memberName = (m: ConvokedMember | undefined) => (m ? civilName(m) : '');

/** « ESP de Thiérache — équipe de soins primaires, Hirson (dossier n° 24001101) ». */
function itemLine(item: AgendaItemView): string {
  const { dossier } = item;
  const type = structureTypeLabels[dossier.structureType].replace(/ \(.*\)$/, '').toLowerCase();
  return `${dossier.name} — ${type}${dossier.communeName ? `, ${dossier.communeName}` : ''}${dossier.dsNumber ? ` (dossier n° ${dossier.dsNumber})` : ''}`;
}

function meeting(doc: PdfDocument, session: SessionDetail): void {
  doc.table({
    style: 'plain',
    columns: [{ width: 1 }, { width: 4 }],
    rows: [
      [bold('Date'), capitalize(formatDate(session.date, { weekday: true }))],
      [bold('Heure'), `${session.startTime ? formatTime(session.startTime) : '—'}${session.endTime ? ` – ${formatTime(session.endTime)}` : ''}`],
      ...(session.place ? [[bold('Lieu'), session.place]] : []),
      ...(session.videoLink ? [[bold('Visioconférence'), session.videoLink]] : []),
    ],
  });
}

function agenda(doc: PdfDocument, session: SessionDetail): void {
  doc.heading('Ordre du jour', 2);
  if (session.items.length === 0) {
    doc.paragraph('Aucun dossier n’est encore inscrit à l’ordre du jour.');
    return;
  }
  doc.list(
    session.items.map((item) => {
      const rapporteur = session.members.find((m) => m.memberId === item.rapporteurMemberId);
      return rapporteur ? [itemLine(item), `\n${capitalize(agree('rapporteur', genderOf(rapporteur.civility)))} : ${memberName(rapporteur)}`] : itemLine(item);
    }),
    { numbered: true },
  );
}

/** What to read before the meeting: each dossier's application and its attached documents. */
function documentsToExamine(doc: PdfDocument, session: SessionDetail, files: DossierFiles): void {
  if (session.items.length === 0) return;
  doc.heading('Documents à examiner', 2);
  for (const item of session.items) {
    doc.paragraph(bold(item.dossier.name), { keepWithNext: true, align: 'left' });
    doc.list([
      `Dossier de demande${item.dossier.dsNumber ? ` n° ${item.dossier.dsNumber}` : ''} déposé sur Démarches Simplifiées`,
      ...(files.get(item.dossier.id) ?? []).map((f) => `${attachmentKindLabels[f.kind as AttachmentKind] ?? 'Pièce jointe'} : ${f.originalName}`),
    ]);
  }
}

export async function buildConvocation(facts: SessionFacts, member: ConvokedMember, files: DossierFiles, today: string): Promise<Uint8Array> {
  const { session, settings } = facts;
  const identity = identityOf(facts);
  const values = convocationValues(facts, member);
  const gender = genderOf(member.civility);
  const doc = await createDocument({
    title: `Convocation — séance n° ${session.number}`,
    author: identity.agencyName,
    subject: `Convocation de ${personName(member)} à la commission du ${formatDate(session.date)}`,
    letterhead: letterhead(identity),
    footer: `Convocation — séance n° ${session.number}`,
    runningHeader: `Convocation — séance n° ${session.number}`,
  });
  const addressee = [memberName(member), member.title ? capitalize(agree(member.title, gender)) : '', member.organisation].filter(Boolean);
  doc.table({
    style: 'plain',
    columns: [{ width: 1 }, { width: 1 }],
    rows: [[['Secrétariat de la commission', session.secretary ? `\n${session.secretary}` : ''], addressee.join('\n')]],
  });
  doc.spacer(10);
  doc.paragraph(`${identity.address.city}, le ${formatDate(today)}`, { align: 'right' });
  doc.spacer(6);
  doc.paragraph([bold('Objet : '), `convocation à la séance n° ${session.number} de la commission du ${formatDate(session.date)}`], { align: 'left' });
  doc.spacer(6);
  doc.paragraph(`${salutation(member.civility)},`);
  doc.paragraph(fillTemplate(settings.templates.convocationInvitation, values));
  meeting(doc, session);
  const voice = member.voice === 'advisory' ? 'consultative' : 'délibérative';
  doc.paragraph(`Vous y siégez avec voix ${voice}.`);
  const reported = session.items.filter((i) => i.rapporteurMemberId === member.memberId);
  if (reported.length) {
    doc.paragraph(
      `Vous êtes ${agree('désigné', gender)} ${agree('rapporteur', gender)} ${reported.length > 1 ? 'des dossiers' : 'du dossier'} : ${reported.map((i) => i.dossier.name).join(', ')}.`,
    );
  }
  agenda(doc, session);
  documentsToExamine(doc, session, files);
  doc.keepTogether(() => {
    doc.paragraph(fillTemplate(settings.templates.convocationClosing, values));
    doc.spacer(12);
    doc.paragraph(signatureLines(facts).join('\n'), { indent: 250, align: 'left' });
  });
  return doc.save();
}

export async function buildAgenda(facts: SessionFacts, files: DossierFiles): Promise<Uint8Array> {
  const { session } = facts;
  const identity = identityOf(facts);
  const doc = await createDocument({
    title: `Ordre du jour — séance n° ${session.number}`,
    author: identity.agencyName,
    subject: `Ordre du jour de la commission du ${formatDate(session.date)}`,
    letterhead: letterhead(identity),
    footer: `Ordre du jour — séance n° ${session.number}`,
    runningHeader: `Ordre du jour — séance n° ${session.number}`,
  });
  doc.heading(`Ordre du jour de la séance n° ${session.number}`, 1);
  if (session.title) doc.paragraph(session.title, { align: 'center', italic: true });
  meeting(doc, session);
  agenda(doc, session);
  documentsToExamine(doc, session, files);
  return doc.save();
}
