import type { z } from 'zod';
import { AppError, validationError, type ErrorDetail, type Result } from '../result';
import { contract, isMethodName, type Handlers, type MethodName } from './index';

export function issuesToDetails(error: z.ZodError, prefix = ''): ErrorDetail[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(entrée)',
    message: issue.message,
  }));
}

export type Dispatch = (method: string, rawInput: unknown) => Promise<Result<unknown>>;

/**
 * Parses the input with the method's schema, runs the handler, and maps every outcome to a
 * Result: an AppError keeps its code, anything unexpected becomes INTERNAL. `contextFor` gives
 * each call its context first (who acts), or refuses it with an AppError.
 */
export function createDispatcher<Ctx>(
  handlers: Handlers<Ctx>,
  ctx: Ctx,
  onInternalError: (method: string, error: unknown) => void = () => {},
  contextFor: (method: MethodName, ctx: Ctx) => Ctx | Promise<Ctx> = (_method, ctx) => ctx,
): Dispatch {
  return async (method, rawInput) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'NOT_FOUND', message: `Méthode inconnue : « ${method} ».` } };
    }
    try {
      // Inside the try: a refinement that throws is a bug to report, not a crash of the caller.
      const callCtx = await contextFor(method, ctx);
      const parsed = contract[method].input.safeParse(rawInput ?? {});
      if (!parsed.success) {
        return { ok: false, error: validationError(issuesToDetails(parsed.error)).toData() };
      }
      const handler = handlers[method] as (input: unknown, ctx: Ctx) => unknown;
      return { ok: true, value: await handler(parsed.data, callCtx) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toData() };
      onInternalError(method, error);
      const reason = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        error: { code: 'INTERNAL', message: `Erreur interne pendant « ${method} » : ${reason}` },
      };
    }
  };
}

