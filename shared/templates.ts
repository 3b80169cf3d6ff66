/**
 * The standard paragraphs of the documents, editable in Paramètres. A paragraph may name facts
 * of the dossier, the session or the agency as {{dossier.nom}}; saving a text that names an
 * unknown one is refused with its name.
 */
import { capitalize, definite, elide, phraseOf, possessive, withPreposition, type Phrase } from './grammar';
import { checkedText, z } from './validation';

/**
 * Every placeholder a paragraph may use, with what it stands for (shown beside the editor). The
 * ones given with their article contract with the à or de written before them, and the word
 * before any of them elides when needed (que → qu’, de → d’).
 */
export const placeholders = {
  'ars.nom': "Nom de l'agence",
  'ars.direction': 'Direction',
  'ars.ville': "Commune du siège de l'agence",
  'dg.nom': 'Prénom et nom du directeur général',
  'dg.titre': 'Titre du directeur général, accordé, avec son article : « la directrice générale » (« pour {{dg.titre}} », « au {{dg.titre}} »)',
  'signataire.nom': 'Prénom et nom du signataire',
  'signataire.qualite': 'Qualité du signataire, telle que saisie',
  'signataire.titre': 'Qualité du signataire, avec son article : « la directrice de l’offre de soins »',
  'porteur.civilite': 'Civilité du porteur du projet : « Mme » ou « M. »',
  'porteur.nom': 'Prénom et nom du porteur du projet',
  'porteur.qualite': 'Qualité du porteur, accordée : « référent » ou « référente »',
  'dossier.nom': "Nom de l'équipe ou de la structure",
  'dossier.structure': 'La structure avec son article : « l’ESP du Nord », « la MSP « Les Lilas » » ; « de {{dossier.structure}} » donne « de l’ESP du Nord »',
  'dossier.numero': 'Numéro du dossier Démarches Simplifiées',
  'dossier.type': 'Type de structure en toutes lettres : « équipe de soins primaires » ; « en tant que {{dossier.type}} » donne « en tant qu’équipe… »',
  'dossier.commune': "Commune d'implantation avec son article officiel : « à {{dossier.commune}} » donne « au Lamentin »",
  'dossier.depot': 'Date de dépôt du dossier',
  'seance.numero': 'Numéro de la séance',
  'seance.date': 'Date de la séance',
  'seance.heure': 'Heure de début de la séance : « 14 h 00 »',
  'seance.lieu': 'Lieu de la séance, ou « en visioconférence »',
  'courrier.reference': 'Référence du courrier de décision : « CS-2026-04/01 »',
  'aide.montant': "Montant de l'aide en chiffres",
  'aide.lettres': "Montant de l'aide en lettres",
  'decision.date': 'Date de la décision',
  'avis.libelle': 'L’avis de la commission : « un avis favorable », « un avis favorable sous réserves », « un avis défavorable », « un avis d’ajournement »',
  'recours.tribunal': 'Le tribunal administratif compétent, avec son article : « devant {{recours.tribunal}} » donne « devant le tribunal administratif de Lille »',
  'recours.distance': 'Les délais de distance (CJA R421-7), quand les Paramètres les prévoient ; vide sinon',
  'destinataire.appel': 'Appel du destinataire : Madame, Monsieur, ou Madame, Monsieur',
} as const;
export type Placeholder = keyof typeof placeholders;

export const templateKeys = [
  'letterRequest',
  'letterExamination',
  'letterOpinion',
  'letterDeparture',
  'letterFavorableGrant',
  'letterFavorable',
  'letterReservations',
  'letterReservationsGrant',
  'letterUnfavorable',
  'letterPostponed',
  'letterGrounds',
  'letterResubmit',
  'letterNextStepsGrant',
  'letterNextSteps',
  'letterAppeal',
  'letterClosing',
  'agreementPurpose',
  'agreementPayment',
  'agreementCommitments',
  'agreementJustification',
  'agreementControl',
  'agreementDuration',
  'agreementAmendment',
  'agreementTermination',
  'agreementDisputes',
  'minutesOpening',
  'minutesClosing',
  'mailLetterSubject',
  'mailLetterBody',
  'convocationInvitation',
  'convocationClosing',
  'mailConvocationSubject',
  'mailConvocationBody',
] as const;
export type TemplateKey = (typeof templateKeys)[number];

