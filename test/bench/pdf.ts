/**
 * `npx tsx test/bench/pdf.ts`: a one-page decision letter of about 3,000 characters laid out
 * and saved 50 times, in Marianne, beside its floor: an empty A4 page with the same three faces
 * (regular, bold, italic), the fonts already parsed, embedded by pdf-lib as subsets of one glyph
 * each — the least a PDF in these faces costs with pdf-lib's own embedding, which the documents
 * used before they shared one subset per face (services/pdf/embed.ts). Letter and floor take
 * turns; targets: ≤ 2 × the floor, and < 30 ms. The first letter of the process, which converts
 * the fonts and makes the shared subsets, is shown apart, and so is an empty page written the
 * way the documents now are (shared subsets).
 */
import { pathToFileURL } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { bold, createDocument, italic } from '../../services/pdf';
import type { PdfDocument } from '../../services/pdf';
import { loadMarianne, sharedFontkit } from '../../services/pdf/fonts';
import type { FontFamily } from '../../services/pdf/fonts';
import { eurosInWords, formatDate, formatEuros } from '../../shared/french';
import { alternate, kb, limitTarget, ms, ratioTarget, timed } from './measure';

const TEAMS = ['Les Tilleuls', 'Le Val de Sambre', 'Les Trois Rivières', 'La Thiérache', 'Le Pays de Bray'];
const PEOPLE = ['Mme Claire Durand', 'M. Jérôme Lefèvre', 'Mme Anaïs Béranger', 'M. François Öztürk', 'Mme Hélène Caron'];

/** The n-th letter: the same structure each time, with the names and amounts of another team. */
export async function letter(n: number): Promise<PdfDocument> {
  const team = `ESP « ${TEAMS[n % TEAMS.length]} »`;
  const person = PEOPLE[n % PEOPLE.length]!;
  const amount = 15_000 + (n % 7) * 1_250.5;
  const doc = await createDocument({
    title: `Décision relative à la demande d'aide au démarrage de l'${team}`,
    author: 'Agence régionale de santé Hauts-de-France',
    subject: 'Aide au démarrage des équipes de soins primaires',
    letterhead: {
      agency: 'Agence régionale de santé Hauts-de-France',
      direction: 'Direction de l’offre de soins',
      service: 'Service des soins de proximité',
      address: ['556 avenue Willy Brandt', '59777 Euralille'],
    },
    footer: `Décision n° 2026-${String(140 + n).padStart(4, '0')}`,
    createdAt: new Date(Date.UTC(2026, 11, 10)),
  });
  doc.table({
    style: 'plain',
    columns: [{}, {}],
    rows: [[
      ['Affaire suivie par : ', bold('Claire Martin'), '\nRéférence : DOS/SSP/2026-', String(140 + n)],
      [bold(team), `\nÀ l'attention de ${person}\n12 rue des Écoles\n02500 Hirson`],
    ]],
  });
  doc.paragraph(`Lille, le ${formatDate('2026-12-10')}`, { align: 'right', spaceBefore: 10 });
  doc.paragraph([bold('Objet : '), 'décision relative à votre demande d\'aide au démarrage'], { align: 'left' });
  doc.paragraph([bold('P.J. : '), 'convention de financement (2 exemplaires)'], { align: 'left', spaceAfter: 12 });
  doc.paragraph(`${person.startsWith('M.') ? 'Monsieur' : 'Madame'} le représentant,`, { spaceAfter: 8 });
  doc.paragraph([
    `Par un dossier déposé le ${formatDate('2026-03-03')}, vous avez sollicité pour l'${team} une aide au démarrage `,
    `de ${formatEuros(amount)}. La commission régionale des soins de proximité, réunie le ${formatDate('2026-12-01')}, `,
    'a examiné votre demande au regard du cahier des charges régional : elle a relevé la qualité du projet de santé, ',
    "l'implication des professionnels du territoire et la cohérence du budget prévisionnel présenté.",
  ], { firstLineIndent: 18 });
  doc.paragraph([
    "J'ai l'honneur de vous informer que ", bold('votre demande est acceptée'), '. Le montant attribué, soit ',
    bold(`${formatEuros(amount)} (${eurosInWords(amount)})`),
    ', vous sera versé en une fois après la signature de la convention ci-jointe, dont je vous remercie de me retourner ',
    'un exemplaire signé. ', italic("Cette aide ne couvre que les dépenses d'ingénierie, de système d'information et de logistique."),
  ], { firstLineIndent: 18 });
  doc.paragraph([
    "Vous vous engagez à mettre en œuvre le projet de santé présenté, à informer l'agence de toute modification de ",
    "la composition de l'équipe et à faire mention du soutien de l'ARS dans vos communications. Les justificatifs ",
    '(factures acquittées, compte rendu financier, indicateurs de suivi) seront transmis avant le 31 mars de chaque année.',
  ], { firstLineIndent: 18 });
  doc.paragraph([
    "La commission a toutefois souhaité que l'équipe précise, dans son premier rapport d'activité, l'organisation ",
    'retenue pour les soins non programmés et la coordination avec les établissements du territoire. ',
    'Mes services se tiennent à votre disposition pour vous accompagner dans la suite de votre projet, ',
    'notamment pour la préparation de la visite de suivi prévue au cours de la première année de fonctionnement.',
  ], { firstLineIndent: 18 });
  doc.paragraph([
    bold('Voies et délais de recours. '),
    'La présente décision peut faire l’objet, dans un délai de deux mois à compter de sa notification, d’un recours ',
    'gracieux auprès du directeur général de l’agence régionale de santé, d’un recours hiérarchique auprès du ministre ',
    'chargé de la santé, ou d’un recours contentieux devant le tribunal administratif territorialement compétent, ',
    'qui peut être saisi par courrier ou par l’application Télérecours citoyens (www.telerecours.fr). ',
    'Le recours gracieux ou hiérarchique interrompt le délai du recours contentieux, qui court de nouveau à compter ',
    'de la réponse ; le silence gardé pendant deux mois vaut décision implicite de rejet.',
  ], { size: 9 });
  doc.keepTogether(() => {
    doc.paragraph('Pour le Directeur général et par délégation,', { indent: 250, align: 'left', spaceBefore: 12, spaceAfter: 0 });
    doc.paragraph('la directrice de l’offre de soins,', { indent: 250, align: 'left' });
    doc.spacer(28);
    doc.paragraph([bold('Claire Durand-Lefèvre')], { indent: 250, align: 'left' });
  });
  return doc;
}

