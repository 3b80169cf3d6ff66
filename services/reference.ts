import { createRequire } from 'node:module';
import type { Region } from '../shared/contract';

interface RawArea {
  code: string;
  nom: string;
  zone?: string;
  region?: string;
  departement?: string;
  type?: string;
}

export interface CommuneInfo {
  code: string;
  name: string;
  departmentCode: string;
  regionCode: string;
}

// Read from the installed package at run time rather than bundled: the communes file is 13 MB.
const requireData = createRequire(import.meta.url);
const load = (file: string) => requireData(`@etalab/decoupage-administratif/data/${file}.json`) as RawArea[];

const collator = new Intl.Collator('fr');

let regionsCache: Region[] | undefined;

/**
 * The 18 régions that have an ARS (metropolitan and overseas départements-régions), with their
 * départements, from the INSEE geography shipped offline. Overseas collectivities have none.
 */
export function regions(): Region[] {
  regionsCache ??= load('regions')
    .filter((r) => r.zone === 'metro' || r.zone === 'drom')
    .map((r) => ({
      code: r.code,
      name: r.nom,
      departments: load('departements')
        .filter((d) => d.region === r.code)
        .map((d) => ({ code: d.code, name: d.nom })),
    }))
    .sort((a, b) => collator.compare(a.name, b.name));
  return regionsCache;
}

export function findRegion(code: string): Region | undefined {
  return regions().find((r) => r.code === code);
}

let communesCache: Map<string, CommuneInfo> | undefined;

/** A commune by its INSEE code: current communes first, then Paris/Lyon/Marseille arrondissements and former communes. */
export function lookupCommune(code: string): CommuneInfo | undefined {
  if (!communesCache) {
    communesCache = new Map();
    const rank = (type?: string) => (type === 'commune-actuelle' ? 0 : type === 'arrondissement-municipal' ? 1 : 2);
    const all = load('communes').sort((a, b) => rank(a.type) - rank(b.type));
    for (const c of all) {
      if (communesCache.has(c.code) || !c.departement || !c.region) continue;
      communesCache.set(c.code, { code: c.code, name: c.nom, departmentCode: c.departement, regionCode: c.region });
    }
  }
  return communesCache.get(code);
}
