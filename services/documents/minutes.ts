/** The minutes of a session (procès-verbal): attendance, quorum, agenda, withdrawals, each item's outcome, signatures. */
import { structureTypeLabels } from '../../shared/dossier';
import { closedSentence, formatDate, formatEuros, formatTime } from '../../shared/french';
import {
  attendanceStatusLabels,
  breakdownText,
  decisionOutcomeLabels,
  departuresFromOpinion,
  opinionLabel,
} from '../../shared/session-rules';
import { agree, capitalize, definite, genderOf, titlePhrase } from '../../shared/grammar';
import { fillTemplate } from '../../shared/templates';
import type { AgendaItemView, SessionDetail } from '../../shared/session';
import { bold, createDocument, italic } from '../pdf';
import { civilName, identityOf, letterhead, personName, placeholderValues, type SessionFacts } from './facts';

/** « Présente », « Représenté par … », « Présent (à distance) »: agreed with the member. */
function attendanceText(member: SessionDetail['members'][number], session: SessionDetail): string {
  const gender = genderOf(member.civility);
  if (member.status === 'represented') {
    const holder = session.members.find((m) => m.memberId === member.proxyHolderId);
    return `${agree('Représenté', gender)}${holder ? ` par ${personName(holder)}` : ''}`;
  }
  const label = agree(attendanceStatusLabels[member.status], gender);
  return member.status === 'present' && member.remote ? `${label} (à distance)` : label;
}

const voiceLabels = { deliberative: 'Délibérative', advisory: 'Consultative' } as const;

