import { useCallback, useEffect, useState } from 'react';
import type { Input, Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { withItems, type ItemsUpdate, type RosterMember, type SessionDetail } from '../../../../shared/session';
import { call } from '../../api';
import { useChanges } from '../../useChanges';

export type Settings = Output<'settings.get'>;

/** The methods that change a session: they answer with it whole, or with the items they changed (ItemsUpdate). */
type SessionMethod =
  | 'sessions.update'
  | 'sessions.setRoll'
  | 'agenda.set'
  | 'conflicts.set'
  | 'conflicts.declare'
  | 'sessions.transition'
  | 'sessions.close'
  | 'sessions.reopen'
  | 'items.recordOpinion'
  | 'items.recordDecision';

/** Calls one of them; the handler's error, or null once the session on screen is the new one. */
export type ChangeSession = <M extends SessionMethod>(method: M, input: Input<M>) => Promise<AppErrorData | null>;
/** The session read again from the database. */
export type ReloadSession = () => Promise<SessionDetail | null>;

export interface SessionData {
  session: SessionDetail;
  roster: RosterMember[];
  settings: Settings;
}

type LoadedSession =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | ({ status: 'ready' } & SessionData);

/** A session with what its screens need beside it: the roster to add members from, the rules and amounts. */
export function useSession(id: number) {
  const [loaded, setLoaded] = useState<LoadedSession>({ status: 'loading' });

  useEffect(() => {
    if (!Number.isInteger(id) || id <= 0) {
      setLoaded({ status: 'failed', message: 'Cette adresse ne désigne aucune séance.' });
      return;
    }
    let current = true;
    void Promise.all([call('sessions.get', { id }), call('members.list', {}), call('settings.get', {})]).then(
      ([session, roster, settings]) => {
        if (!current) return;
        const failure = [session, roster, settings].find((r) => !r.ok);
        if (failure && !failure.ok) setLoaded({ status: 'failed', message: failure.error.message });
        else if (session.ok && roster.ok && settings.ok) {
          setLoaded({ status: 'ready', session: session.value, roster: roster.value, settings: settings.value });
        }
      },
    );
    return () => {
      current = false;
    };
  }, [id]);

  /** The session read again, in place; forms keep what is being typed. */
  const reload = useCallback(async (): Promise<SessionDetail | null> => {
    const session = await call('sessions.get', { id });
    if (!session.ok) return null;
    setLoaded((l) => (l.status === 'ready' ? { ...l, session: session.value } : l));
    return session.value;
  }, [id]);
  // Changed on another machine.
  const items = loaded.status === 'ready' ? loaded.session.items : [];
  useChanges([{ kind: 'session', id }, ...items.map((i) => ({ kind: 'dossier', id: i.dossier.id }))], () => void reload());

  const change: ChangeSession = useCallback(async (method, input) => {
    const result = await call(method, input);
    if (!result.ok) return result.error;
    const answer: SessionDetail | ItemsUpdate = result.value;
    setLoaded((l) => {
      if (l.status !== 'ready') return l;
      return { ...l, session: 'sessionId' in answer ? withItems(l.session, answer) : answer };
    });
    return null;
  }, []);

  return { loaded, change, reload };
}
