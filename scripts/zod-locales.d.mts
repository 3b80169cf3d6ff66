import type { Plugin } from 'esbuild';

export declare const KEPT_ZOD_LOCALES: string[];
export declare const zodLocalesIndex: RegExp;
export declare const keptZodLocalesSource: string;
export declare const esbuildZodLocales: Plugin;
