/** The funding agreement of a granted start-up aid: parties, visas, articles 1 to 11, annex budget. */
import { eurosInWords, formatDate, formatEuros } from '../../shared/french';
import { grantPartLabels, grantParts } from '../../shared/session-rules';
import { fillTemplate, type TemplateKey } from '../../shared/templates';
import { AppError } from '../../shared/result';
import type { AgendaItemView } from '../../shared/session';
import { bold, createDocument } from '../pdf';
import { letterhead, personName, placeholderValues, referenceOf, type SessionFacts } from './facts';

export const hasAgreement = (item: AgendaItemView) =>
  item.decision !== null && item.decision.grant !== null && item.decision.outcome !== 'unfavorable' && item.decision.outcome !== 'postponed';

export async function buildAgreement(facts: SessionFacts, item: AgendaItemView): Promise<Uint8Array> {
  const grant = item.decision?.grant;
  if (!grant || !hasAgreement(item)) {
    throw new AppError('VALIDATION', `Aucune aide n'est décidée pour « ${item.dossier.name} » : pas de convention de financement.`);
  }
  const { identity, settings, session } = facts;
  const data = facts.dossiers.get(item.dossier.id)!;
  const values = placeholderValues(facts, item);
  const text = (key: TemplateKey) => fillTemplate(settings.templates[key], values);
  const reference = `${referenceOf(session, item)}-CONV`;
  const doc = await createDocument({
    title: `Convention de financement — ${data.name}`,
    author: identity.agencyName,
    subject: `Aide au démarrage, séance n° ${session.number}`,
    letterhead: letterhead(identity),
    footer: `Convention ${reference}`,
  });

  doc.heading('Convention de financement', 1);
  doc.paragraph(`Aide au démarrage — Fonds d’intervention régional — Réf. ${reference}`, { align: 'center', italic: true });
  doc.heading('Entre', 2);
  doc.paragraph([
    bold(identity.agencyName),
    `, ${identity.address.street}, ${identity.address.postalCode} ${identity.address.city}, représentée par son ${identity.directorGeneral.title.toLowerCase()}, ${personName(identity.directorGeneral)},`,
  ]);
  doc.paragraph('ci-après dénommée « l’agence »,', { align: 'left' });
  doc.heading('Et', 2);
  const entityId = data.legalEntity.siret ? `SIRET ${data.legalEntity.siret}` : data.legalEntity.rna ? `RNA ${data.legalEntity.rna}` : 'immatriculation à compléter';
  doc.paragraph([
    bold(data.name),
    `, ${data.legalEntity.form || 'forme juridique à compléter'}, ${entityId}, dont le siège est ${data.address || data.communeName}, représentée par ${[data.sponsor.civility, personName(data.sponsor)].filter(Boolean).join(' ')}, en qualité de référent${data.sponsor.civility === 'Mme' ? 'e' : ''},`,
  ]);
  doc.paragraph('ci-après dénommée « le bénéficiaire ».', { align: 'left' });

  doc.heading('Visas', 2);
  doc.list([
    'Vu le code de la santé publique, notamment ses articles L1435-8 et suivants relatifs au fonds d’intervention régional ;',
    'Vu le projet régional de santé ;',
    `Vu l’avis de la commission réunie le ${formatDate(session.date)} (séance n° ${session.number}) ;`,
    `Vu la décision du directeur général de l’agence du ${formatDate(item.decision!.date)} ;`,
  ]);
  doc.paragraph('Il est convenu ce qui suit :', { spaceBefore: 6 });

  const articles: [string, (() => void) | TemplateKey][] = [
    ['Objet', 'agreementPurpose'],
    ['Montant de l’aide', () => doc.paragraph([
      'L’agence attribue au bénéficiaire une aide d’un montant de ',
      bold(formatEuros(grant.amount)),
      ` (${eurosInWords(grant.amount)}).`,
    ])],
    ['Dépenses éligibles', () => {
      doc.paragraph('L’aide finance les dépenses suivantes, détaillées au budget annexé :');
      doc.list([
        `ingénierie de projet : ${formatEuros(grant.engineering)} ;`,
        `investissement informatique, dont un système d’information labellisé par l’Agence du numérique en santé : ${formatEuros(grant.it)} ;`,
        `mobilier et logistique : ${formatEuros(grant.furniture)}.`,
      ]);
    }],
    ['Modalités de versement', 'agreementPayment'],
    ['Engagements du bénéficiaire', 'agreementCommitments'],
    ['Justification et évaluation', 'agreementJustification'],
    ['Contrôle', 'agreementControl'],
    ['Durée', 'agreementDuration'],
    ['Avenant', 'agreementAmendment'],
    ['Reversement et résiliation', 'agreementTermination'],
    ['Litiges', 'agreementDisputes'],
  ];
  articles.forEach(([title, body], i) => {
    doc.heading(`Article ${i + 1} – ${title}`, 3);
    if (typeof body === 'function') body();
    else doc.paragraph(text(body));
  });

  doc.paragraph(`Fait à ${identity.address.city}, le ……………………, en deux exemplaires originaux.`, { spaceBefore: 10 });
  doc.keepTogether(() => {
    doc.table({
      style: 'plain',
      columns: [{ width: 1 }, { width: 1 }],
      rows: [
        [
          `Pour l’agence régionale de santé,\nle ${identity.directorGeneral.title.toLowerCase()},\n\n\n\n${personName(identity.directorGeneral)}`,
          `Pour le bénéficiaire,\n${[data.sponsor.civility, personName(data.sponsor)].filter(Boolean).join(' ')},\nréférent${data.sponsor.civility === 'Mme' ? 'e' : ''}\n\n\n(signature)`,
        ],
      ],
    });
  });

  doc.pageBreak();
  doc.heading('Annexe – Budget prévisionnel de l’aide', 2);
  doc.table({
    columns: [{ header: 'Poste de dépense', width: 3 }, { header: 'Montant', width: 1, align: 'right' }],
    rows: grantParts.map((part) => [grantPartLabels[part], formatEuros(grant[part])]),
    footer: ['Total', formatEuros(grant.amount)],
  });
  doc.paragraph(`Montant demandé par le bénéficiaire : ${formatEuros(data.grant.requested)}.`, { size: 9, italic: true, spaceBefore: 6 });
  return doc.save();
}
