/** How the dossier's history names what was recorded after the decision, and says its detail. */
import type { AuditEntry } from '../../../../shared/contract';
import { formatDay, formatEuros } from '../../format';

export const followUpActionLabels: Record<string, string> = {
  'agreement.signed': 'Convention signée',
  'grant.paid': "Versement de l'aide",
  'report.received': 'Justificatif',
  withdrawal: 'Désistement des porteurs',
  'withdrawal.cancel': 'Désistement annulé',
};

const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);
const day = (value: unknown) => (typeof value === 'string' ? formatDay(value) : '');

/** The detail of a follow-up entry, or null for any other action. */
export function followUpDetail({ action, before, after }: AuditEntry): string | null {
  switch (action) {
    case 'agreement.signed':
      return `Signée le ${day(field(after, 'signedOn'))}, ${String(field(after, 'instalments'))} versement(s) prévu(s).`;
    case 'grant.paid':
      return `${formatEuros(Number(field(after, 'amount')))} le ${day(field(after, 'paidOn'))}, référence ${String(field(after, 'reference'))}.`;
    case 'report.received': {
      const on = field(after, 'receivedOn');
      return `${String(field(after, 'label'))} : ${on ? `reçu le ${day(on)}` : 'de nouveau attendu'}.`;
    }
    case 'withdrawal':
      return `Le ${day(field(after, 'date'))} : ${String(field(after, 'reason'))}`;
    case 'withdrawal.cancel':
      return `Désistement du ${day(field(before, 'date'))} annulé : ${String(field(after, 'reason'))}`;
    default:
      return null;
  }
}
