import type { Generated } from 'kysely';

/** One row per settings section; `value` is the section as JSON, validated by shared/settings. */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  /** ISO 8601 instant. */
  at: string;
  /** The user account that made the change. */
  actor: string;
  entity_type: string;
  entity_id: string;
  action: string;
  before_json: string | null;
  after_json: string | null;
}

export interface Database {
  settings: SettingsTable;
  audit_log: AuditLogTable;
}
