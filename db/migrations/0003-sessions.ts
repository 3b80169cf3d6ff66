import type { Kysely } from 'kysely';
import { engineOf, withId, isJson } from '../dialect';


export async function up(db: Kysely<unknown>): Promise<void> {
  const engine = engineOf(db);
  // Every edit of the grid is a new version; a session keeps the one it was scored with.
  await db.schema
    .createTable('scoring_grids')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('grid_json', 'text', (c) => c.notNull().check(isJson(engine, 'grid_json')))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();

  // The reusable roster of commission members.
  await db.schema
    .createTable('members')
    .$call(withId(engine))
    .addColumn('civility', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    /** 'deliberative' or 'advisory' (voix consultative). */
    .addColumn('voice', 'text', (c) => c.notNull().defaultTo('deliberative'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('sessions')
    .$call(withId(engine))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text')
    .addColumn('end_time', 'text')
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('video_link', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('chair_member_id', 'integer', (c) => c.references('members.id'))
    .addColumn('secretary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('grid_version', 'integer', (c) => c.notNull().references('scoring_grids.version'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    /** Convened again after a missed quorum: no quorum needed (CRPA R133-10). */
    .addColumn('reconvened', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('closed_at', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('session_members')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    /** Copied from the roster when the member joins the session: a later change of the roster does not rewrite the past. */
    .addColumn('voice', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('attendance', 'text', (c) => c.notNull().defaultTo('absent'))
    .addColumn('remote', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('proxy_holder_id', 'integer', (c) => c.references('members.id'))
    .addPrimaryKeyConstraint('session_members_pk', ['session_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('agenda_items')
    .$call(withId(engine))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('dossier_id', 'integer', (c) => c.notNull().references('dossiers.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('rapporteur_member_id', 'integer', (c) => c.references('members.id'))
    .addColumn('opinion', 'text')
    .addColumn('reservations_json', 'text', (c) => c.notNull().defaultTo('[]').check(isJson(engine, 'reservations_json')))
    .addColumn('motivation', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('votes_for', 'integer')
    .addColumn('votes_against', 'integer')
    .addColumn('votes_abstention', 'integer')
    .addColumn('grant_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('grant_engineering_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('grant_it_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('grant_furniture_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('private_notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('opinion_at', 'text')
    .addColumn('decision_json', 'text', (c) => c.check(isJson(engine, 'decision_json')))
    .addUniqueConstraint('agenda_items_dossier_once', ['session_id', 'dossier_id'])
    .execute();
  await db.schema.createIndex('agenda_items_session').on('agenda_items').columns(['session_id', 'position']).execute();
  await db.schema.createIndex('agenda_items_dossier').on('agenda_items').column('dossier_id').execute();

  await db.schema
    .createTable('conflicts')
    .addColumn('agenda_item_id', 'integer', (c) => c.notNull().references('agenda_items.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id'))
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('conflicts_pk', ['agenda_item_id', 'member_id'])
    .execute();

  // One score sheet per dossier, grid version and scorer: 'instructor', 'consensus' or 'member:<id>'.
  await db.schema
    .createTable('score_sheets')
    .$call(withId(engine))
    .addColumn('dossier_id', 'integer', (c) => c.notNull().references('dossiers.id').onDelete('cascade'))
    .addColumn('grid_version', 'integer', (c) => c.notNull().references('scoring_grids.version'))
    .addColumn('scorer', 'text', (c) => c.notNull())
    .addColumn('values_json', 'text', (c) => c.notNull().check(isJson(engine, 'values_json')))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('score_sheets_one_per_scorer', ['dossier_id', 'grid_version', 'scorer'])
    .execute();
}
