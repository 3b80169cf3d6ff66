/**
 * Backups and retention: the settings section, the names backup files carry, which of them the
 * rotation keeps, and what the contract answers about them. Pure: the services do the files.
 */
import { absolutePath, isAbsolutePath, optionalText, wholeNumber, z } from './validation';


const count = (label: string, min: number, max: number, fallback: number) =>
  wholeNumber(label, max)
    .min(min, { error: `${label} doit valoir au moins ${min}.` })
    .default(fallback);

/** The Paramètres section « Sauvegardes et conservation ». */
export const recordsSettingsSchema = z.strictObject({
  /** '' : the « sauvegardes » folder beside the database. */
  backupFolder: optionalText('Le dossier des sauvegardes', 1000).refine((v) => v === '' || isAbsolutePath(v), {
    error: 'Le dossier des sauvegardes doit être un chemin complet (ex. : \\\\serveur\\partage\\Commission ou D:\\Sauvegardes).',
  }),
  keepDaily: count('Le nombre de sauvegardes quotidiennes gardées', 1, 366, 7),
  keepWeekly: count('Le nombre de sauvegardes hebdomadaires gardées', 0, 520, 4),
  keepMonthly: count('Le nombre de sauvegardes mensuelles gardées', 0, 1200, 12),
  /** Years after a dossier's last decision before its personal data is purged. */
  retentionYears: count('La durée de conservation des données personnelles (en années)', 1, 100, 10),
});
export type RecordsSettings = z.infer<typeof recordsSettingsSchema>;

export const defaultRecordsSettings: RecordsSettings = {
  backupFolder: '',
  keepDaily: 7,
  keepWeekly: 4,
  keepMonthly: 12,
  retentionYears: 10,
};

/** What a backup was made for; automatic ones are rotated, the others stay until removed by hand. */
export const backupKinds = ['daily', 'import', 'manual', 'migration', 'restore', 'archive'] as const;
export type BackupKind = (typeof backupKinds)[number];

/** As written in file names, in French: the folder is read by people too. */
const kindNames: Record<BackupKind, string> = {
  daily: 'quotidienne',
  import: 'avant-import',
  manual: 'manuelle',
  migration: 'avant-mise-a-jour',
  restore: 'avant-restauration',
  archive: 'archive',
};

export const backupKindLabels: Record<BackupKind, string> = {
  daily: 'Quotidienne',
  import: 'Avant un import',
  manual: 'Manuelle',
  migration: "Avant une mise à jour de l'application",
  restore: 'Avant une restauration',
  archive: 'Archive complète',
};

export const rotatedKinds: readonly BackupKind[] = ['daily', 'import'];

/** The newest automatic backups kept whatever their day: several imports in a day each keep the state before them. */
export const KEEP_LATEST = 3;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** « commission-2026-05-14-093012-quotidienne.sqlite »: local time, which sorts as it reads. */
export function backupFileName(kind: BackupKind, at: Date, extension: 'sqlite' | 'zip'): string {
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return `commission-${stamp}-${kindNames[kind]}.${extension}`;
}

const NAME = /^commission-(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})-([a-z-]+?)(?:-(\d+))?\.(sqlite|zip)$/;

export interface BackupName {
  kind: BackupKind;
  /** Local wall-clock time, « 2026-05-14T09:30:12 ». */
  takenAt: string;
  format: 'database' | 'archive';
}

/** What a file name in the backups folder says, or null for a file the app did not name. */
export function parseBackupName(name: string): BackupName | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, kindName, , ext] = match;
  const kind = backupKinds.find((k) => kindNames[k] === kindName);
  if (!kind) return null;
  return { kind, takenAt: `${y}-${mo}-${d}T${h}:${mi}:${s}`, format: ext === 'zip' ? 'archive' : 'database' };
}

const DAY_MS = 86_400_000;