const faces = (family: FontFamily) => [family.regular, family.bold, family.italic];

/** The floor: an empty page in the three faces, as pdf-lib embeds them. */
async function emptyPage(family: FontFamily): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(sharedFontkit);
  for (const face of faces(family)) (await pdf.embedFont(face.bytes, { subset: true })).encodeText('a');
  pdf.addPage();
  return pdf.save({ objectsPerTick: Number.POSITIVE_INFINITY });
}

/** An empty page in the three faces as the documents embed them now: their shared subsets. */
async function sharedEmptyPage(family: FontFamily): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  for (const face of faces(family)) face.shared.embed(pdf.context);
  pdf.addPage();
  return pdf.save({ objectsPerTick: Number.POSITIVE_INFINITY, useObjectStreams: false });
}

export async function benchPdf(count = 50): Promise<void> {
  const [first, firstMs] = await timed(async () => (await letter(0)).save());
  const family = await loadMarianne();
  let n = 0;
  let bytes = first.length;
  const times = await alternate(
    {
      letter: async () => {
        const [saved, elapsed] = await timed(async () => (await letter(++n)).save());
        bytes = saved.length;
        return elapsed;
      },
      floor: async () => (await timed(() => emptyPage(family)))[1],
      shared: async () => (await timed(() => sharedEmptyPage(family)))[1],
    },
    count,
  );
  console.log(`Courrier d'une page (~3 000 caractères, Marianne intégrée, ${kb(bytes)}), ${count} courriers :`);
  console.log(`  premier courrier du processus (conversion des polices, sous-ensembles partagés) : ${ms(firstMs)}`);
  console.log(ratioTarget('courrier d’une page', times.letter, 'page vide aux trois mêmes polices (pdf-lib)', times.floor, 2));
  console.log(limitTarget('courrier d’une page, médiane', times.letter, 30));
  console.log(`  page vide aux sous-ensembles partagés, comme les documents l'écrivent : ${ms(times.shared)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchPdf();
