import { requiredText, z } from './validation';

/** 50 MB: a scanned projet de santé fits, a mistaken video does not. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** A file sent by the interface or the CLI: its name and its bytes in base64, so every transport can carry it. */
export const uploadSchema = z.strictObject({
  fileName: requiredText('Le nom du fichier', 255),
  contentBase64: z
    .string()
    .max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4, { error: 'Le fichier dépasse 50 Mo.' })
    .pipe(z.base64({ error: "Le contenu du fichier n'est pas encodé en base64." })),
});
export type Upload = z.infer<typeof uploadSchema>;
