/**
 * The decision letter notified to the sponsors (CRPA L211-2, L211-5, L212-1; CJA R421-1, R421-5,
 * R421-7): one variant per outcome. It says what the commission advised and what the agency
 * decides, gives the agency's own grounds when it departs from the opinion, and is refused when
 * it would lack its motivation, its signatory, the person following the case or a complete
 * appeal block, without which the appeal deadline never starts.
 */
import { formatDate } from '../../shared/french';
import { agree, capitalize, definite, genderOf, structurePhrase, titleGender, titlePhrase, withPreposition } from '../../shared/grammar';
import { caseOfficerFor } from '../../shared/settings';
import { departuresFromOpinion } from '../../shared/session-rules';
import { fillTemplate, type TemplateKey } from '../../shared/templates';
import { AppError, type ErrorDetail } from '../../shared/result';
import type { AgendaItemView } from '../../shared/session';
import { bold, createDocument } from '../pdf';
import { addressLines, capacityOf, civilName, identityOf, letterhead, oncePerItem, personName, placeholderValues, type SessionFacts } from './facts';

export type LetterVariant = 'favorable_grant' | 'favorable' | 'reservations' | 'unfavorable' | 'postponed';

export function letterVariant(item: AgendaItemView): LetterVariant | null {
  const decision = item.decision;
  if (!decision) return null;
  if (decision.outcome === 'favorable') return decision.grant ? 'favorable_grant' : 'favorable';
  if (decision.outcome === 'favorable_with_reservations') return 'reservations';
  return decision.outcome;
}

const decisionParagraph: Record<LetterVariant, TemplateKey> = {
  favorable_grant: 'letterFavorableGrant',
  favorable: 'letterFavorable',
  reservations: 'letterReservations',
  unfavorable: 'letterUnfavorable',
  postponed: 'letterPostponed',
};

function objectOf(variant: LetterVariant, granted: boolean): string {
  switch (variant) {
    case 'favorable_grant':
      return 'reconnaissance de votre projet et attribution d’une aide au démarrage';
    case 'favorable':
      return 'reconnaissance de votre projet';
    case 'reservations':
      return granted ? 'reconnaissance de votre projet sous réserves et attribution d’une aide au démarrage' : 'reconnaissance de votre projet sous réserves';
    case 'unfavorable':
      return 'refus de votre demande de reconnaissance';
    case 'postponed':
      return 'ajournement de l’examen de votre demande';
  }
}

/** What an appeal block must say for the deadline to run (CJA R421-1, R421-5), as readers look for it. */
const appealMentions: [RegExp, string][] = [
  [/deux mois/i, 'le délai de deux mois'],
  [/recours gracieux/i, 'le recours gracieux'],
  [/recours hiérarchique/i, 'le recours hiérarchique'],
  [/recours contentieux/i, 'le recours contentieux'],
  [/Télérecours citoyens/i, 'Télérecours citoyens'],
];

/** What the filled appeal block lacks, by name; empty when complete. */
export function appealGaps(text: string, court: string): string[] {
  const flat = text.replace(/[\s\u00a0\u202f]+/g, ' ');
  const gaps = appealMentions.filter(([pattern]) => !pattern.test(flat)).map(([, name]) => name);
  if (!court.trim()) gaps.push('le tribunal administratif compétent (Paramètres, identité de l’agence)');
  else if (!flat.toLowerCase().includes(court.trim().toLowerCase().replace(/\s+/g, ' '))) gaps.push(`le tribunal (${court.trim()})`);
  return gaps;
}

/** The grounds the letter states: the agency's own when it departs from the opinion, else the commission's. */
export function groundsOf(item: AgendaItemView): { departs: boolean; grounds: string } {
  const decision = item.decision!;
  const opinion = item.opinion;
  const departs = opinion !== null && departuresFromOpinion(decision, opinion).length > 0;
  if (departs) return { departs, grounds: decision.reason.trim() };
  return { departs, grounds: [opinion?.motivation, decision.reason].filter((t) => t?.trim()).join('\n') };
}

/** What the letter would lack, in French; empty when it can be produced. */
export const letterProblems = oncePerItem((facts: SessionFacts, item: AgendaItemView): readonly ErrorDetail[] => {
  const problems: ErrorDetail[] = [];
  const label = `Courrier n° ${item.dossier.dsNumber ?? item.dossier.id} (${item.dossier.name})`;
  const add = (field: string, message: string) => problems.push({ field, message: `${label} : ${message}` });
  const variant = letterVariant(item);
  if (!variant) add(`items.${item.position}.decision`, "aucune décision n'est enregistrée.");
  const identity = identityOf(facts);
  const { signatory, directorGeneral } = identity;
  if (!signatory.firstName || !signatory.lastName || !signatory.title) {
    add('identity.signatory', 'le prénom, le nom et la qualité du signataire sont obligatoires.');
  }
  // « Pour la directrice générale »: the civility says it, or else a title that is gendered.
  if (!directorGeneral.civility && !titleGender(directorGeneral.title)) {
    add('identity.directorGeneral.civility', 'la civilité du directeur général est obligatoire (« Pour la directrice générale » ou « Pour le directeur général »).');
  }
  const data = facts.dossiers.get(item.dossier.id);
  if (data && !caseOfficerFor(identity, data.departmentCode)) {
    add('identity.caseOfficer', `aucune personne n'est désignée pour « Affaire suivie par » (département ${data.departmentCode || 'non renseigné'} ni contact par défaut, Paramètres).`);
  }
  const appeal = fillTemplate(facts.settings.templates.letterAppeal, placeholderValues(facts, item));
  const gaps = appealGaps(appeal, identity.appeal.court);
  if (gaps.length) {
    add('templates.letterAppeal', `la mention des voies et délais de recours ne cite pas ${gaps.join(', ')} ; sans elle, le délai de recours ne court pas.`);
  }
  if (variant && item.decision) {
    const { departs, grounds } = groundsOf(item);
    if ((variant === 'unfavorable' || variant === 'postponed' || departs) && !grounds) {
      add(`items.${item.position}.motivation`, 'une décision de refus, d’ajournement ou qui s’écarte de l’avis doit être motivée (faits et fondement juridique).');
    }
  }
  return problems;
});

