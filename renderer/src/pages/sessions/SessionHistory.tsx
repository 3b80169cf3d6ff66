import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useEffect, useState } from 'react';
import type { AuditEntry } from '../../../../shared/contract';
import type { SessionDetail } from '../../../../shared/session';
import {
  opinionKinds,
  opinionLabel,
  sessionStateLabels,
  sessionStates,
  type OpinionKind,
  type SessionState,
} from '../../../../shared/session-rules';
import { call } from '../../api';
import { DataTable } from '../../components/DataTable';
import { countOf, formatInstant } from '../../format';

const actionLabels: Record<string, string> = {
  create: 'Création de la séance',
  update: 'Informations modifiées',
  roll: 'Présences',
  agenda: 'Ordre du jour',
  withdrawals: 'Déports',
  status: "Changement d'état",
  opinion: 'Avis de la commission',
  close: 'Clôture',
  reopen: 'Réouverture',
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);

const stateText = (value: unknown) => (isOneOf<SessionState>(sessionStates, value) ? sessionStateLabels[value] : '');

function rollText(attendance: unknown[]): string {
  const count = (status: string) => attendance.filter((a) => isRecord(a) && a.status === status).length;
  return `${countOf(count('present'), 'présent')}, ${countOf(count('represented'), 'représenté')}, ${countOf(count('excused'), 'excusé')}, ${countOf(count('absent'), 'absent')}.`;
}

function agendaText(before: unknown[], after: unknown[]): string {
  const added = after.filter((id) => !before.includes(id)).length;
  const removed = before.filter((id) => !after.includes(id)).length;
  const moved = !added && !removed && before.some((id, i) => after[i] !== id);
  const changes = [
    added ? countOf(added, 'ajouté', 'ajoutés') : '',
    removed ? countOf(removed, 'retiré', 'retirés') : '',
    moved ? 'ordre modifié' : '',
  ].filter(Boolean);
  return `${countOf(after.length, 'dossier')}${changes.length ? ` (${changes.join(', ')})` : ''}.`;
}

function opinionText(session: SessionDetail, before: unknown, after: unknown): string {
  if (!isRecord(after) || !isRecord(after.opinion)) return '';
  const item = session.items.find((i) => i.id === after.itemId);
  const kind = after.opinion.kind;
  const label = isOneOf<OpinionKind>(opinionKinds, kind) ? opinionLabel({ kind, noQuorum: after.opinion.noQuorum === true }) : '';
  const changed = isRecord(before) && before.opinion ? ' (avis modifié)' : '';
  return `${item ? `${item.dossier.name} : ` : ''}${label}${changed}.`;
}

function detail(session: SessionDetail, { action, before, after }: AuditEntry): string {
  switch (action) {
    case 'status':
      return `${stateText(before)} → ${stateText(after)}`;
    case 'roll':
      return rollText(list(after));
    case 'agenda':
      return agendaText(list(before), list(after));
    case 'withdrawals':
      return `${countOf(list(after).length, 'déport déclaré', 'déports déclarés')}.`;
    case 'opinion':
      return opinionText(session, before, after);
    case 'reopen':
      return isRecord(after) && typeof after.reason === 'string' ? `Motif : ${after.reason}` : '';
    default:
      return '';
  }
}

/** Who changed what in the session, latest first, from the audit log. */
export function SessionHistory({ session }: { session: SessionDetail }) {
  const [entries, setEntries] = useState<AuditEntry[] | { message: string } | null>(null);

  useEffect(() => {
    let current = true;
    void call('audit.list', { entityType: 'session', entityId: String(session.id) }).then((result) => {
      if (current) setEntries(result.ok ? result.value : { message: result.error.message });
    });
    return () => {
      current = false;
    };
  }, [session]);

  return (
    <section aria-labelledby="session-history-title">
      <h2 id="session-history-title" className="fr-h4">
        Historique de la séance
      </h2>
      {entries === null && <p aria-live="polite">Chargement de l'historique…</p>}
      {entries !== null && !Array.isArray(entries) && (
        <Alert severity="error" small description={`L'historique n'a pas pu être chargé : ${entries.message}`} />
      )}
      {Array.isArray(entries) && (
        <DataTable
          caption="Historique de la séance"
          hideCaption
          headers={['Date', 'Par', 'Action', 'Détail']}
          rows={entries.map((entry) => ({
            key: entry.id,
            cells: [formatInstant(entry.at), entry.actor, actionLabels[entry.action] ?? entry.action, detail(session, entry)],
          }))}
        />
      )}
    </section>
  );
}
