/** The funding agreement of a granted start-up aid: parties, visas, articles 1 to 11, annex budget. */
import { eurosInWords, formatDate, formatEuros } from '../../shared/french';
import { grantPartLabels, grantParts } from '../../shared/session-rules';
import { fillTemplate, templateKeys, type TemplateKey } from '../../shared/templates';
import { AppError, type ErrorDetail } from '../../shared/result';
import { agencyPhrase, agree, capitalize, commonNoun, definite, genderOf, possessive, structurePhrase, titleGender, titlePhrase, withPreposition } from '../../shared/grammar';
import type { AgendaItemView } from '../../shared/session';
import { bold, createDocument } from '../pdf';
import { addressLines, capacityOf, civilName, identityOf, letterhead, oncePerItem, personName, placeholderValues, type SessionFacts } from './facts';

export const hasAgreement = (item: AgendaItemView) =>
  item.decision !== null && item.decision.grant !== null && item.decision.outcome !== 'unfavorable' && item.decision.outcome !== 'postponed';

/** What the agreement would lack, in French; empty when it can be produced. */
export const agreementProblems = oncePerItem((facts: SessionFacts, item: AgendaItemView): readonly ErrorDetail[] => {
  const data = facts.dossiers.get(item.dossier.id)!;
  const { representative } = data.legalEntity;
  const label = `Convention n° ${item.dossier.dsNumber ?? item.dossier.id} (${item.dossier.name})`;
  const problems: ErrorDetail[] = [];
  if (!representative.lastName || !representative.firstName || !representative.capacity) {
    problems.push({
      field: `dossiers.${item.dossier.id}.legalEntity.representative`,
      message: `${label} : le représentant légal du bénéficiaire (prénom, nom et qualité, par exemple « présidente de l’association ») n’est pas renseigné sur le dossier.`,
    });
  }
  if (!representative.civility) {
    problems.push({ field: `dossiers.${item.dossier.id}.legalEntity.representative.civility`, message: `${label} : la civilité du représentant légal n’est pas renseignée.` });
  }
  const { directorGeneral } = identityOf(facts);
  if (!directorGeneral.civility && !titleGender(directorGeneral.title)) {
    problems.push({ field: 'identity.directorGeneral.civility', message: `${label} : la civilité du directeur général est obligatoire.` });
  }
  const texts = agreementTexts(facts, item);
  const annexes = annexesOf(texts);
  for (const cited of citedAnnexes(texts)) {
    if (cited > annexes.length) {
      problems.push({ field: 'templates', message: `${label} : un article cite l’annexe ${cited}, qui n’existe pas (${annexes.length} annexes).` });
    }
  }
  return problems;
});

const templatedArticles = templateKeys.filter((key) => key.startsWith('agreement'));

const agreementTexts = oncePerItem((facts: SessionFacts, item: AgendaItemView): readonly string[] => {
  const values = placeholderValues(facts, item);
  return templatedArticles.map((key) => fillTemplate(facts.settings.templates[key], values));
});

/** « annexe 2 », « annexes 1 et 2 »: the numbers the articles cite. */
function citedAnnexes(texts: readonly string[]): number[] {
  return texts.flatMap((t) => [...t.matchAll(/\bannexes?\s+((?:\d+(?:\s*(?:,|et)\s*)?)+)/gi)].flatMap((m) => m[1]!.match(/\d+/g)!.map(Number)));
}

/** The budget always; the beneficiary's RIB whenever an article asks for it. */
function annexesOf(texts: readonly string[]): string[] {
  const rib = texts.some((t) => /relevé d.identité bancaire|\bRIB\b/i.test(t));
  return ['Budget prévisionnel de l’aide', ...(rib ? ['Relevé d’identité bancaire du bénéficiaire'] : [])];
}

