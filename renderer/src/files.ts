import { MAX_UPLOAD_BYTES, type Upload } from '../../shared/upload';
import type { Result } from '../../shared/result';

export interface ChosenFile {
  /** What the handlers take, and nothing more: their input schemas are strict. */
  upload: Upload;
  size: number;
}

/**
 * Reads a file the user chose into the base64 every transport carries. A file over the limit is
 * refused here, before the page spends seconds encoding what the handler would refuse anyway.
 */
export async function readChosenFile(file: File, onProgress?: (fraction: number) => void): Promise<Result<ChosenFile>> {
  if (file.size > MAX_UPLOAD_BYTES) {
    return {
      ok: false,
      error: {
        code: 'VALIDATION',
        message: `Le fichier « ${file.name} » dépasse 50 Mo : il ne peut pas être envoyé.`,
      },
    };
  }
  try {
    const dataUrl = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error ?? new Error('lecture impossible'));
      reader.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
      };
      reader.readAsDataURL(file);
    });
    // "data:<type>;base64,<content>"
    const contentBase64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
    return { ok: true, value: { upload: { fileName: file.name, contentBase64 }, size: file.size } };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `Le fichier « ${file.name} » n'a pas pu être lu : ${reason}.`;
    return { ok: false, error: { code: 'INTERNAL', message } };
  }
}
