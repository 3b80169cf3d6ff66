import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { getDossiers, setEligibility, type EligibilityColumns } from '../db/queries/dossiers';
import { readSettings } from '../db/queries/settings';
import { checkEligibility, type AttachmentKind, type Eligibility, type EligibilityContext } from '../shared/eligibility';
import type { DossierData } from '../shared/dossier';
import { lookupCommune } from './reference';
import { resolveDossierId } from './dossier-ref';

type EligibilityRules = Omit<EligibilityContext, 'attachments'>;

/** What every dossier is checked against: the ARS's région and composition rules, the INSEE geography. */
export async function eligibilityRules(db: Kysely<Database>): Promise<EligibilityRules> {
  const settings = await readSettings(db);
  return { regionCode: settings.identity?.regionCode ?? null, rules: settings.composition, lookupCommune };
}

async function attachmentKinds(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, AttachmentKind[]>> {
  const rows = ids.length
    ? await db.selectFrom('attachments').select(['dossier_id', 'kind']).where('dossier_id', 'in', ids).execute()
    : [];
  const map = new Map<number, AttachmentKind[]>();
  for (const r of rows) map.set(r.dossier_id, [...(map.get(r.dossier_id) ?? []), r.kind as AttachmentKind]);
  return map;
}

function judge(data: DossierData, rules: EligibilityRules, kinds: readonly AttachmentKind[] = []): Eligibility {
  return checkEligibility(data, { ...rules, attachments: kinds.map((kind) => ({ kind })) });
}

export async function eligibilityOf(db: Kysely<Database>, id: number, data: DossierData): Promise<Eligibility> {
  return judge(data, await eligibilityRules(db), (await attachmentKinds(db, [id])).get(id));
}

/** Each dossier with its verdict, read by chunks so that a large base never sits in memory. */
async function* judged(db: Kysely<Database>, ids: readonly number[]) {
  const rules = await eligibilityRules(db);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const kinds = await attachmentKinds(db, chunk);
    for (const dossier of await getDossiers(db, chunk)) {
      yield { dossier, verdict: judge(dossier.data, rules, kinds.get(dossier.id)) };
    }
  }
}

/** Verdicts of dossiers about to be written; the id of one already stored brings its attachments. */
export async function judgeAll(db: Kysely<Database>, items: readonly { id?: number; data: DossierData }[]): Promise<Eligibility[]> {
  const rules = await eligibilityRules(db);
  const kinds = new Map<number, AttachmentKind[]>();
  const ids = items.flatMap((item) => (item.id === undefined ? [] : [item.id]));
  for (let i = 0; i < ids.length; i += 500) for (const [id, k] of await attachmentKinds(db, ids.slice(i, i + 500))) kinds.set(id, k);
  return items.map((item) => judge(item.data, rules, item.id === undefined ? [] : kinds.get(item.id)));
}

/**
 * The stored verdict, which the list filters on. A dossier moves between "received" and
 * "complete" with it; later statuses belong to the commission's workflow and are left alone.
 */
export function eligibilityColumns(verdict: Eligibility, status: string): EligibilityColumns {
  const early = status === 'received' || status === 'complete';
  return {
    eligible: verdict.eligible,
    blocking: verdict.blocking,
    warnings: verdict.warnings,
    status: early ? (verdict.eligible ? 'complete' : 'received') : undefined,
  };
}

async function allIds(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.selectFrom('dossiers').select('id').orderBy('ds_number').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Recomputes the stored verdict of these dossiers, or of all of them when `ids` is omitted. */
export async function refreshEligibility(db: Kysely<Database>, ids?: readonly number[]): Promise<void> {
  for await (const { dossier, verdict } of judged(db, ids ?? (await allIds(db)))) {
    await setEligibility(db, { id: dossier.id, ...eligibilityColumns(verdict, dossier.status) });
  }
}

/** Every dossier's verdict, or one dossier's by its DS number, with each rule's reason. */
export async function eligibilityReport(db: Kysely<Database>, input: { dsNumber?: number }) {
  const ids = input.dsNumber === undefined ? await allIds(db) : [await resolveDossierId(db, { dsNumber: input.dsNumber })];
  const report = [];
  for await (const { dossier, verdict } of judged(db, ids)) {
    report.push({ id: dossier.id, dsNumber: dossier.data.dsNumber, name: dossier.data.name, eligibility: verdict });
  }
  return report;
}
