import { Badge } from '@codegouvfr/react-dsfr/Badge';
import type { AlertProps } from '@codegouvfr/react-dsfr/Alert';
import type { SessionDetail, SessionMemberView } from '../../../../shared/session';
import {
  fullName,
  opinionLabel,
  sessionStateLabels,
  type OpinionKind,
  type SessionState,
} from '../../../../shared/session-rules';
import { formatDay, formatTime } from '../../format';

type Severity = AlertProps.Severity | 'new' | undefined;

/** Preparation in grey, the meeting in purple, the record once closed in green. */
const stateSeverity: Record<SessionState, Severity> = {
  draft: undefined,
  convened: 'info',
  in_progress: 'new',
  closed: 'success',
};

export function SessionStateBadge({ state }: { state: SessionState }) {
  return (
    <Badge as="span" small noIcon severity={stateSeverity[state]}>
      {sessionStateLabels[state]}
    </Badge>
  );
}

const opinionSeverity: Record<OpinionKind, Severity> = {
  favorable: 'success',
  favorable_with_reservations: 'warning',
  unfavorable: 'error',
  postponed: undefined,
};

/** `noQuorum`: postponed « faute de quorum », said as such. */
export function OpinionBadge({ kind, noQuorum = false }: { kind: OpinionKind; noQuorum?: boolean }) {
  return (
    <Badge as="span" small noIcon severity={opinionSeverity[kind]}>
      {opinionLabel({ kind, noQuorum })}
    </Badge>
  );
}

/** « Séance n° 2026-04 ». */
export const sessionName = (session: Pick<SessionDetail, 'number'>) => `Séance n° ${session.number}`;

/** « 10 décembre 2026, de 14 h à 17 h ». */
export function sessionWhen({ date, startTime, endTime }: Pick<SessionDetail, 'date' | 'startTime' | 'endTime'>) {
  const day = formatDay(date);
  if (startTime && endTime) return `${day}, de ${formatTime(startTime)} à ${formatTime(endTime)}`;
  return startTime ? `${day}, à ${formatTime(startTime)}` : day;
}

/** The place, the video link, or both. */
export function sessionWhere({ place, videoLink }: Pick<SessionDetail, 'place' | 'videoLink'>) {
  if (place && videoLink) return `${place} et en visioconférence`;
  return place || 'En visioconférence';
}

/** The name of one of the session's members; a member since removed from the roll keeps a number. */
export function nameOf(members: readonly SessionMemberView[], id: number): string {
  const member = members.find((m) => m.memberId === id);
  return member ? fullName(member) : `Membre n° ${id}`;
}

/** « Claire Vandenberghe (ARS) ». */
export const memberLabel = (m: Pick<SessionMemberView, 'firstName' | 'lastName' | 'organisation'>) =>
  `${fullName(m)} (${m.organisation})`;
