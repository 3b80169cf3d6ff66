import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { getDossiers } from '../../db/queries/dossiers';
import { readSettings } from '../../db/queries/settings';
import { structureTypeLabels, zoningLabels, type DossierData } from '../../shared/dossier';
import { eurosInWords, formatDate, formatEuros } from '../../shared/french';
import type { TemplateValues } from '../../shared/templates';
import { communePhrase, genderOf, structurePhrase, titlePhrase, type Phrase } from '../../shared/grammar';
import type { Opinion } from '../../shared/session-rules';
import type { Identity, Settings } from '../../shared/settings';
import type { AgendaItemView, SessionDetail } from '../../shared/session';
import { AppError } from '../../shared/result';
import type { Letterhead } from '../pdf';
import { getSessionDetail } from '../sessions';
import { getZoning } from '../../db/queries/zoning';
import { lookupCommune, lookupCommuneByName } from '../reference';
import { frozenFacts } from './record';

/** Where a dossier is: its commune's official name and INSEE article type, for « au Lamentin ». */
export interface Place {
  name: string;
  articleType: number | null;
  /** When the commune has only one: an address without a postcode gets it. */
  postalCode: string | null;
}

/** Everything a session's documents are written from, read once. */
export interface SessionFacts {
  settings: Settings;
  session: SessionDetail;
  dossiers: Map<number, DossierData>;
  zonings: Map<number, string>;
  places: Map<number, Place>;
}

/** The agency's identity, refused in French while it is not configured. */
export function identityOf(facts: SessionFacts): Identity {
  const { identity } = facts.settings;
  if (!identity) {
    throw new AppError(
      'VALIDATION',
      "L'identité de l'agence n'est pas paramétrée (Paramètres) : en-tête, signataire et adresse manquent aux documents.",
      [{ field: 'identity', message: "Renseigner l'identité de l'agence et le signataire." }],
    );
  }
  return identity;
}

function placeOf(data: DossierData): Place {
  const commune =
    (data.communeCode ? lookupCommune(data.communeCode) : undefined) ??
    (data.communeName && data.departmentCode ? lookupCommuneByName(data.communeName, data.departmentCode) : undefined);
  return commune
    ? { name: commune.name, articleType: commune.articleType, postalCode: commune.postalCodes.length === 1 ? commune.postalCodes[0]! : null }
    : { name: data.communeName || data.communeCode, articleType: null, postalCode: null };
}

/** The session's facts as the database holds them now; with `itemIds`, of those items only (one letter's preview). */
export async function collectFacts(db: Kysely<Database>, sessionId: number, itemIds?: readonly number[]): Promise<SessionFacts> {
  const settings = await readSettings(db);
  const session = await getSessionDetail(db, sessionId, itemIds);
  const stored = await getDossiers(db, session.items.map((i) => i.dossier.id));
  const dossiers = new Map(stored.map((d) => [d.id, d.data]));
  const zonings = new Map<number, string>();
  const places = new Map<number, Place>();
  for (const [id, data] of dossiers) {
    const zoning = data.zoning ?? (data.communeCode ? (await getZoning(db, data.communeCode))?.zoning : undefined);
    if (zoning) zonings.set(id, zoningLabels[zoning]);
    places.set(id, placeOf(data));
  }
  return { settings, session, dossiers, zonings, places };
}

/**
 * What the session's documents print: the record frozen at closing for a closed session (its
 * decisions are locked, so they are the live ones), the live data otherwise. The standard
 * paragraphs stay the agency's current ones: correcting a paragraph's wording is not changing
 * the record, and a letter's mandatory mentions are checked on what is printed. `itemIds` narrows
 * the live facts to those items (the record is read whole).
 */
export async function sessionFacts(db: Kysely<Database>, sessionId: number, itemIds?: readonly number[]): Promise<SessionFacts> {
  const frozen = await frozenFacts(db, sessionId);
  const facts = frozen ? { ...frozen, settings: { ...frozen.settings, templates: (await readSettings(db)).templates } } : await collectFacts(db, sessionId, itemIds);
  identityOf(facts);
  return facts;
}

export function letterhead(identity: Identity): Letterhead {
  const { address, phone, email } = identity;
  return {
    agency: identity.agencyName,
    direction: identity.direction,
    service: identity.unit || undefined,
    address: [
      address.street,
      `${address.postalCode} ${address.city}`,
      [phone && `Tél. ${phone}`, email].filter(Boolean).join(' — '),
    ].filter(Boolean),
  };
}

/** How the letter addresses its reader. */
export const salutation = (civility: string) =>
  civility === 'Mme' ? 'Madame' : civility === 'M.' ? 'Monsieur' : 'Madame, Monsieur';