export const templateLabels: Record<TemplateKey, string> = {
  letterRequest: 'Courrier — rappel de la demande',
  letterExamination: 'Courrier — examen par la commission',
  letterOpinion: 'Courrier — avis de la commission',
  letterDeparture: 'Courrier — décision qui s’écarte de l’avis',
  letterFavorableGrant: 'Courrier — décision favorable avec aide',
  letterFavorable: 'Courrier — décision favorable sans aide',
  letterReservations: 'Courrier — décision favorable sous réserve',
  letterReservationsGrant: 'Courrier — aide accordée sous réserve',
  letterUnfavorable: 'Courrier — décision défavorable',
  letterPostponed: 'Courrier — décision d’ajournement',
  letterGrounds: 'Courrier — motifs de la décision',
  letterResubmit: 'Courrier — nouvel examen après ajournement',
  letterNextStepsGrant: 'Courrier — suite donnée (avec aide)',
  letterNextSteps: 'Courrier — suite donnée (sans aide)',
  letterAppeal: 'Courrier — voies et délais de recours',
  letterClosing: 'Courrier — formule de politesse',
  agreementPurpose: 'Convention — article 1 : objet',
  agreementPayment: 'Convention — article 4 : modalités de versement',
  agreementCommitments: 'Convention — article 5 : engagements du bénéficiaire',
  agreementJustification: 'Convention — article 6 : justification et évaluation',
  agreementControl: 'Convention — article 7 : contrôle',
  agreementDuration: 'Convention — article 8 : durée',
  agreementAmendment: 'Convention — article 9 : avenant',
  agreementTermination: 'Convention — article 10 : reversement et résiliation',
  agreementDisputes: 'Convention — article 11 : litiges',
  minutesOpening: 'Procès-verbal — ouverture',
  minutesClosing: 'Procès-verbal — clôture',
  mailLetterSubject: 'Courriel du courrier de décision — objet',
  mailLetterBody: 'Courriel du courrier de décision — texte',
  convocationInvitation: 'Convocation — invitation',
  convocationClosing: 'Convocation — empêchement et formule de politesse',
  mailConvocationSubject: 'Courriel de convocation — objet',
  mailConvocationBody: 'Courriel de convocation — texte',
};

