/**
 * zod's locales/index.js re-exports some fifty languages (260 KB, half of zod in a bundle) that
 * `z.locales` makes impossible to tree-shake. The bundles (renderer, CLI) load it as this shorter
 * list: French, which shared/validation.ts configures, and English, zod's default.
 */
export const KEPT_ZOD_LOCALES = ['en', 'fr'];

export const zodLocalesIndex = /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/;

export const keptZodLocalesSource = KEPT_ZOD_LOCALES.map((code) => `export { default as ${code} } from './${code}.js';\n`).join('');

/** For esbuild (the CLI); scripts/renderer-plugins.ts has Vite's. */
export const esbuildZodLocales = {
  name: 'zod-locales',
  setup(build) {
    build.onLoad({ filter: zodLocalesIndex }, (args) => ({
      contents: keptZodLocalesSource,
      loader: 'js',
      resolveDir: args.path.replace(/[\\/]index\.js$/, ''),
    }));
  },
};
