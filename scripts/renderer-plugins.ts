/**
 * Vite plugins that keep the renderer lean (electron.vite.config.ts), each for what a library
 * ships that the app does not use.
 */
import type { Plugin } from 'vite';
import { keptZodLocalesSource, zodLocalesIndex } from './zod-locales.mjs';

/** zod's fifty locales, down to those the app uses (scripts/zod-locales.mjs). */
export const zodLocales: Plugin = {
  name: 'zod-locales',
  enforce: 'pre',
  load: (id) => (zodLocalesIndex.test(id) ? keptZodLocalesSource : undefined),
};

/** The DSFR's @font-face rules offer each face as woff2 and woff; Electron's Chromium reads woff2, so woff is never shipped. */
export const woff2Only: Plugin = {
  name: 'woff2-only',
  enforce: 'pre',
  transform(code, id) {
    if (!/[\\/]@codegouvfr[\\/]react-dsfr[\\/]dsfr[\\/]dsfr(\.min)?\.css$/.test(id)) return undefined;
    return code.replace(/,\s*url\(["']?[^)"']+\.woff["']?\)\s*format\(["']woff["']\)/g, '');
  },
};
