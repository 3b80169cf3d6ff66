import { useParams } from 'react-router';
import type { SessionDetail } from '../../../../shared/session';
import type { Result } from '../../../../shared/result';
import { call } from '../../api';
import { LoadState } from '../../components/LoadState';
import { Page } from '../../components/Page';
import { sessionWhen, sessionWhere, SessionStateBadge } from '../sessions/labels';
import { both, useLoad } from './useLoad';

/** A screen about the session of the route (its documents, its convocations): the session and what the screen reads with it. */
export function useSessionWith<T>(read: (sessionId: number) => Promise<Result<T>>) {
  const id = Number(useParams().id);
  return useLoad(async () => both(...(await Promise.all([call('sessions.get', { id }), read(id)]))), [id]);
}

/** While loading, or why the session cannot be shown. */
export function SessionLoading({ title, failure }: { title: string; failure: string | null }) {
  return (
    <Page title={title}>
      <LoadState
        failure={failure}
        loading="Chargement de la séance…"
        failedTitle="La séance n'a pas pu être affichée"
        back={{ to: '/documents', label: 'Revenir à la liste des séances' }}
      />
    </Page>
  );
}

export function SessionMeta({ session }: { session: SessionDetail }) {
  return (
    <p className="app-meta fr-mb-4w">
      <SessionStateBadge state={session.status} />
      <span>{sessionWhen(session)}</span>
      <span>{sessionWhere(session)}</span>
    </p>
  );
}