export async function buildAgreement(facts: SessionFacts, item: AgendaItemView, reference: string): Promise<Uint8Array> {
  const grant = item.decision?.grant;
  if (!grant || !hasAgreement(item)) {
    throw new AppError('VALIDATION', `Aucune aide n'est décidée pour « ${item.dossier.name} » : pas de convention de financement.`);
  }
  const problems = agreementProblems(facts, item);
  if (problems.length) throw new AppError('VALIDATION', `La convention ne peut pas être produite : ${problems.map((p) => p.message).join(' ')}`, [...problems]);
  const identity = identityOf(facts);
  const { settings, session } = facts;
  const data = facts.dossiers.get(item.dossier.id)!;
  const values = placeholderValues(facts, item);
  const text = (key: TemplateKey) => fillTemplate(settings.templates[key], values);
  const director = titlePhrase(identity.directorGeneral.title, genderOf(identity.directorGeneral.civility));
  const structure = structurePhrase(data.structureType, data.name);
  const { representative } = data.legalEntity;
  const representativeName = civilName(representative);
  const reservations = item.decision!.outcome === 'favorable_with_reservations' ? (item.opinion?.reservations ?? []) : [];
  const annexes = annexesOf(agreementTexts(facts, item));
  const doc = await createDocument({
    title: `Convention de financement — ${data.name}`,
    author: identity.agencyName,
    subject: `Aide au démarrage, séance n° ${session.number}`,
    letterhead: letterhead(identity),
    footer: `Convention ${reference}`,
    runningHeader: `Convention ${reference}`,
  });

  doc.heading('Convention de financement', 1);
  doc.paragraph(`Aide au démarrage — Fonds d’intervention régional — Réf. ${reference}`, { align: 'center', italic: true });
  doc.heading('Entre', 2);
  doc.paragraph([
    bold(capitalize(definite(agencyPhrase(identity.agencyName)))),
    `, ${identity.address.street}, ${identity.address.postalCode} ${identity.address.city}, représentée par ${possessive(director)}, ${personName(identity.directorGeneral)},`,
  ]);
  doc.paragraph('ci-après dénommée « l’agence »,', { align: 'left' });
  doc.heading('Et', 2);
  const entityId = data.legalEntity.siret ? `SIRET ${data.legalEntity.siret}` : data.legalEntity.rna ? `RNA ${data.legalEntity.rna}` : 'immatriculation à compléter';
  doc.paragraph([
    bold(capitalize(definite(structure))),
    `, ${data.legalEntity.form ? commonNoun(data.legalEntity.form) : 'forme juridique à compléter'}, ${entityId}, dont le siège est ${addressLines(data.address, facts.places.get(item.dossier.id)).join(', ')}, ${agree('représenté', structure.gender ?? 'f')} par ${representativeName}, en qualité de ${capacityOf(representative)},`,
  ]);
  doc.paragraph(`ci-après ${agree('dénommé', structure.gender ?? 'f')} « le bénéficiaire ».`, { align: 'left' });

  doc.heading('Visas', 2);
  doc.list([
    'Vu le code de la santé publique, notamment ses articles L1435-8 et suivants relatifs au fonds d’intervention régional ;',
    'Vu le projet régional de santé ;',
    `Vu l’avis de la commission réunie le ${formatDate(session.date)} (séance n° ${session.number}) ;`,
    `Vu la décision ${withPreposition('de', director)} de l’agence du ${formatDate(item.decision!.date)} ;`,
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
      doc.paragraph('L’aide finance les dépenses suivantes, détaillées au budget prévisionnel en annexe 1 :');
      doc.list([
        `ingénierie de projet : ${formatEuros(grant.engineering)} ;`,
        `investissement informatique, dont un système d’information labellisé par l’Agence du numérique en santé : ${formatEuros(grant.it)} ;`,
        `mobilier et logistique : ${formatEuros(grant.furniture)}.`,
      ]);
    }],
    ['Modalités de versement', () => {
      // The commission's reservations are conditions to be met before anything is paid.
      if (reservations.length) {
        doc.paragraph('Le versement de l’aide est subordonné à la levée des réserves suivantes, dont le bénéficiaire justifie auprès de l’agence :', { keepWithNext: true });
        doc.list(reservations);
      }
      doc.paragraph(text('agreementPayment'));
    }],
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

  doc.paragraph(`Fait à ${identity.address.city}, le ……………………, en deux exemplaires originaux.`, { spaceBefore: 10, keepWithNext: true });
  doc.keepTogether(() => {
    doc.table({
      style: 'plain',
      columns: [{ width: 1 }, { width: 1 }],
      rows: [
        [
          `Pour l’agence régionale de santé,\n${capitalize(definite(director))},\n\n\n\n${personName(identity.directorGeneral)}`,
          `Pour le bénéficiaire,\n${representativeName},\n${capacityOf(representative)}\n\n\n(signature)`,
        ],
      ],
    });
  });
  // The list of annexes is read whole, on one page.
  doc.keepTogether(() => {
    doc.paragraph(bold('Annexes :'), { spaceBefore: 10, align: 'left' });
    doc.list(annexes.map((a, i) => `Annexe ${i + 1} – ${a}`));
  });

  doc.pageBreak();
  doc.heading(`Annexe 1 – ${annexes[0]}`, 2);
  doc.table({
    columns: [{ header: 'Poste de dépense', width: 3 }, { header: 'Montant', width: 1, align: 'right' }],
    rows: grantParts.map((part) => [grantPartLabels[part], formatEuros(grant[part])]),
    footer: ['Total', formatEuros(grant.amount)],
  });
  doc.paragraph(`Montant demandé par le bénéficiaire : ${formatEuros(data.grant.requested)}.`, { size: 9, italic: true, spaceBefore: 6 });
  if (annexes[1]) {
    doc.heading(`Annexe 2 – ${annexes[1]}`, 2);
    doc.paragraph('Relevé d’identité bancaire du bénéficiaire, joint par celui-ci à la présente convention.', { italic: true });
  }
  return doc.save();
}