export async function buildMinutes(facts: SessionFacts, reference: string): Promise<Uint8Array> {
  const { settings, session } = facts;
  const identity = identityOf(facts);
  const member = (id: number | null) => session.members.find((x) => x.memberId === id);
  const values = placeholderValues(facts);
  const name = (id: number | null) => {
    const m = session.members.find((x) => x.memberId === id);
    return m ? personName(m) : '—';
  };
  const doc = await createDocument({
    title: `Procès-verbal de la séance n° ${session.number}`,
    author: identity.agencyName,
    subject: `Commission du ${formatDate(session.date)}`,
    letterhead: letterhead(identity),
    footer: `Procès-verbal ${reference}`,
    runningHeader: `Procès-verbal ${reference}`,
  });

  doc.heading(`Procès-verbal de la séance n° ${session.number}`, 1);
  if (session.title) doc.paragraph(session.title, { align: 'center', italic: true });
  const when = [
    `Séance du ${formatDate(session.date, { weekday: true })}`,
    session.startTime ? `ouverte à ${formatTime(session.startTime)}` : '',
  ].filter(Boolean);
  doc.paragraph(when.join(', ') + '.', { align: 'left' });
  doc.paragraph(
    [session.place ? `Lieu : ${session.place}` : '', session.videoLink ? `Visioconférence : ${session.videoLink}` : ''].filter(Boolean).join('\n'),
    { align: 'left', typography: !session.videoLink },
  );
  doc.paragraph([bold('Présidence : '), name(session.chairMemberId), '\n', bold('Secrétariat : '), session.secretary || '—'], { align: 'left' });
  doc.paragraph(fillTemplate(settings.templates.minutesOpening, values));

  doc.heading('Membres', 2);
  doc.table({
    columns: [{ header: 'Membre', width: 2.5 }, { header: 'Organisme', width: 2.1 }, { header: 'Voix', width: 1.2 }, { header: 'Présence', width: 2.2 }],
    rows: session.members.map((m) => [
      civilName(m) + (m.title ? `, ${m.title}` : ''),
      m.organisation,
      voiceLabels[m.voice],
      attendanceText(m, session),
    ]),
  });
  doc.heading('Quorum', 2);
  doc.paragraph(session.quorum.details);

  doc.heading('Ordre du jour', 2);
  doc.list(
    session.items.map((item) => `${item.dossier.dsNumber ? `n° ${item.dossier.dsNumber} — ` : ''}${item.dossier.name} (${item.dossier.structureType}, ${item.dossier.communeName})`),
    { numbered: true },
  );

  doc.heading('Déclarations d’intérêts et déports', 2);
  const withdrawals = session.items.flatMap((item) =>
    item.withdrawals.map((w) => {
      const gender = genderOf(member(w.memberId)?.civility ?? '');
      // The reason as the member declared it, after a label: it may start with a capital.
      const reason = w.reason ? ` Motif déclaré : ${closedSentence(w.reason)}` : '';
      return `${name(w.memberId)} s’est ${agree('déporté', gender)} sur le point ${item.position + 1} (${item.dossier.name}) ; ${agree('il', gender)} n’a pris part ni aux débats ni au vote.${reason}`;
    }),
  );
  if (withdrawals.length) doc.list(withdrawals);
  else doc.paragraph('Aucun membre n’a déclaré de lien d’intérêts avec les dossiers examinés.');

  doc.heading('Examen des dossiers', 2);
  // The session keeps the grid version it was created with, whatever the agency edits afterwards.
  doc.paragraph(`Les dossiers sont notés avec la version ${session.gridVersion} de la grille d’évaluation.`);
  for (const item of session.items) doc.keepTogether(() => dossierBlock(item));

  function dossierBlock(item: AgendaItemView) {
    const data = facts.dossiers.get(item.dossier.id)!;
    const opinion = item.opinion;
    const noQuorum = opinion?.noQuorum === true;
    doc.heading(`Point ${item.position + 1} — ${data.dsNumber ? `n° ${data.dsNumber} — ` : ''}${data.name}`, 3);
    const rows: [string, string][] = [
      ['Porteur', civilName(data.sponsor) || '—'],
      ['Type', structureTypeLabels[data.structureType]],
      ['Commune', `${data.communeName || data.communeCode}${facts.zonings.get(item.dossier.id) ? ` — ${facts.zonings.get(item.dossier.id)}` : ''}`],
      ['Rapporteur', name(item.rapporteurMemberId)],
      ['Note', item.score ? `${item.score.total} / ${item.score.max} (${Math.round(item.score.percentage)} %)` : 'non notée'],
      ['Quorum', item.quorum.details],
      ['Vote', opinion?.vote ? `${opinion.vote.for} pour, ${opinion.vote.against} contre, ${opinion.vote.abstention} abstention${opinion.vote.abstention > 1 ? 's' : ''}` : noQuorum ? 'sans vote : quorum non atteint' : 'sans vote enregistré'],
      ['Avis', opinion ? opinionLabel(opinion) : '—'],
      ['Aide proposée', opinion?.grant ? `${formatEuros(opinion.grant.amount)} (${breakdownText(opinion.grant)})` : 'aucune'],
    ];
    doc.table({ style: 'zebra', columns: [{ width: 1.3 }, { width: 4.7 }], rows });
    if (data.project.summary) doc.paragraph([italic('Résumé : '), data.project.summary.slice(0, 1200)], { size: 9 });
    if (opinion?.reservations.length) {
      doc.paragraph(bold('Réserves :'), { keepWithNext: true, align: 'left' });
      doc.list(opinion.reservations);
    }
    if (opinion?.motivation) doc.paragraph([bold('Motivation : '), opinion.motivation]);
    const decision = item.decision;
    if (decision && opinion && departuresFromOpinion(decision, opinion).length) {
      doc.paragraph([bold('Décision de l’agence : '), `${decisionOutcomeLabels[decision.outcome]}${decision.grant ? `, aide de ${formatEuros(decision.grant.amount)}` : ''}, le ${formatDate(decision.date)}. Motif : ${decision.reason}`]);
    }
  }

  doc.heading('Clôture', 2);
  doc.paragraph(
    fillTemplate(settings.templates.minutesClosing, values) + (session.endTime ? ` Fin de la séance à ${formatTime(session.endTime)}.` : ''),
  );
  doc.keepTogether(() => {
    doc.spacer(10);
    doc.table({
      style: 'plain',
      columns: [{ width: 1 }, { width: 1 }],
      rows: [[`${capitalize(definite(titlePhrase('président de séance', genderOf(member(session.chairMemberId)?.civility ?? ''))))},\n\n\n\n${name(session.chairMemberId)}`, `Le secrétariat de séance,\n\n\n\n${session.secretary || '—'}`]],
    });
  });
  return doc.save();
}
