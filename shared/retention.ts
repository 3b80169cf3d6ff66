/**
 * Retention of personal data: what of a dossier is personal, and what is left of it once its
 * retention period is over. The team's structure, its commune, its figures, the professions of
 * its members and the decisions stay: they are the agency's record, not the persons'.
 */
import type { DossierData } from './dossier';
import { z } from './validation';

/** What replaces a professional's name: the schema requires one. */
export const ANONYMISED = 'Anonymisé';

/** Keys that hold a person's name or contact wherever they appear in a dossier's audit entries. */
const PERSONAL_KEYS = new Set(['civility', 'firstName', 'lastName', 'email', 'phone', 'address', 'identifier', 'originalName']);

/** The agency's own people, whom a dossier's entries name too (a decision's signatory): not the dossier's persons. */
const AGENCY_KEYS = new Set(['signatory']);

/** Dotted paths of the dossier fields that are personal (as imports and corrections name them). */
export function isPersonalField(field: string): boolean {
  return field === 'professionals' || PERSONAL_KEYS.has(field.split('.').at(-1)!);
}

export function anonymiseDossierData(data: DossierData): DossierData {
  return {
    ...data,
    sponsor: { civility: '', firstName: '', lastName: '', email: '', phone: '' },
    legalEntity: {
      ...data.legalEntity,
      representative: { ...data.legalEntity.representative, civility: '', firstName: '', lastName: '' },
    },
    address: '',
    professionals: data.professionals.map((p) => ({ ...p, lastName: ANONYMISED, firstName: '', identifier: '' })),
  };
}

/**
 * A copy of an audit entry's before or after without personal values, and how many it blanked:
 * each personal key keeps its place (so the entry still says what changed) with an empty value.
 */
export function scrubPersonal(value: unknown): { value: unknown; blanked: number } {
  let blanked = 0;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node as Record<string, unknown>).map(([key, v]) => {
        if (PERSONAL_KEYS.has(key) && typeof v === 'string' && v !== '' && v !== ANONYMISED) {
          blanked++;
          return [key, ''];
        }
        return [key, AGENCY_KEYS.has(key) ? v : walk(v)];
      }),
    );
  };
  return { value: walk(value), blanked };
}

/** The last decision date a dossier may have and still be kept on `today`: `years` years before. */
export function retentionCutoff(today: string, years: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  // 29 February minus some years is 28 February in a common year.
  const day = Math.min(d, new Date(Date.UTC(y - years, m, 0)).getUTCDate());
  return `${String(y - years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export const purgeReportSchema = z.object({
  dryRun: z.boolean(),
  retentionYears: z.number(),
  /** Dossiers whose last decision is on or before this day are past retention. */
  cutoff: z.string(),
  dossiers: z.array(z.object({ id: z.number(), dsNumber: z.number().nullable(), name: z.string(), lastDecision: z.string() })),
  professionals: z.number(),
  attachments: z.number(),
  /** Audit entries whose before/after lost personal values, and how many values in all. */
  auditEntries: z.number(),
  auditValues: z.number(),
  /** Closed sessions whose frozen record named these dossiers' persons. */
  sessionRecords: z.number(),
  /** Hand corrections of personal fields, forgotten with them. */
  manualFields: z.number(),
  /** Registered documents kept: decision letters and agreements are the agency's acts, archived by its own rules. */
  documentsKept: z.number(),
  /** The audit chain was sealed again from this entry (the first one the purge rewrote); null when none was. */
  resealedFrom: z.number().nullable(),
});
export type PurgeReport = z.infer<typeof purgeReportSchema>;

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  entries: z.number(),
  /** The last entry's hash: noted elsewhere, it shows later that nothing was cut from the end. */
  head: z.string().nullable(),
  /** The first broken link, in French. */
  broken: z
    .object({ id: z.number(), at: z.string(), action: z.string(), entityType: z.string(), entityId: z.string(), message: z.string() })
    .nullable(),
  /** Purges that rewrote entries and sealed the chain again from an entry, visible as such. */
  reseals: z.array(z.object({ id: z.number(), at: z.string(), actor: z.string(), fromId: z.number() })),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;
