export declare const sourcesDir: string;
export declare const iconsCssFile: string;
export declare function usedIcons(dir?: string): { icons: string[]; dynamic: string[] };
export declare function iconCatalogue(): Map<string, string>;
export declare function iconsCss(icons: string[]): string;
