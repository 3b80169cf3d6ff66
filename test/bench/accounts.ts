/**
 * What accounts cost (test/bench/run.ts: `accounts`): a call checked for a signed-in account (its
 * row read again, its role's permission) beside the same call on a database without accounts,
 * and a sign-in, which verifies an argon2id hash on purpose slowly.
 */
import { join } from 'node:path';
import { startRuntime, type Runtime } from '../../services/runtime';
import { fr, limitTarget, median, ratioTarget, timed } from './measure';

const us = (n: number) => `${fr(n * 1000)} µs`;

const CALLS = 300;
const PASSWORD = 'correct horse battery staple';

async function call(runtime: Runtime, method: string, input: unknown): Promise<void> {
  const result = await runtime.dispatch(method, input);
  if (!result.ok) throw new Error(result.error.message);
}

/** The median of `grid.get`, a read that touches little else, called CALLS times. */
async function callTime(runtime: Runtime): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) times.push((await timed(() => call(runtime, 'grid.get', {})))[1]);
  return median(times);
}

export async function benchAccounts(dir: string): Promise<void> {
  const open = await startRuntime(join(dir, 'accounts-none.sqlite'), { actor: 'bench', log: () => {} });
  const signed = await startRuntime(join(dir, 'accounts-signed.sqlite'), { actor: 'bench', log: () => {} });
  try {
    await call(signed, 'auth.createFirstAccount', { login: 'bench', displayName: 'Banc d’essai', password: PASSWORD });
    const none = await callTime(open);
    const checked = await callTime(signed);
    await call(signed, 'auth.signOut', {});
    const signIns: number[] = [];
    for (let i = 0; i < 5; i++) {
      signIns.push((await timed(() => call(signed, 'auth.signIn', { login: 'bench', password: PASSWORD })))[1]);
    }
    console.log(`Comptes (médiane de ${CALLS} appels de grid.get ; de 5 connexions) :`);
    console.log(ratioTarget('un appel avec un compte connecté (compte relu, permission du rôle)', checked, 'sans compte', none, 3, us));
    console.log(limitTarget('une connexion (empreinte argon2id vérifiée)', median(signIns), 500));
  } finally {
    await open.close();
    await signed.close();
  }
}
