// IPC transport of the contract: one channel per method, each checking its sender.
import { methodNames } from '../../shared/contract/methods';
import type { Dispatch } from '../../shared/contract/dispatch';
import type { Result } from '../../shared/result';
import { apiChannel } from '../channels';
import { isTrustedSender, type SenderFrame } from './security';

/** The part of Electron's ipcMain that registers invoke handlers. */
export interface InvokeRegistry {
  handle(
    channel: string,
    listener: (event: { readonly senderFrame: SenderFrame | null }, input: unknown) => Promise<Result<unknown>>,
  ): void;
}

function internalError(message: string): Result<never> {
  return { ok: false, error: { code: 'INTERNAL', message } };
}

/**
 * Every handler answers with a Result and never throws: a rejected invoke would reach the
 * renderer as a bare string, losing the code and the French message.
 */
export function registerApiHandlers(ipcMain: InvokeRegistry, dispatch: Dispatch, origins: readonly string[]): void {
  for (const method of methodNames) {
    ipcMain.handle(apiChannel(method), async (event, input) => {
      try {
        if (!isTrustedSender(event.senderFrame, origins)) {
          return internalError(
            `Appel « ${method} » refusé : il ne vient pas de la fenêtre principale de Commission.`,
          );
        }
        return await dispatch(method, input);
      } catch (error) {
        return internalError(
          `Erreur interne pendant « ${method} » : ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
  }
}