export const personName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`.trim();

/** « Mme Claire Martin », or the name alone when no civility is known. */
export const civilName = (p: { civility: string; firstName: string; lastName: string }) => [p.civility, personName(p)].filter(Boolean).join(' ');

/** The representative's capacity as a sentence or a signature writes it, agreed with them: « Gérant » for Mme → gérante. */
export const capacityOf = (representative: { civility: string; capacity: string }) =>
  titlePhrase(representative.capacity, genderOf(representative.civility)).text;

/** The street on its lines and « 97232 Le Lamentin » on its own: the postcode never leaves its town. */
export function addressLines(address: string, place: Place | undefined): string[] {
  const match = /^(.*?)[\s,]*\b(\d{5})\s+([^,\n]+)$/s.exec(address.trim());
  if (match) return [...match[1]!.split(/\s*[,\n]\s*(?=\S)/).filter(Boolean), `${match[2]} ${match[3]!.trim()}`];
  const street = address.trim() ? [address.trim()] : [];
  if (!place?.name) return street;
  return [...street, place.postalCode ? `${place.postalCode} ${place.name}` : place.name];
}

/** The court named with its article: « le tribunal administratif de Lille ». */
const courtPhrase = (court: string): Phrase => titlePhrase(court.replace(/^(le|la)\s+/i, ''), 'm');

/** The CJA R421-7 sentence, where the agency's settings ask for it. */
const distanceDelayText =
  'Ces délais sont augmentés d’un mois pour les personnes qui demeurent outre-mer lorsque le tribunal siège en France métropolitaine, ou en France métropolitaine lorsqu’il siège outre-mer, et de deux mois pour les personnes qui demeurent à l’étranger (article R421-7 du code de justice administrative).';

/** « un avis favorable sous réserves »: the opinion as a letter names it. */
const opinionPhrases: Record<Opinion['kind'], string> = {
  favorable: 'un avis favorable',
  favorable_with_reservations: 'un avis favorable sous réserves',
  unfavorable: 'un avis défavorable',
  postponed: 'un avis d’ajournement',
};

/** The session's own placeholders, worked out once for all of its documents. */
const sessionPlaceholders = new WeakMap<SessionFacts, TemplateValues>();

/**
 * `compute` worked out once per session's facts and agenda item: a batch checks every document
 * before it builds any, and a document's checks and its text fill the same templates.
 */
export function oncePerItem<T>(compute: (facts: SessionFacts, item: AgendaItemView) => T): (facts: SessionFacts, item: AgendaItemView) => T {
  const results = new WeakMap<SessionFacts, WeakMap<AgendaItemView, T>>();
  return (facts, item) => {
    let byItem = results.get(facts);
    if (!byItem) results.set(facts, (byItem = new WeakMap()));
    if (!byItem.has(item)) byItem.set(item, compute(facts, item));
    return byItem.get(item)!;
  };
}

/** The values of the template placeholders for one agenda item (or the session alone). */
export function placeholderValues(facts: SessionFacts, item?: AgendaItemView): TemplateValues {
  let values = sessionPlaceholders.get(facts);
  if (!values) {
    values = sessionValues(facts);
    sessionPlaceholders.set(facts, values);
  }
  if (!item) return { ...values };
  return { ...values, ...valuesOfItem(facts, item) };
}

function sessionValues(facts: SessionFacts): TemplateValues {
  const { session } = facts;
  const identity = identityOf(facts);
  const director = identity.directorGeneral;
  return {
    'ars.nom': identity.agencyName,
    'ars.direction': identity.direction,
    'ars.ville': identity.address.city,
    'dg.nom': personName(director),
    'dg.titre': titlePhrase(director.title, genderOf(director.civility)),
    'signataire.nom': personName(identity.signatory),
    'signataire.qualite': identity.signatory.title,
    'signataire.titre': titlePhrase(identity.signatory.title, genderOf(identity.signatory.civility)),
    'seance.numero': session.number,
    'seance.date': formatDate(session.date),
    'recours.tribunal': courtPhrase(identity.appeal.court),
    'recours.distance': identity.appeal.distanceDelay === 'overseas' ? distanceDelayText : '',
  };
}

const valuesOfItem = oncePerItem(itemValues);

function itemValues(facts: SessionFacts, item: AgendaItemView): TemplateValues {
  const data = facts.dossiers.get(item.dossier.id)!;
  const place = facts.places.get(item.dossier.id);
  const grant = item.decision?.grant ?? null;
  const addressee = data.legalEntity.representative.lastName ? data.legalEntity.representative : data.sponsor;
  return {
    'dossier.nom': data.name,
    'dossier.structure': structurePhrase(data.structureType, data.name),
    'dossier.numero': data.dsNumber === null ? '—' : String(data.dsNumber),
    'dossier.type': structureTypeLabels[data.structureType].replace(/ \(.*\)$/, '').toLowerCase(),
    'dossier.commune': place ? communePhrase(place.name, place.articleType) : data.communeName || data.communeCode,
    // The sponsor's calendar day, in the offset the platform gave.
    'dossier.depot': data.submittedAt ? formatDate(data.submittedAt.slice(0, 10)) : undefined,
    'aide.montant': grant ? formatEuros(grant.amount) : undefined,
    'aide.lettres': grant ? eurosInWords(grant.amount) : undefined,
    'avis.libelle': item.opinion ? opinionPhrases[item.opinion.kind] : undefined,
    'decision.date': item.decision ? formatDate(item.decision.date) : undefined,
    'destinataire.appel': salutation(addressee.civility),
  };
}
