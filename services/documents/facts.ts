import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { getDossiers } from '../../db/queries/dossiers';
import { readSettings } from '../../db/queries/settings';
import { structureTypeLabels, zoningLabels, type DossierData } from '../../shared/dossier';
import { eurosInWords, formatDate, formatEuros } from '../../shared/french';
import type { Placeholder } from '../../shared/templates';
import type { Identity, Settings } from '../../shared/settings';
import type { AgendaItemView, SessionDetail } from '../../shared/session';
import { AppError } from '../../shared/result';
import type { Letterhead } from '../pdf';
import { getSessionDetail } from '../sessions';
import { getZoning } from '../../db/queries/zoning';

/** Everything a session's documents are written from, read once. */
export interface SessionFacts {
  settings: Settings;
  identity: Identity;
  session: SessionDetail;
  dossiers: Map<number, DossierData>;
  zonings: Map<number, string>;
}

export async function sessionFacts(db: Kysely<Database>, sessionId: number): Promise<SessionFacts> {
  const settings = await readSettings(db);
  if (!settings.identity) {
    throw new AppError(
      'VALIDATION',
      "L'identité de l'agence n'est pas paramétrée (Paramètres) : en-tête, signataire et adresse manquent aux documents.",
      [{ field: 'identity', message: "Renseigner l'identité de l'agence et le signataire." }],
    );
  }
  const session = await getSessionDetail(db, sessionId);
  const stored = await getDossiers(db, session.items.map((i) => i.dossier.id));
  const dossiers = new Map(stored.map((d) => [d.id, d.data]));
  const zonings = new Map<number, string>();
  for (const [id, data] of dossiers) {
    const zoning = data.zoning ?? (data.communeCode ? (await getZoning(db, data.communeCode))?.zoning : undefined);
    if (zoning) zonings.set(id, zoningLabels[zoning]);
  }
  return { settings, identity: settings.identity, session, dossiers, zonings };
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

/** The values of the template placeholders for one agenda item (or the session alone). */
export function placeholderValues(facts: SessionFacts, item?: AgendaItemView): Partial<Record<Placeholder, string>> {
  const { identity, session } = facts;
  const values: Partial<Record<Placeholder, string>> = {
    'ars.nom': identity.agencyName,
    'ars.direction': identity.direction,
    'ars.ville': identity.address.city,
    'dg.nom': personName(identity.directorGeneral),
    'signataire.nom': personName(identity.signatory),
    'signataire.qualite': identity.signatory.title,
    'seance.numero': session.number,
    'seance.date': formatDate(session.date),
  };
  if (!item) return values;
  const data = facts.dossiers.get(item.dossier.id)!;
  const grant = item.decision?.grant ?? null;
  return {
    ...values,
    'dossier.nom': data.name,
    'dossier.numero': data.dsNumber === null ? '—' : String(data.dsNumber),
    'dossier.type': structureTypeLabels[data.structureType].replace(/ \(.*\)$/, '').toLowerCase(),
    'dossier.commune': data.communeName || data.communeCode,
    'dossier.depot': data.submittedAt ? formatDate(data.submittedAt.slice(0, 10)) : undefined,
    'aide.montant': grant ? formatEuros(grant.amount) : undefined,
    'aide.lettres': grant ? eurosInWords(grant.amount) : undefined,
    'decision.date': item.decision ? formatDate(item.decision.date) : undefined,
    'destinataire.appel': salutation(data.sponsor.civility),
  };
}

/** « CS-2026-04/03 »: the session and the item's rank, stable for every version of a document. */
export function referenceOf(session: SessionDetail, item?: AgendaItemView): string {
  return item ? `CS-${session.number}/${String(item.position + 1).padStart(2, '0')}` : `CS-${session.number}`;
}