export const defaultTemplates: Record<TemplateKey, string> = {
  letterRequest:
    'Vous avez déposé le {{dossier.depot}}, sur la plateforme Démarches Simplifiées (dossier n° {{dossier.numero}}), une demande de reconnaissance en tant que {{dossier.type}} pour le projet de {{dossier.structure}}, situé à {{dossier.commune}}.',
  letterExamination:
    'Votre projet a été examiné par la commission lors de sa séance n° {{seance.numero}} du {{seance.date}}, au regard des besoins du territoire et des patients, de l’exercice coordonné et de la pluriprofessionnalité de l’équipe.',
  letterOpinion:
    'La commission a rendu {{avis.libelle}} sur votre demande. Cet avis est consultatif : la décision appartient à {{dg.titre}} de l’agence régionale de santé.',
  letterDeparture:
    'Je n’ai pas suivi cet avis, pour les motifs de fait et de droit suivants :',
  letterFavorableGrant:
    'J’ai l’honneur de vous informer que votre projet est reconnu et qu’une aide au démarrage d’un montant de {{aide.montant}} ({{aide.lettres}}) vous est accordée au titre du Fonds d’intervention régional.',
  letterFavorable:
    'J’ai l’honneur de vous informer que votre projet est reconnu.',
  letterReservations:
    'J’ai l’honneur de vous informer que votre projet est reconnu, sous les réserves suivantes, qu’il vous appartient de lever :',
  letterReservationsGrant:
    'Une aide au démarrage d’un montant de {{aide.montant}} ({{aide.lettres}}) vous est accordée au titre du Fonds d’intervention régional. Son versement est subordonné à la levée de ces réserves, dans les conditions prévues par la convention de financement jointe.',
  letterUnfavorable:
    'J’ai le regret de vous informer que votre demande de reconnaissance ne peut être retenue en l’état.',
  letterPostponed:
    'J’ai décidé d’ajourner l’examen de votre demande.',
  letterGrounds:
    'Cette décision est fondée sur les motifs de fait et de droit suivants :',
  letterResubmit:
    'Votre demande sera examinée de nouveau lors d’une prochaine séance de la commission dès que vous aurez complété votre dossier n° {{dossier.numero}} sur la plateforme Démarches Simplifiées au regard de ces motifs ; il n’est pas nécessaire de déposer une nouvelle demande.',
  letterNextStepsGrant:
    'Vous trouverez ci-joint la convention de financement, à me retourner signée en deux exemplaires. L’aide sera versée selon les modalités qu’elle prévoit.',
  letterNextSteps:
    'Les services de l’agence restent à votre disposition pour vous accompagner dans la suite de votre projet.',
  letterAppeal:
    'Voies et délais de recours : la présente décision peut être contestée dans un délai de deux mois à compter de sa notification, par un recours gracieux auprès de {{dg.titre}} de l’agence régionale de santé, par un recours hiérarchique auprès du ministre chargé de la santé, ou par un recours contentieux devant {{recours.tribunal}}, par courrier, par dépôt au greffe ou par l’application Télérecours citoyens accessible sur le site www.telerecours.fr. Un recours gracieux ou hiérarchique formé dans ce délai le proroge : le délai du recours contentieux court de nouveau à compter de la réponse de l’administration ou du rejet implicite né de son silence pendant deux mois. {{recours.distance}}',
  letterClosing:
    'Je vous prie d’agréer, {{destinataire.appel}}, l’expression de mes salutations distinguées.',
  agreementPurpose:
    'La présente convention a pour objet de définir les conditions dans lesquelles l’agence régionale de santé apporte au bénéficiaire une aide au démarrage pour la mise en œuvre du projet de santé de {{dossier.structure}}, reconnu après l’avis de la commission du {{seance.date}}.',
  agreementPayment:
    'L’aide est versée en une seule fois, à la signature de la présente convention par les deux parties, sur le compte bancaire du bénéficiaire dont le relevé d’identité bancaire figure en annexe 2.',
  agreementCommitments:
    'Le bénéficiaire s’engage à mettre en œuvre le projet de santé présenté ; à informer l’agence de toute modification de la composition de l’équipe ou du projet ; à faire mention du soutien de l’agence régionale de santé dans sa communication ; à se soumettre aux contrôles prévus à l’article 7.',
  agreementJustification:
    'Dans les six mois suivant la fin de la première année, le bénéficiaire transmet à l’agence les factures acquittées, un compte rendu financier de l’utilisation de l’aide et un rapport d’activité présentant les indicateurs de suivi du projet de santé.',
  agreementControl:
    'L’agence peut procéder à tout contrôle, sur pièces ou sur place, de l’utilisation de l’aide. Le bénéficiaire tient à sa disposition toutes les pièces justificatives.',
  agreementDuration:
    'La présente convention prend effet à la date de sa signature par les deux parties, pour une durée d’un an ; elle reste en vigueur jusqu’à la production des justificatifs prévus à l’article 6.',
  agreementAmendment:
    'Toute modification des conditions de la présente convention fait l’objet d’un avenant signé par les deux parties.',
  agreementTermination:
    'En cas d’inexécution totale ou partielle du projet, ou d’utilisation de l’aide non conforme à son objet, l’agence peut résilier la convention et exiger le reversement de tout ou partie des sommes versées, après mise en demeure restée sans effet pendant un mois.',
  agreementDisputes:
    'Les litiges nés de l’exécution de la présente convention, à défaut d’accord amiable, sont portés devant le tribunal administratif territorialement compétent.',
  minutesOpening:
    'Le secrétariat constate les présences, les représentations et les excuses des membres ci-dessous, et vérifie que le quorum est atteint.',
  minutesClosing:
    'L’ordre du jour étant épuisé, la séance est levée. Les avis rendus sont transmis à {{dg.titre}} de l’agence régionale de santé pour décision.',
  mailLetterSubject: 'Décision relative à votre demande de reconnaissance — {{dossier.nom}} (dossier n° {{dossier.numero}})',
  mailLetterBody:
    '{{destinataire.appel}},\n\nVous trouverez ci-joint la décision prise sur votre demande de reconnaissance (référence {{courrier.reference}}), après l’examen de votre projet par la commission lors de sa séance du {{seance.date}}.\n\nLes services de l’agence restent à votre disposition pour toute question.\n\nBien cordialement,\n\n{{ars.direction}}\n{{ars.nom}}',
  convocationInvitation:
    'J’ai l’honneur de vous convier à la séance n° {{seance.numero}} de la commission, qui se tiendra le {{seance.date}} à {{seance.heure}}. Vous trouverez ci-dessous son ordre du jour et les documents nécessaires à l’examen des dossiers qui y sont inscrits.',
  convocationClosing:
    'En cas d’empêchement, je vous remercie d’en informer le secrétariat de la commission dès que possible et, le cas échéant, de donner procuration à un autre membre. Je vous prie d’agréer, {{destinataire.appel}}, l’expression de mes salutations distinguées.',
  mailConvocationSubject: 'Convocation à la séance n° {{seance.numero}} de la commission du {{seance.date}}',
  mailConvocationBody:
    '{{destinataire.appel}},\n\nVous trouverez ci-joint votre convocation à la séance n° {{seance.numero}} de la commission, le {{seance.date}} à {{seance.heure}}, {{seance.lieu}}, ainsi que son ordre du jour.\n\nBien cordialement,\n\n{{ars.direction}}\n{{ars.nom}}',
};

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders a text names that do not exist. */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !(name in placeholders));
}

