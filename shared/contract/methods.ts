/**
 * The names of every contract method. Kept free of zod so that the sandboxed preload can
 * bundle it without pulling the schemas in; `contract.ts` checks that it matches exactly.
 */
export const methodNames = [
  'app.info',
  'settings.get',
  'settings.update',
  'reference.regions',
  'audit.list',
] as const;

export type MethodName = (typeof methodNames)[number];

export function isMethodName(name: string): name is MethodName {
  return (methodNames as readonly string[]).includes(name);
}
