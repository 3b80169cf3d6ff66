import type { Input, MethodName, Output } from '../../shared/contract';
import type { Result } from '../../shared/result';

/**
 * Calls one contract method. A transport failure (preload missing, bridge down) comes back as
 * an INTERNAL Result, so that screens only ever handle Results.
 */
export async function call<M extends MethodName>(method: M, input: Input<M>): Promise<Result<Output<M>>> {
  try {
    return await window.api[method](input);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `La communication avec l'application a échoué : ${reason}` },
    };
  }
}
