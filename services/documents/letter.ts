/**
 * The decision letter notified to the sponsors (CRPA L211-2, L211-5, L212-1; CJA R421-1, R421-5):
 * one variant per outcome, and refused when it would lack its motivation, its signatory or the
 * appeal block without which the appeal deadline never starts.
 */
import { formatDate } from '../../shared/french';
import { fillTemplate, type TemplateKey } from '../../shared/templates';
import { AppError, type ErrorDetail } from '../../shared/result';
import type { AgendaItemView } from '../../shared/session';
import { bold, createDocument } from '../pdf';
import { letterhead, personName, placeholderValues, referenceOf, salutation, type SessionFacts } from './facts';

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

const objects: Record<LetterVariant, string> = {
  favorable_grant: 'reconnaissance de votre projet et attribution d’une aide au démarrage',
  favorable: 'reconnaissance de votre projet',
  reservations: 'reconnaissance de votre projet, sous réserves',
  unfavorable: 'refus de votre demande de reconnaissance',
  postponed: 'ajournement de l’examen de votre demande',
};

/** What the letter would lack, in French; empty when it can be produced. */
export function letterProblems(facts: SessionFacts, item: AgendaItemView): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const label = `Courrier n° ${item.dossier.dsNumber ?? item.dossier.id} (${item.dossier.name})`;
  const variant = letterVariant(item);
  if (!variant) problems.push({ field: `items.${item.position}.decision`, message: `${label} : aucune décision n'est enregistrée.` });
  const { signatory } = facts.identity;
  if (!signatory.firstName || !signatory.lastName || !signatory.title) {
    problems.push({ field: 'identity.signatory', message: `${label} : le prénom, le nom et la qualité du signataire sont obligatoires.` });
  }
  if (!facts.settings.templates.letterAppeal.trim()) {
    problems.push({ field: 'templates.letterAppeal', message: `${label} : la mention des voies et délais de recours est vide ; sans elle, le délai de recours ne court pas.` });
  }
  const motivation = item.opinion?.motivation.trim() || item.decision?.reason.trim();
  if ((variant === 'unfavorable' || variant === 'postponed') && !motivation) {
    problems.push({ field: `items.${item.position}.motivation`, message: `${label} : une décision de refus ou d'ajournement doit être motivée (faits et fondement juridique).` });
  }
  return problems;
}

export async function buildLetter(facts: SessionFacts, item: AgendaItemView): Promise<Uint8Array> {
  const problems = letterProblems(facts, item);
  if (problems.length) throw new AppError('VALIDATION', `Le courrier ne peut pas être produit : ${problems.map((p) => p.message).join(' ')}`, problems);
  const variant = letterVariant(item)!;
  const decision = item.decision!;
  const { identity, settings, session } = facts;
  const data = facts.dossiers.get(item.dossier.id)!;
  const values = placeholderValues(facts, item);
  const text = (key: TemplateKey) => fillTemplate(settings.templates[key], values);
  const department = identity.departments.find((d) => d.code === data.departmentCode);

  const doc = await createDocument({
    title: `Décision — ${data.name}`,
    author: identity.agencyName,
    subject: `Courrier de notification, séance n° ${session.number}`,
    letterhead: letterhead(identity),
    footer: `Réf. ${referenceOf(session, item)}`,
  });

  const sponsor = data.sponsor;
  const addressee = [
    [sponsor.civility, personName(sponsor)].filter(Boolean).join(' '),
    `Référent${sponsor.civility === 'Mme' ? 'e' : ''} de « ${data.name} »`,
    data.legalEntity.form && !/^aucune?$/i.test(data.legalEntity.form) ? data.legalEntity.form : '',
    data.address,
  ].filter(Boolean);
  doc.table({
    style: 'plain',
    columns: [{ width: 1 }, { width: 1 }],
    rows: [
      [
        [
          'Affaire suivie par : ',
          identity.unit || identity.direction,
          '\n',
          `Courriel : ${department?.email || identity.email || '—'}`,
          identity.phone ? `\nTéléphone : ${identity.phone}` : '',
          '\nRéférence : ',
          bold(referenceOf(session, item)),
        ],
        addressee.join('\n'),
      ],
    ],
  });
  doc.spacer(10);
  doc.paragraph(`${identity.address.city}, le ${formatDate(decision.date)}`, { align: 'right' });
  doc.spacer(6);
  doc.paragraph([bold('Objet : '), `${objects[variant]} — dossier n° ${values['dossier.numero']}`], { align: 'left' });
  if (variant === 'favorable_grant') doc.paragraph([bold('P.J. : '), 'convention de financement (deux exemplaires)'], { align: 'left' });
  doc.spacer(6);
  doc.paragraph(`${salutation(sponsor.civility)},`);
  doc.paragraph(text('letterRequest'));
  doc.paragraph(text('letterExamination'));
  doc.paragraph(text(decisionParagraph[variant]), { keepWithNext: variant !== 'favorable' && variant !== 'favorable_grant' });
  if (variant === 'reservations') doc.list(item.opinion?.reservations ?? []);
  const motivation = [item.opinion?.motivation, decision.reason].filter((t) => t?.trim()).join('\n');
  if (variant === 'unfavorable' || variant === 'postponed' || (variant === 'reservations' && motivation)) {
    doc.paragraph(motivation, { indent: 18 });
  }
  doc.paragraph(text(variant === 'favorable_grant' ? 'letterNextStepsGrant' : 'letterNextSteps'));
  doc.paragraph(text('letterClosing'));
  doc.keepTogether(() => {
    doc.spacer(12);
    const { signatory } = identity;
    const lines = [
      signatory.byDelegation ? 'Pour le directeur général et par délégation,' : '',
      signatory.title,
      '',
      '',
      personName(signatory),
    ];
    doc.paragraph(lines.filter((l, i) => l || i > 1).join('\n'), { indent: 250, align: 'left' });
  });
  doc.spacer(12);
  doc.paragraph(text('letterAppeal'), { size: 8.5, keepWithNext: false });
  return doc.save();
}
