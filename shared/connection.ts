/**
 * Team mode's connection: where the shared PostgreSQL database is, and the shared folder of
 * attachments and documents. Kept per machine; the password never in clear (the OS keychain
 * seals it, see services/connection.ts).
 */
import { optionalText, requiredText, z } from './validation';

export const tlsModes = ['verify-full', 'require', 'disable'] as const;
export type TlsMode = (typeof tlsModes)[number];

/** A host name or an IP address, nothing a URL could be smuggled through. */
const host = requiredText("L'adresse du serveur", 253).refine((h) => /^[A-Za-z0-9.:[\]-]+$/.test(h), {
  error: "L'adresse du serveur ne peut contenir que des lettres, des chiffres, des points, des tirets et des deux-points.",
});
/** PostgreSQL names: 63 bytes at most. */
const identifier = (label: string) =>
  requiredText(label, 63).refine((name) => /^[A-Za-z_][A-Za-z0-9_$.-]*$/.test(name), {
    error: `${label} ne peut contenir que des lettres sans accent, des chiffres, _ $ . ou -, et commence par une lettre ou _.`,
  });

/** Where team mode keeps attachments and documents: in the shared database, or in a shared folder. */
export const fileStoreKinds = ['database', 'folder'] as const;
export type FileStoreKind = (typeof fileStoreKinds)[number];

export const sharedDatabaseSchema = z
  .strictObject({
    host,
    port: z.number({ error: 'Le port doit être un nombre.' }).int().min(1, { error: 'Le port va de 1 à 65 535.' }).max(65_535, { error: 'Le port va de 1 à 65 535.' }),
    database: identifier('Le nom de la base'),
    user: identifier("L'utilisateur"),
    tls: z.enum(tlsModes, { error: 'Le chiffrement doit être verify-full, require ou disable.' }),
    /**
     * The agency's own certificate authority (a PEM file), when it signed the server's certificate:
     * the packaged app cannot be given one otherwise (its fuses ignore NODE_EXTRA_CA_CERTS). Empty:
     * the authorities the app ships with.
     */
    caFile: optionalText("Le certificat de l'autorité", 1000),
    files: z.enum(fileStoreKinds, { error: 'Les fichiers se gardent dans la base (database) ou dans un dossier partagé (folder).' }),
    /** The shared folder (a network share) where attachments and documents are kept, when `files` is 'folder'. */
    filesFolder: requiredText('Le dossier partagé', 1000).optional(),
  })
  .refine((c) => c.files === 'database' || c.filesFolder !== undefined, {
    path: ['filesFolder'],
    error: 'Indiquer le dossier partagé où garder les pièces et les documents.',
  });
export type SharedDatabase = z.infer<typeof sharedDatabaseSchema>;

/** What the form sends: the connection and, when it changes, the password. */
export const sharedDatabaseInputSchema = z.strictObject({
  connection: sharedDatabaseSchema,
  /** Absent: keep the one stored. */
  password: z
    .string({ error: 'Le mot de passe doit être un texte.' })
    .min(1, { error: 'Le mot de passe ne peut pas être vide.' })
    .max(200, { error: 'Le mot de passe ne doit pas dépasser 200 caractères.' })
    .optional(),
});

/**
 * The URL the engine is opened with; each part encoded, so that a password's « @ » or « / » stays a
 * password. `uselibpqcompat`: the TLS modes mean what they mean to libpq and psql (pg alone takes
 * `require` for `verify-full`).
 */
export function connectionUrl(c: SharedDatabase, password: string | undefined): string {
  const credentials = password ? `${encodeURIComponent(c.user)}:${encodeURIComponent(password)}` : encodeURIComponent(c.user);
  const hostPart = c.host.includes(':') && !c.host.startsWith('[') ? `[${c.host}]` : c.host;
  const authority = c.caFile && c.tls !== 'disable' ? `&sslrootcert=${encodeURIComponent(c.caFile)}` : '';
  return `postgres://${credentials}@${hostPart}:${c.port}/${encodeURIComponent(c.database)}?uselibpqcompat=true&sslmode=${c.tls}${authority}`;
}
