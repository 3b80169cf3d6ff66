import type { Input, MethodName, Output } from '../../shared/contract';
import type { Result } from '../../shared/result';

/** Said on window when a call finds nobody signed in any more. */
export const SIGNED_OUT = 'commission:signed-out';

/**
 * Calls one contract method. A transport failure (preload missing, bridge down) comes back as
 * an INTERNAL Result, so that screens only ever handle Results.
 */
export async function call<M extends MethodName>(method: M, input: Input<M>): Promise<Result<Output<M>>> {
  try {
    const result = await window.api[method](input);
    // Signed out meanwhile (the account disabled from another machine): the sign-in screen comes back.
    if (!result.ok && result.error.code === 'UNAUTHENTICATED' && !method.startsWith('auth.')) window.dispatchEvent(new Event(SIGNED_OUT));
    return result;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `La communication avec l'application a échoué : ${reason}` },
    };
  }
}
