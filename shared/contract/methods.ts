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
  'dossiers.list',
  'dossiers.get',
  'dossiers.create',
  'dossiers.update',
  'attachments.add',
  'attachments.remove',
  'attachments.open',
  'eligibility.report',
  'import.preview',
  'import.run',
  'import.mappings.list',
  'import.mappings.save',
  'import.mappings.delete',
  'zoning.import',
  'grid.get',
  'grid.update',
  'members.list',
  'members.save',
  'sessions.list',
  'sessions.get',
  'sessions.create',
  'sessions.update',
  'sessions.setRoll',
  'agenda.set',
  'conflicts.set',
  'items.recordOpinion',
  'items.recordDecision',
  'sessions.transition',
  'sessions.close',
  'sessions.reopen',
  'scores.get',
  'scores.save',
  'documents.generate',
  'documents.start',
  'documents.job',
  'documents.cancel',
  'documents.preview',
  'documents.list',
  'documents.markSent',
  'dashboard.deadlines',
  'sessions.export',
] as const;

export type MethodName = (typeof methodNames)[number];

export function isMethodName(name: string): name is MethodName {
  return (methodNames as readonly string[]).includes(name);
}
