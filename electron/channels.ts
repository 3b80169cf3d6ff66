import type { MethodName } from '../shared/contract/methods';

/** The IPC channel of one contract method, shared by the preload (invoke) and main (handle). */
export function apiChannel(method: MethodName): string {
  return `api:${method}`;
}