export async function buildLetter(facts: SessionFacts, item: AgendaItemView, reference: string): Promise<Uint8Array> {
  const problems = letterProblems(facts, item);
  if (problems.length) throw new AppError('VALIDATION', `Le courrier ne peut pas être produit : ${problems.map((p) => p.message).join(' ')}`, [...problems]);
  const variant = letterVariant(item)!;
  const decision = item.decision!;
  const identity = identityOf(facts);
  const { settings, session } = facts;
  const data = facts.dossiers.get(item.dossier.id)!;
  const values = placeholderValues(facts, item);
  const text = (key: TemplateKey) => fillTemplate(settings.templates[key], values);
  const officer = caseOfficerFor(identity, data.departmentCode)!;

  const doc = await createDocument({
    title: `Décision — ${data.name}`,
    author: identity.agencyName,
    subject: `Courrier de notification, séance n° ${session.number}`,
    letterhead: letterhead(identity),
    footer: `Réf. ${reference}`,
    runningHeader: `Réf. ${reference}`,
  });

  // The legal representative when the dossier names one, else the team's referent.
  const representative = data.legalEntity.representative;
  const structure = structurePhrase(data.structureType, data.name);
  const addressee = representative.lastName
    ? [
        civilName(representative),
        capitalize(capacityOf(representative)),
        // « Présidente de l’association ESP du Nord » names it already.
        representative.capacity.toLowerCase().includes(data.name.toLowerCase()) ? '' : data.name,
      ]
    : [
        civilName(data.sponsor),
        `${capitalize(agree('référent', genderOf(data.sponsor.civility)))} ${withPreposition('de', structure)}`,
      ];
  addressee.push(...addressLines(data.address, facts.places.get(item.dossier.id)));
  doc.table({
    style: 'plain',
    columns: [{ width: 1 }, { width: 1 }],
    rows: [
      [
        [
          'Affaire suivie par : ',
          officer.name,
          officer.email ? `\nCourriel : ${officer.email}` : '',
          officer.phone ? `\nTéléphone : ${officer.phone}` : '',
          '\nRéférence : ',
          bold(reference),
        ],
        addressee.filter(Boolean).join('\n'),
      ],
    ],
  });
  doc.spacer(10);
  doc.paragraph(`${identity.address.city}, le ${formatDate(decision.date)}`, { align: 'right' });
  doc.spacer(6);
  const granted = decision.grant !== null;
  doc.paragraph([bold('Objet : '), `${objectOf(variant, granted)} — dossier n° ${values['dossier.numero'] as string}`], { align: 'left' });
  if (granted) doc.paragraph([bold('P.J. : '), 'convention de financement (deux exemplaires)'], { align: 'left' });
  doc.spacer(6);
  doc.paragraph(`${values['destinataire.appel'] as string},`);
  doc.paragraph(text('letterRequest'));
  doc.paragraph(text('letterExamination'));
  doc.paragraph(text('letterOpinion'));

  const { departs, grounds } = groundsOf(item);
  if (departs) {
    doc.paragraph(text('letterDeparture'), { keepWithNext: true });
    doc.paragraph(grounds, { indent: 18 });
  }
  doc.paragraph(text(decisionParagraph[variant]), { keepWithNext: variant === 'reservations' });
  if (variant === 'reservations') {
    doc.list(item.opinion?.reservations ?? []);
    if (granted) doc.paragraph(text('letterReservationsGrant'));
  }
  // Following the opinion, a refusal or a postponement states the commission's grounds as the agency's.
  if (!departs && grounds && variant !== 'favorable' && variant !== 'favorable_grant') {
    doc.paragraph(text('letterGrounds'), { keepWithNext: true });
    doc.paragraph(grounds, { indent: 18 });
  }
  if (variant === 'postponed') doc.paragraph(text('letterResubmit'));
  doc.paragraph(text(granted ? 'letterNextStepsGrant' : 'letterNextSteps'));
  doc.keepTogether(() => {
    doc.paragraph(text('letterClosing'));
    doc.spacer(12);
    doc.paragraph(signatureLines(facts).join('\n'), { indent: 250, align: 'left' });
  });
  doc.spacer(12);
  doc.keepTogether(() => doc.paragraph(text('letterAppeal'), { size: 8.5 }));
  return doc.save();
}

/** « Pour la directrice générale et par délégation, », the signatory's title, room to sign, the name. */
export function signatureLines(facts: SessionFacts): string[] {
  const { signatory, directorGeneral } = identityOf(facts);
  const director = titlePhrase(directorGeneral.title, genderOf(directorGeneral.civility));
  return [
    ...(signatory.byDelegation ? [`Pour ${definite(director)} et par délégation,`] : []),
    capitalize(signatory.title),
    '',
    '',
    personName(signatory),
  ];
}
