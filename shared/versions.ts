/**
 * Concurrent editing: what a save says of the version it was made from, and what the user is
 * told when someone else saved the record in between.
 */
import { z } from './validation';
import { formatDate, formatTime } from './french';
import { agree, startsWithVowelSound, type Gender } from './grammar';

/** The version the user loaded; left out, the save overwrites whatever is there (the CLI's scripts). */
export const expectedVersionSchema = z
  .number({ error: 'La version attendue doit être un nombre.' })
  .int()
  .min(0, { error: 'La version attendue ne peut pas être négative.' })
  .max(2_000_000_000);

/** Who saved a record last, and when; version 0 for a record never saved (a default, a new sheet). */
export interface VersionStamp {
  version: number;
  changedBy: string;
  /** ISO 8601 instant; '' when unknown (saved before versions existed). */
  changedAt: string;
}

/** The records a person edits, as the message names them. */
const nouns = {
  dossier: { noun: 'dossier', gender: 'm' },
  session: { noun: 'séance', gender: 'f' },
  item: { noun: "point de l'ordre du jour", gender: 'm' },
  scoreSheet: { noun: 'fiche de notation', gender: 'f' },
  settings: { noun: 'paramètres', gender: 'm', plural: true },
  member: { noun: 'fiche de membre', gender: 'f' },
  mapping: { noun: 'correspondance de colonnes', gender: 'f' },
  grid: { noun: "grille d'évaluation", gender: 'f' },
  report: { noun: 'justificatif', gender: 'm' },
} as const satisfies Record<string, { noun: string; gender: Gender; plural?: true }>;

export type RecordKind = keyof typeof nouns;

/** The record's noun with its demonstrative, and a participle agreed with it. */
function nounOf(kind: RecordKind) {
  const spec: { noun: string; gender: Gender; plural?: true } = nouns[kind];
  const { noun, gender, plural } = spec;
  const these = plural ? 'Ces' : gender === 'f' ? 'Cette' : startsWithVowelSound(noun) ? 'Cet' : 'Ce';
  const agreed = (participle: string) => agree(participle, gender) + (plural ? 's' : '');
  return { ...spec, these, agreed };
}

/**
 * « Ce dossier a été modifié par Claire Martin le 4 décembre 2026 à 14 h 32, après votre
 * ouverture. Rechargez-le pour voir ses changements. »
 */
export function staleVersionMessage(kind: RecordKind, stamp: VersionStamp): string {
  const { noun, gender, plural, these, agreed } = nounOf(kind);
  const changed = agreed('modifié');
  const it = plural ? 'les' : gender === 'f' ? 'la' : 'le';
  return (
    `${these} ${noun} ${plural ? 'ont' : 'a'} été ${changed} ${byWhom(stamp)}, après votre ouverture. ` +
    `Rechargez-${it} pour voir ${plural ? 'leurs' : 'ses'} changements.`
  );
}

/** « par Claire Martin le 4 décembre 2026 à 14 h 32 »; « par un autre poste » when unknown. */
function byWhom(stamp: Omit<VersionStamp, 'version'>): string {
  const at = stamp.changedAt ? new Date(stamp.changedAt) : null;
  const when = at && !Number.isNaN(at.getTime()) ? ` le ${formatDate(at)} à ${formatTime(at)}` : '';
  return `par ${stamp.changedBy || 'un autre poste'}${when}`;
}

/**
 * A payment entered from a view that did not show the last one recorded (payments are only
 * added: their count is the agreement's version): « Un versement a été enregistré sur cette
 * convention par Claire Martin le 4 décembre 2026 à 14 h 32, après votre ouverture. Rechargez-la
 * pour le voir avant d’en saisir un autre. »
 */
export function newerPaymentMessage(stamp: Omit<VersionStamp, 'version'>): string {
  return `Un versement a été enregistré sur cette convention ${byWhom(stamp)}, après votre ouverture. Rechargez-la pour le voir avant d’en saisir un autre.`;
}

/** « Cette correspondance de colonnes a été supprimée après votre ouverture : rechargez pour continuer sans elle. » */
export function deletedVersionMessage(kind: RecordKind): string {
  const { noun, gender, plural, these, agreed } = nounOf(kind);
  const without = plural ? (gender === 'f' ? 'elles' : 'eux') : gender === 'f' ? 'elle' : 'lui';
  return `${these} ${noun} ${plural ? 'ont' : 'a'} été ${agreed('supprimé')} après votre ouverture : rechargez pour continuer sans ${without}.`;
}
