import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { claimVersion, displayNameOf, versionStamp, type VersionedRow } from '../db/queries/versions';
import { AppError } from '../shared/result';
import { deletedVersionMessage, newerPaymentMessage, staleVersionMessage, type RecordKind, type VersionStamp } from '../shared/versions';
import type { ServiceContext } from './context';

/**
 * CONFLICT, naming who made the newer change (the account's name rather than its login), with
 * when and the version in the details.
 */
async function conflictNaming(db: Kysely<Database>, stamp: VersionStamp, say: (named: VersionStamp) => string): Promise<AppError> {
  const named = { ...stamp, changedBy: (await displayNameOf(db, stamp.changedBy)) ?? stamp.changedBy };
  const message = say(named);
  return new AppError('CONFLICT', message, [{ field: 'expectedVersion', message, ...named }]);
}

/** Someone saved the record since the user opened it. */
export const staleVersion = (db: Kysely<Database>, kind: RecordKind, stamp: VersionStamp) => conflictNaming(db, stamp, (named) => staleVersionMessage(kind, named));

/** Someone recorded a payment of the agreement since the user's view: its count of payments is its version. */
export const newerPayment = (db: Kysely<Database>, stamp: VersionStamp) => conflictNaming(db, stamp, newerPaymentMessage);

export interface Versioned extends VersionedRow {
  kind: RecordKind;
}

/**
 * Claims the record for this save, inside its transaction: its version goes up, or the save is
 * refused when someone saved it since `expected` (none given: whatever is there is replaced).
 */
export async function saveOver(db: Kysely<Database>, ctx: ServiceContext, record: Versioned, expected: number | undefined): Promise<number> {
  const version = await claimVersion(db, { ...record, expected, at: ctx.now().toISOString(), by: ctx.actor });
  if (version !== undefined) return version;
  const stamp = await versionStamp(db, record);
  if (!stamp) throw new AppError('NOT_FOUND', "L'enregistrement n'existe plus : rechargez la page.");
  throw await staleVersion(db, record.kind, stamp);
}

/**
 * Refuses a save made from an older version, without claiming the record: for rows the save
 * writes itself (a sheet or a settings section stored for the first time is version 0 here).
 */
export async function checkVersion(db: Kysely<Database>, record: Versioned, expected: number | undefined): Promise<void> {
  if (expected === undefined) return;
  const stamp = (await versionStamp(db, record)) ?? { version: 0, changedBy: '', changedAt: '' };
  if (stamp.version === expected) return;
  if (stamp.version === 0) {
    // Saved once since the user opened it, then deleted: not a newer version to look at.
    const message = deletedVersionMessage(record.kind);
    throw new AppError('CONFLICT', message, [{ field: 'expectedVersion', message, ...stamp }]);
  }
  throw await staleVersion(db, record.kind, stamp);
}
