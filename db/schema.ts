import type { ColumnType, Generated } from 'kysely';

/** One row per settings section; `value` is the section as JSON, validated by shared/settings. */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  /** Bumped by every save; a save from an older one is refused (services/versions.ts). */
  version: Generated<number>;
  updated_by: Generated<string>;
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
  /** The hash chain (db/queries/audit-chain.ts): the previous entry's hash, and this one's. */
  prev_hash: string | null;
  hash: string | null;
}

/** Booleans are 0/1, NULL where the dossier gave no answer. */
type Answer = number | null;

export interface DossiersTable {
  id: Generated<number>;
  ds_number: number | null;
  ds_state: string | null;
  structure_type: string;
  name: string;
  status: Generated<string>;
  submitted_at: string | null;
  instruction_at: string | null;
  sponsor_civility: string;
  sponsor_first_name: string;
  sponsor_last_name: string;
  sponsor_email: string;
  sponsor_phone: string;
  legal_form: string;
  siret: string;
  rna: string;
  representative_civility: string;
  representative_first_name: string;
  representative_last_name: string;
  representative_capacity: string;
  address: string;
  commune_code: string;
  commune_name: string;
  department_code: string;
  zoning: string | null;
  apl: number | null;
  grant_requested_cents: number;
  grant_engineering_cents: number;
  grant_it_cents: number;
  grant_furniture_cents: number;
  meeting_frequency: string;
  protocol_count: number | null;
  information_system: string;
  information_system_labelled: Answer;
  secure_messaging: Answer;
  coordinator: Answer;
  opening_hours: string;
  unscheduled_care: Answer;
  project_summary: string;
  /** JSON array of strings. */
  project_themes: string;
  start_date: string | null;
  declared_professionals: number | null;
  in_priority_zone: Answer;
  /** JSON array of file names. */
  declared_files: string;
  /** Number, name, commune and sponsor, folded (shared/text); indexed by trigrams in `dossiers_search` (db/search.ts). */
  search_text: string;
  name_key: string;
  commune_key: string;
  eligible: number | null;
  eligibility_blocking: Generated<number>;
  eligibility_warnings: Generated<number>;
  created_at: string;
  updated_at: string;
  /** When its personal data was purged at the end of the retention period (services/retention.ts). */
  anonymised_at: string | null;
  /** A withdrawal by the applicants (désistement): its date and reason. */
  withdrawn_on: string | null;
  withdrawal_reason: Generated<string>;
  /** Bumped by every save; a save from an older one is refused (services/versions.ts). */
  version: Generated<number>;
  updated_by: Generated<string>;
}

export interface ProfessionalsTable {
  id: Generated<number>;
  dossier_id: number;
  position: number;
  last_name: string;
  first_name: string;
  profession: string;
  identifier: string;
  commune_code: string;
  commune_name: string;
  role: string;
}

