import type { Handlers } from '../shared/contract';
import { listAudit } from '../db/queries/audit';
import type { ServiceContext } from './context';
import { regions } from './reference';
import { getSettings, updateSettings } from './settings';

/** The implementation of the whole contract; every transport serves this one map. */
export const handlers: Handlers<ServiceContext> = {
  'app.info': (_input, ctx) => ({
    version: ctx.appVersion,
    databasePath: ctx.databasePath,
    schemaVersion: ctx.schemaVersion,
  }),
  'settings.get': (_input, ctx) => getSettings(ctx),
  'settings.update': updateSettings,
  'reference.regions': () => regions(),
  'audit.list': (input, ctx) => listAudit(ctx.db, input),
};
