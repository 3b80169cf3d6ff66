/** Files the handlers send as base64: shown in the app (PDF previews) or saved by the user. */

const mimeTypes = {
  pdf: 'application/pdf',
  csv: 'text/csv;charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
} as const;
export type FileFormat = keyof typeof mimeTypes;

export interface SentFile {
  fileName: string;
  contentBase64: string;
}

export function blobOf(contentBase64: string, format: FileFormat): Blob {
  const binary = atob(contentBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: mimeTypes[format] });
}

/**
 * Hands the file to the browser's download, under its name: Electron asks where to save it. A
 * download is not a navigation, so neither the CSP nor the navigation guards stand in its way.
 */
export function saveFile({ fileName, contentBase64 }: SentFile, format: FileFormat): void {
  const url = URL.createObjectURL(blobOf(contentBase64, format));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Chromium takes hold of the blob when the click starts the download.
  URL.revokeObjectURL(url);
}