export interface AttachmentsTable {
  id: Generated<number>;
  dossier_id: number;
  kind: string;
  original_name: string;
  size: number;
  sha256: string;
  stored_path: string;
  added_at: string;
  added_by: string;
  /** Base64 of the content's MD5 (migration 0020); null for files kept before. */
  content_md5: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ImportBatchesTable {
  id: Generated<number>;
  file_name: string;
  file_sha256: string;
  format: string;
  mapping_name: string;
  mapping_json: string;
  created: number;
  updated: number;
  unchanged: number;
  imported_at: string;
  imported_by: string;
}

export interface DsConnectionsTable {
  id: Generated<number>;
  procedure_number: number;
  instance_url: string;
  instructor_group: number | null;
  last_sync_at: string | null;
  last_sync_batch_id: number | null;
  saved_at: string;
  saved_by: string;
}

export interface ImportMappingsTable {
  name: string;
  mapping_json: string;
  updated_at: string;
  /** Bumped by every save; a save from an older one is refused (services/versions.ts). */
  version: Generated<number>;
  updated_by: Generated<string>;
}

export interface ZoningTable {
  commune_code: string;
  commune_name: string;
  zoning: string;
  apl: number | null;
  imported_at: string;
}

export interface ScoringGridsTable {
  version: number;
  grid_json: string;
  created_at: string;
  created_by: string;
}

export interface MembersTable {
  id: Generated<number>;
  civility: string;
  first_name: string;
  last_name: string;
  organisation: string;
  title: string;
  email: string;
  voice: string;
  active: number;
  /** Bumped by every save; a save from an older one is refused (services/versions.ts). */
  version: Generated<number>;
  updated_by: Generated<string>;
  updated_at: Generated<string>;
}

export interface SessionsTable {
  id: Generated<number>;
  number: string;
  title: string;
  date: string;
  start_time: string | null;
  end_time: string | null;
  place: string;
  video_link: string;
  chair_member_id: number | null;
  secretary: string;
  grid_version: number;
  status: Generated<string>;
  reconvened: Generated<number>;
  closed_at: string | null;
  closed_by: string | null;
  created_at: string;
  updated_at: string;
  /** Bumped by every save; a save from an older one is refused (services/versions.ts). */
  version: Generated<number>;
  updated_by: Generated<string>;
}

export interface SessionMembersTable {
  session_id: number;
  member_id: number;
  voice: string;
  position: number;
  attendance: string;
  remote: number;
  proxy_holder_id: number | null;
}

export interface AgendaItemsTable {
  id: Generated<number>;
  session_id: number;
  dossier_id: number;
  position: number;
  rapporteur_member_id: number | null;
  opinion: string | null;
  reservations_json: Generated<string>;
  motivation: Generated<string>;
  votes_for: number | null;
  votes_against: number | null;
  votes_abstention: number | null;
  grant_cents: Generated<number>;
  grant_engineering_cents: Generated<number>;
  grant_it_cents: Generated<number>;
  grant_furniture_cents: Generated<number>;
  private_notes: Generated<string>;
  opinion_at: string | null;
  decision_json: string | null;
  /** 1: postponed « faute de quorum », without a vote. */
  no_quorum: Generated<number>;
  /** Bumped by every save; a save from an older one is refused (services/versions.ts). */
  version: Generated<number>;
  updated_by: Generated<string>;
  updated_at: Generated<string>;
}

export interface ConflictsTable {
  agenda_item_id: number;
  member_id: number;
  reason: string;
}

export interface ScoreSheetsTable {
  id: Generated<number>;
  dossier_id: number;
  grid_version: number;
  scorer: string;
  values_json: string;
  updated_at: string;
  updated_by: string;
  /** Bumped by every save; a save from an older one is refused (services/versions.ts). */
  version: Generated<number>;
}

export interface DocumentsTable {
  id: Generated<number>;
  kind: string;
  session_id: number;
  dossier_id: number | null;
  version: number;
  reference: string;
  file_path: string;
  sha256: string;
  size: number;
  created_at: string;
  created_by: string;
  sent_at: string | null;
  /** What the document was produced from (see services/documents/record.ts); NULL for documents produced before migration 0007. */
  basis_json: string | null;
}

/** A closed session's frozen facts: what its documents print, whatever is edited afterwards. */
export interface SessionRecordsTable {
  session_id: number;
  facts_json: string;
  frozen_at: string;
  frozen_by: string;
}

/** A dossier field corrected by hand (dotted path, 'professionals' for the team), with its value as JSON. */
export interface DossierManualFieldsTable {
  dossier_id: number;
  field: string;
  value_json: string;
  edited_at: string;
  edited_by: string;
}

/** A member's convocation to a session: the file last produced, and when it was sent. */
export interface ConvocationsTable {
  session_id: number;
  member_id: number;
  /** Relative to the data folder, with '/'. */
  file_path: string;
  sha256: string;
  created_at: string;
  created_by: string;
  sent_at: string | null;
  sent_by: string | null;
}

export interface AgreementsTable {
  id: Generated<number>;
  agenda_item_id: number;
  dossier_id: number;
  signed_on: string;
  instalments: number;
  scan_attachment_id: number | null;
  recorded_at: string;
  recorded_by: string;
}

export interface GrantPaymentsTable {
  id: Generated<number>;
  agreement_id: number;
  paid_on: string;
  amount_cents: number;
  reference: string;
  recorded_at: string;
  recorded_by: string;
}

export interface AgreementReportsTable {
  id: Generated<number>;
  agreement_id: number;
  position: number;
  label: string;
  due_on: string;
  received_on: string | null;
  /** Bumped by every save; a save from an older one is refused (services/versions.ts). */
  version: Generated<number>;
  updated_by: Generated<string>;
  updated_at: Generated<string>;
}

/** The item a session's live mode shows now, one row per session that has been live. */
export interface LiveItemsTable {
  session_id: number;
  item_id: number;
  set_at: string;
  set_by: string;
}

/** A decision sent to Démarches Simplifiées with one version of its letter (migration 0019). */
export interface DsPushesTable {
  id: Generated<number>;
  document_id: number;
  letter_sha256: string;
  session_id: number;
  dossier_id: number;
  ds_number: number;
  action: string;
  dossier_gid: string | null;
  instructeur_gid: string | null;
  instruction_at: string | null;
  decided_at: string | null;
  message_at: string | null;
  completed_at: string | null;
  platform_state: string | null;
  attempts: Generated<number>;
  last_error: Generated<string>;
  started_at: string;
  updated_at: string;
  actor: string;
}

/** A person who signs in (team mode): see db/migrations/0014-accounts.ts. */
export interface AccountsTable {
  id: Generated<number>;
  login: string;
  login_key: string;
  display_name: string;
  role: string;
  departments_json: string;
  member_id: number | null;
  password_hash: string;
  windows_user: string;
  disabled: Generated<number>;
  failed_attempts: Generated<number>;
  locked_until: string | null;
  created_at: string;
  created_by: string;
  last_sign_in_at: string | null;
}

/** The files kept in the database (team mode without a shared folder), by the sha256 of their bytes. */
export interface StoredFilesTable {
  sha256: string;
  size: number;
  content: Buffer;
  stored_at: string;
}

export interface Database {
  settings: SettingsTable;
  audit_log: AuditLogTable;
  dossiers: DossiersTable;
  professionals: ProfessionalsTable;
  attachments: AttachmentsTable;
  import_batches: ImportBatchesTable;
  import_mappings: ImportMappingsTable;
  ds_connections: DsConnectionsTable;
  zoning: ZoningTable;
  scoring_grids: ScoringGridsTable;
  members: MembersTable;
  sessions: SessionsTable;
  session_members: SessionMembersTable;
  agenda_items: AgendaItemsTable;
  conflicts: ConflictsTable;
  score_sheets: ScoreSheetsTable;
  documents: DocumentsTable;
  session_records: SessionRecordsTable;
  dossier_manual_fields: DossierManualFieldsTable;
  convocations: ConvocationsTable;
  agreements: AgreementsTable;
  grant_payments: GrantPaymentsTable;
  agreement_reports: AgreementReportsTable;
  live_items: LiveItemsTable;
  ds_pushes: DsPushesTable;
  accounts: AccountsTable;
  stored_files: StoredFilesTable;
}
