import type { ReactNode } from 'react';
import type { AuditEntry } from '../../../../shared/contract';
import { changedPaths } from '../../../../shared/diff';
import { attachmentKindLabels, attachmentKinds } from '../../../../shared/eligibility';
import { DataTable } from '../../components/DataTable';
import { opinionLabel, type Decision, type Opinion } from '../../../../shared/session-rules';
import { formatEuros, formatInstant } from '../../format';
import { decisionText, voteText } from './Examinations';
import { fieldLabel } from './labels';
import { followUpActionLabels, followUpDetail } from './followupHistory';

const actionLabels: Record<string, string> = {
  create: 'Saisie du dossier',
  update: 'Modification',
  'import.create': 'Création par import',
  'import.update': 'Mise à jour par import',
  'attachment.add': 'Document joint',
  'attachment.remove': 'Document retiré',
  opinion: 'Avis de la commission',
  decision: "Décision de l'ARS",
  'scores.instructor': "Notes de l'instructeur",
  'scores.consensus': 'Consensus retenu',
  ...followUpActionLabels,
};

/** Each member's sheet is audited under its own action, « scores.member:<id> ». */
const actionLabel = (action: string) =>
  actionLabels[action] ?? (action.startsWith('scores.member:') ? "Notes d'un membre de la commission" : action);

/** What an import adds to the audited data to say where it came from. */
const importKeys = ['importBatch', 'fileName', 'line'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

function withoutImportKeys(value: unknown): unknown {
  return isRecord(value) ? Object.fromEntries(Object.entries(value).filter(([k]) => !importKeys.includes(k))) : value;
}

function attachmentText(value: unknown): string {
  if (!isRecord(value)) return '';
  const kind = text(value.kind);
  const label = (attachmentKinds as readonly string[]).includes(kind)
    ? attachmentKindLabels[kind as (typeof attachmentKinds)[number]]
    : kind;
  return `${label} : « ${text(value.originalName)} »`;
}

/** « Favorable sous réserve — pour 3, contre 0, abstention 0 — réserves : … — aide proposée : 20 000 € ». */
function opinionDetail(opinion: Opinion): string {
  return [
    opinionLabel(opinion),
    voteText(opinion),
    opinion.reservations?.length ? `réserves : ${opinion.reservations.join(' ; ')}` : '',
    opinion.grant ? `aide proposée : ${formatEuros(opinion.grant.amount)}` : '',
    opinion.motivation ? `motivation : ${opinion.motivation}` : '',
  ]
    .filter(Boolean)
    .join(' — ');
}

function detail(entry: AuditEntry): ReactNode {
  const { action, before, after } = entry;
  const followUp = followUpDetail(entry);
  if (followUp !== null) return followUp;
  if (action.startsWith('attachment.')) return attachmentText(after ?? before);
  if (action === 'opinion' && isRecord(after)) return opinionDetail(after as unknown as Opinion);
  if (action === 'decision' && isRecord(after)) return decisionText(after as unknown as Decision);
  const parts: string[] = [];
  if (action.startsWith('import.') && isRecord(after)) {
    parts.push(`Fichier « ${text(after.fileName)} », ligne ${text(after.line)}.`);
  }
  if (before !== null && (action === 'update' || action === 'import.update')) {
    const fields = changedPaths(withoutImportKeys(before), withoutImportKeys(after)).map(fieldLabel);
    if (fields.length) parts.push(`Modifié : ${fields.join(', ')}.`);
  }
  return parts.join(' ');
}

/** Who did what to the dossier, latest first, from the audit log. */
export function History({ entries }: { entries: AuditEntry[] }) {
  return (
    <section className="fr-mb-6w" aria-labelledby="history-title">
      <h2 id="history-title" className="fr-h3">
        Historique
      </h2>
      {entries.length === 0 ? (
        <p>Aucune modification enregistrée.</p>
      ) : (
        <DataTable
          caption="Historique du dossier"
          hideCaption
          headers={['Date', 'Par', 'Action', 'Détail']}
          rows={entries.map((entry) => ({
            key: entry.id,
            cells: [formatInstant(entry.at), entry.actor, actionLabel(entry.action), detail(entry)],
          }))}
        />
      )}
    </section>
  );
}
