import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { woff2Only, zodLocales } from './scripts/renderer-plugins';

export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        // A sandboxed preload is loaded as CommonJS and may require nothing but 'electron'.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    // Relative asset URLs work under the app:// protocol and the test bridge alike.
    base: './',
    plugins: [react(), zodLocales, woff2Only],
    resolve: {
      // react-router's package exports point at its development build only.
      alias: [{ find: /^react-router$/, replacement: resolve(__dirname, 'node_modules/react-router/dist/production/index.mjs') }],
    },
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
      // Which chunks each screen loads, for the bench (test/bench/bundle.ts).
      manifest: true,
      // electron-vite leaves the renderer unminified.
      minify: true,
      // The DSFR's CSS names some 150 SVG icons (masks): as files, each is read only when shown.
      assetsInlineLimit: (file: string) => (file.endsWith('.svg') ? false : undefined),
    },
  },
});
