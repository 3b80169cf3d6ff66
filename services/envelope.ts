/**
 * The yearly start-up grant envelope: what the decisions of the year commit, what is signed and
 * paid against it, by département and by structure type, and what is left.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { grantCommitments } from '../db/queries/followup';
import { readSettings } from '../db/queries/settings';
import { structureTypeLabels, type StructureType } from '../shared/dossier';
import type { Envelope } from '../shared/envelope';
import { toCents } from '../shared/session-rules';
import { regions } from './reference';

const departmentName = (code: string) => regions().flatMap((r) => r.departments).find((d) => d.code === code)?.name;

interface Cents {
  committed: number;
  signed: number;
  paid: number;
}

const zero = (): Cents => ({ committed: 0, signed: 0, paid: 0 });
const inEuros = (c: Cents) => ({ committed: c.committed / 100, signed: c.signed / 100, paid: c.paid / 100 });

function add(to: Cents, c: Cents): void {
  to.committed += c.committed;
  to.signed += c.signed;
  to.paid += c.paid;
}

/** The grants decided in `year` (by the decision's date); a dossier withdrawn counts only for what was paid. */
export async function yearEnvelope(db: Kysely<Database>, year: number): Promise<Envelope> {
  const rows = await grantCommitments(db, `${year}-01-01`, `${year}-12-31`);
  const total = zero();
  const byDepartment = new Map<string, Cents>();
  const byType = new Map<string, Cents>();
  for (const row of rows) {
    const paid = Number(row.paidCents ?? 0);
    const granted = toCents(Number(row.granted));
    const c: Cents = row.withdrawnOn
      ? { committed: paid, signed: paid, paid }
      : { committed: granted, signed: row.signedOn ? granted : 0, paid };
    add(total, c);
    add(byDepartment.get(row.departmentCode) ?? byDepartment.set(row.departmentCode, zero()).get(row.departmentCode)!, c);
    add(byType.get(row.structureType) ?? byType.set(row.structureType, zero()).get(row.structureType)!, c);
  }
  const budget = (await readSettings(db)).envelopes.budgets.find((b) => b.year === year)?.amount ?? null;
  const sorted = [...byDepartment.keys()].sort();
  return {
    year,
    budget,
    ...inEuros(total),
    remaining: budget === null ? null : (toCents(budget) - total.committed) / 100,
    byDepartment: sorted.map((key) => ({ key, label: key ? `${departmentName(key) ?? 'Département'} (${key})` : 'Sans département', ...inEuros(byDepartment.get(key)!) })),
    byStructureType: [...byType.keys()].sort().map((key) => ({
      key,
      label: structureTypeLabels[key as StructureType] ?? key,
      ...inEuros(byType.get(key)!),
    })),
  };
}
