/**
 * What may be attached to a dossier: documents a reader opens, never a program. The name's
 * extension is checked here, at the boundary; the service checks that the content is what the
 * extension says (services/attachments.ts), on adding and again on opening.
 */
import { requiredText } from './validation';

/** The admitted extensions and what their content must be. */
export const attachmentFormats = {
  pdf: 'pdf',
  png: 'png',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  tif: 'tiff',
  tiff: 'tiff',
  gif: 'gif',
  webp: 'webp',
  docx: 'docx',
  xlsx: 'xlsx',
  pptx: 'pptx',
  odt: 'odt',
  ods: 'ods',
  odp: 'odp',
  doc: 'cfb',
  xls: 'cfb',
  ppt: 'cfb',
  txt: 'text',
  csv: 'text',
} as const;
export type AttachmentFormat = (typeof attachmentFormats)[keyof typeof attachmentFormats];

/** For the file picker's `accept`. */
export const attachmentExtensions = Object.keys(attachmentFormats).map((ext) => `.${ext}`);

/** Programs, scripts, shortcuts and installers Windows runs when asked to open them; named in the refusal. */
const RUNNABLE = new Set([
  'exe', 'com', 'bat', 'cmd', 'pif', 'scr', 'cpl', 'msi', 'msp', 'mst', 'msix', 'appx', 'appref-ms', 'application',
  'lnk', 'url', 'scf', 'library-ms', 'search-ms', 'settingcontent-ms', 'inf', 'reg', 'dll', 'sys', 'ocx', 'drv',
  'ps1', 'psm1', 'psd1', 'ps1xml', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh', 'wsc', 'hta', 'jar', 'py', 'pyw', 'sh',
  'gadget', 'chm', 'hlp', 'iso', 'img', 'vhd', 'vhdx', 'docm', 'dotm', 'xlsm', 'xltm', 'xlam', 'pptm', 'potm', 'ppam',
]);

/** The extension Windows would go by: after the last dot, trailing dots and spaces ignored. */
export function extensionOf(fileName: string): string {
  const name = fileName.replace(/[.\s]+$/u, '');
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

const ADMITTED = 'un PDF, une image (PNG, JPEG, TIFF, GIF, WebP), un document Office ou OpenDocument, ou un texte (TXT, CSV)';

/** Why a file of this name cannot be attached, or null. */
export function attachmentNameProblem(fileName: string): string | null {
  const ext = extensionOf(fileName);
  if (!ext) return `Le nom du fichier doit finir par son extension (.pdf, .docx, .jpg…) : joindre ${ADMITTED}.`;
  if (RUNNABLE.has(ext)) {
    return `Les programmes, scripts, raccourcis et documents à macros (.${ext}) ne peuvent pas être joints : joindre ${ADMITTED}.`;
  }
  if (!Object.hasOwn(attachmentFormats, ext)) return `Les fichiers .${ext} ne sont pas admis : joindre ${ADMITTED}.`;
  return null;
}

export const attachmentFileNameSchema = requiredText('Le nom du fichier', 255).superRefine((name, ctx) => {
  const problem = attachmentNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