/** ISO 8601 week of a calendar day, « 2026-W20 »: the week of its Thursday, counted from the week of 4 January. */
function isoWeek(day: string): string {
  const thursday = new Date(`${day}T00:00:00Z`);
  thursday.setUTCDate(thursday.getUTCDate() - ((thursday.getUTCDay() + 6) % 7) + 3);
  const year = thursday.getUTCFullYear();
  const january4 = new Date(Date.UTC(year, 0, 4));
  const firstThursday = january4.getTime() - (((january4.getUTCDay() + 6) % 7) - 3) * DAY_MS;
  return `${year}-W${pad(1 + Math.round((thursday.getTime() - firstThursday) / (7 * DAY_MS)))}`;
}

/**
 * The rotated backups to remove: of the newest `keepDaily` days that have one, the newest of
 * each day is kept, and likewise for weeks and months; and the KEEP_LATEST newest in any case.
 */
export function backupsToRemove(
  backups: readonly { name: string; takenAt: string }[],
  keep: Pick<RecordsSettings, 'keepDaily' | 'keepWeekly' | 'keepMonthly'>,
): string[] {
  const newestFirst = [...backups].sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : b.name.localeCompare(a.name)));
  const kept = new Set(newestFirst.slice(0, KEEP_LATEST).map((b) => b.name));
  const periods: [number, (takenAt: string) => string][] = [
    [keep.keepDaily, (t) => t.slice(0, 10)],
    [keep.keepWeekly, (t) => isoWeek(t.slice(0, 10))],
    [keep.keepMonthly, (t) => t.slice(0, 7)],
  ];
  for (const [limit, bucketOf] of periods) {
    const seen = new Set<string>();
    for (const backup of newestFirst) {
      if (seen.size >= limit) break;
      const bucket = bucketOf(backup.takenAt);
      if (seen.has(bucket)) continue;
      seen.add(bucket);
      kept.add(backup.name);
    }
  }
  return newestFirst.filter((b) => !kept.has(b.name)).map((b) => b.name);
}

// ---------------------------------------------------------------------------------------------
// What the contract answers

export const backupSchema = z.object({
  name: z.string(),
  path: z.string(),
  kind: z.enum(backupKinds),
  format: z.enum(['database', 'archive']),
  takenAt: z.string(),
  size: z.number(),
});
export type Backup = z.infer<typeof backupSchema>;

export const pendingRestoreSchema = z.object({
  source: z.string(),
  format: z.enum(['database', 'archive']),
  stagedAt: z.string(),
  stagedBy: z.string(),
});
export type PendingRestore = z.infer<typeof pendingRestoreSchema>;

/** What the backups screen says in team mode: the shared server's backups are its administrators'. */
export const SHARED_BACKUPS_MESSAGE =
  "La base partagée est sauvegardée sur son serveur PostgreSQL par votre service informatique (pg_dump) : Commission n'en fait pas de copie depuis ce poste, et sa restauration se demande au service informatique. L'archive complète reste possible : la base, les pièces jointes et les documents dans un fichier ZIP.";

export const backupsStatusSchema = z.object({
  /** Where backups go now: the chosen folder, or the default one beside the database. */
  folder: z.string(),
  defaultFolder: z.string(),
  backups: z.array(backupSchema),
  /** The last automatic backup that failed or went to the default folder, in French; null when all went well. */
  lastProblem: z.object({ at: z.string(), message: z.string() }).nullable(),
  /** A restore waiting for the next start of the app. */
  pendingRestore: pendingRestoreSchema.nullable(),
  /** Team mode: who backs the shared database up, in French; null for this machine's own file. */
  sharedServer: z.string().nullable(),
});
export type BackupsStatus = z.infer<typeof backupsStatusSchema>;

export const archiveResultSchema = z.object({
  path: z.string(),
  size: z.number(),
  files: z.object({ database: z.number(), attachments: z.number(), documents: z.number() }),
  /** Registered documents whose file was not found: the archive says so in its manifest. */
  missing: z.array(z.string()),
});
export type ArchiveResult = z.infer<typeof archiveResultSchema>;


export const restoreSourceSchema = absolutePath('Le fichier à restaurer');
export const archiveTargetSchema = absolutePath("Le fichier de l'archive");
