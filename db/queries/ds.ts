import type { Kysely, Selectable } from 'kysely';
import type { Database, DsConnectionsTable } from '../schema';

export interface DsConnectionRecord {
  procedureNumber: number;
  instanceUrl: string;
  instructorGroup: number | null;
  lastSyncAt: string | null;
  lastSyncBatchId: number | null;
  savedAt: string;
  savedBy: string;
}

function fromRow(row: Selectable<DsConnectionsTable>): DsConnectionRecord {
  return {
    procedureNumber: row.procedure_number,
    instanceUrl: row.instance_url,
    instructorGroup: row.instructor_group,
    lastSyncAt: row.last_sync_at,
    lastSyncBatchId: row.last_sync_batch_id,
    savedAt: row.saved_at,
    savedBy: row.saved_by,
  };
}

export async function listDsConnections(db: Kysely<Database>): Promise<DsConnectionRecord[]> {
  return (await db.selectFrom('ds_connections').selectAll().orderBy('procedure_number').execute()).map(fromRow);
}

export async function getDsConnection(db: Kysely<Database>, procedureNumber: number): Promise<DsConnectionRecord | undefined> {
  const row = await db.selectFrom('ds_connections').selectAll().where('procedure_number', '=', procedureNumber).executeTakeFirst();
  return row && fromRow(row);
}

/** Creates or changes the connection of a procedure; a change of instance or group starts the next sync from the beginning. */
export async function saveDsConnection(
  db: Kysely<Database>,
  c: Pick<DsConnectionRecord, 'procedureNumber' | 'instanceUrl' | 'instructorGroup' | 'savedAt' | 'savedBy'>,
): Promise<void> {
  const before = await getDsConnection(db, c.procedureNumber);
  const values = { instance_url: c.instanceUrl, instructor_group: c.instructorGroup, saved_at: c.savedAt, saved_by: c.savedBy };
  if (!before) {
    await db.insertInto('ds_connections').values({ procedure_number: c.procedureNumber, ...values }).execute();
    return;
  }
  const same = before.instanceUrl === c.instanceUrl && before.instructorGroup === c.instructorGroup;
  await db
    .updateTable('ds_connections')
    .set(same ? values : { ...values, last_sync_at: null, last_sync_batch_id: null })
    .where('procedure_number', '=', c.procedureNumber)
    .execute();
}

/** A successful sync: the next asks for what changed since `at`; `batchId` null when it imported nothing. */
export async function recordDsSync(db: Kysely<Database>, procedureNumber: number, at: string, batchId: number | null): Promise<void> {
  await db
    .updateTable('ds_connections')
    .set(batchId === null ? { last_sync_at: at } : { last_sync_at: at, last_sync_batch_id: batchId })
    .where('procedure_number', '=', procedureNumber)
    .execute();
}