export const templatesSchema = z
  .strictObject(
    Object.fromEntries(
      templateKeys.map((key) => [
        key,
        checkedText(`Le texte « ${templateLabels[key]} »`, 5000)
          // A paragraph added by a later version starts from its default.
          .default(defaultTemplates[key]),
      ]),
    ) as Record<TemplateKey, z.ZodDefault<z.ZodString>>,
  )
  .superRefine((texts, ctx) => {
    for (const key of templateKeys) {
      for (const name of unknownPlaceholders(texts[key])) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `« {{${name}}} » n'est pas un champ connu (voir la liste des champs disponibles).`,
        });
      }
    }
  });
export type Templates = z.infer<typeof templatesSchema>;

/** A placeholder's value: plain text, or a phrase with its article (a commune, a title, the structure). */
export type PlaceholderValue = string | Phrase;
export type TemplateValues = Partial<Record<Placeholder, PlaceholderValue>>;

const SPACE = '[ \\u00a0]+';
/** `words` ending the text right before a placeholder, as whole words. */
const before = (words: string, then = SPACE) => new RegExp(`(?<![\\p{L}\\p{N}’'])(${words})${then}$`, 'iu');

/** What the paragraph writes before a phrase, and how the two then read together. */
const PHRASE_JUNCTIONS: [RegExp, (p: Phrase, word: string) => string][] = [
  [before(`(?:à|de)${SPACE}(?:la${SPACE}|l['’])`, ''), (p, word) => withPreposition(/^à/iu.test(word) ? 'à' : 'de', p)],
  [before('à|au|aux'), (p) => withPreposition('à', p)],
  [before('de|du|des'), (p) => withPreposition('de', p)],
  [before('d', "['’]"), (p) => withPreposition('de', p)],
  [before('le|la|les'), definite],
  [before('l', "['’]"), definite],
  [before('son|sa|ses'), (p) => possessive(p, 3)],
];

const ELIDABLE = before('que|de|le|la|je|me|te|se|ne|ce|jusque|lorsque|puisque|si');
const ELIDED = before('qu|d|j|m|t|n|c|jusqu|lorsqu|puisqu', "['’]");
/** The full form of an elided word (l’ and s’ are left out: le or la, se or si). */
const unelided = (word: string) => `${word}e`;
/** A sentence starts here; « M. » and other initials do not end one. */
const SENTENCE_START = /(?:^|(?<!(?:^|[\s(])\p{Lu})[.!?…]\s+|\n\s*)$/u;

/**
 * The text before a placeholder joined to its value: a phrase takes its article and contracts
 * with the à or de written before it (implantée au Lamentin); the word before elides or not
 * (en tant qu’équipe). Nothing else of the paragraph changes.
 */
function join(text: string, value: PlaceholderValue): string {
  // « Le Robert » typed as text contracts all the same: à Le Robert is never right.
  const phrase = typeof value === 'string' ? phraseOf(value) : value;
  const rendered = typeof value === 'string' && phrase.article === null ? value : definite(phrase);
  if (phrase.article !== null) {
    for (const [pattern, render] of PHRASE_JUNCTIONS) {
      const match = pattern.exec(text);
      if (!match) continue;
      const word = match[1]!;
      const joined = render(phrase, word);
      return text.slice(0, match.index) + (word[0] === word[0]!.toLowerCase() ? joined : capitalize(joined));
    }
  }
  const full = ELIDABLE.exec(text);
  if (full) {
    const word = elide(full[1]!, phrase);
    if (word !== full[1]) return text.slice(0, full.index) + word + rendered;
  }
  const short = ELIDED.exec(text);
  const restored = short && unelided(short[1]!);
  if (short && restored && elide(restored, phrase) === restored) return `${text.slice(0, short.index)}${restored} ${rendered}`;
  return text + (SENTENCE_START.test(text) ? capitalize(rendered) : rendered);
}

/**
 * The text with each placeholder replaced by its value, joined to the words before it in correct
 * French (see join); an absent value leaves a visible gap to fill.
 */
export function fillTemplate(text: string, values: TemplateValues): string {
  let result = '';
  let end = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const value = values[match[1] as Placeholder];
    const between = text.slice(end, match.index);
    if (value === undefined) result += `${between}…`;
    // Two placeholders side by side have no words between them to join.
    else if (between === '' && end > 0) result += typeof value === 'string' ? value : definite(value);
    else result += join(between, value);
    end = match.index + match[0].length;
  }
  return result + text.slice(end);
}
