import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { AuthStatus } from '../../shared/accounts';
import type { MethodName } from '../../shared/contract';
import { mayCall } from '../../shared/permissions';
import { call, SIGNED_OUT } from './api';
import { useChanges } from './useChanges';

interface Auth {
  status: AuthStatus;
  /** Sets what a sign-in, a sign-out or the first account answered. */
  setStatus: (status: AuthStatus) => void;
  /** Whether the signed-in role may call the method (everything while the database has no account). */
  can: (method: MethodName) => boolean;
}

const AuthContext = createContext<Auth | null>(null);

/** Who is signed in on this machine: read at start, kept by the sign-in and sign-out screens, read again when the account changes elsewhere. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    const read = () => void call('auth.status', {}).then((result) => (result.ok ? setStatus(result.value) : setFailure(result.error.message)));
    read();
    window.addEventListener(SIGNED_OUT, read);
    return () => window.removeEventListener(SIGNED_OUT, read);
  }, []);
  // The account changed on another machine (role, disabled): what this window offers follows.
  useChanges(status?.account ? [{ kind: 'account', id: status.account.id }] : [], () =>
    void call('auth.status', {}).then((result) => result.ok && setStatus(result.value)),
  );
  const can = useCallback((method: MethodName) => mayCall(status?.account?.role ?? null, method), [status]);
  if (!status) return <p role="status">{failure ?? 'Chargement…'}</p>;
  return <AuthContext.Provider value={{ status, setStatus, can }}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** A database with accounts, and nobody signed in here: only the sign-in screen. */
export const needsSignIn = (status: AuthStatus) => status.accountsExist && status.account === null;

/** What only the roles that may call the method see (an action's button, a section). */
export function Can({ method, children }: { method: MethodName; children: ReactNode }) {
  return useAuth().can(method) ? <>{children}</> : null;
}
