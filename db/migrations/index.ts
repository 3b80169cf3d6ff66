import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-settings-audit';
import * as m0002 from './0002-dossiers';
import * as m0003 from './0003-sessions';
import * as m0004 from './0004-documents';
import * as m0005 from './0005-legal-representative';
import * as m0006 from './0006-no-quorum';
import * as m0007 from './0007-frozen-records';
import * as m0008 from './0008-manual-fields';
import * as m0009 from './0009-audit-chain';
import * as m0010 from './0010-search-index';
import * as m0012 from './0012-convocations';
import * as m0013 from './0013-follow-up';
import * as m0014 from './0014-accounts';
import * as m0015 from './0015-record-versions';
import * as m0016 from './0016-live-items';
import * as m0017 from './0017-stored-files';
import * as m0018 from './0018-ds-connections';
import * as m0019 from './0019-ds-pushes';
import * as m0020 from './0020-attachment-checksums';

/**
 * Every migration, registered statically: the main process is bundled, so nothing may be read
 * from a folder at run time. Names sort in order; append, never edit a released one.
 */
export const migrations: Record<string, Migration> = {
  '0001-settings-audit': m0001,
  '0002-dossiers': m0002,
  '0003-sessions': m0003,
  '0004-documents': m0004,
  '0005-legal-representative': m0005,
  '0006-no-quorum': m0006,
  '0007-frozen-records': m0007,
  '0008-manual-fields': m0008,
  '0009-audit-chain': m0009,
  '0010-search-index': m0010,
  '0012-convocations': m0012,
  '0013-follow-up': m0013,
  '0014-accounts': m0014,
  '0015-record-versions': m0015,
  '0016-live-items': m0016,
  '0017-stored-files': m0017,
  '0018-ds-connections': m0018,
  '0019-ds-pushes': m0019,
  '0020-attachment-checksums': m0020,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
