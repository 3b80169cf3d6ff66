import { createRequire } from 'node:module';
import type { Region } from '../shared/contract';
import { foldText } from '../shared/text';

interface RawArea {
  code: string;
  nom: string;
  zone?: string;
  region?: string;
  departement?: string;
  type?: string;
  typeLiaison?: number;
  codesPostaux?: string[];
}

export interface CommuneInfo {
  code: string;
  /** As INSEE writes it, article included: Le Lamentin, L'Ajoupa-Bouillon. */
  name: string;
  /**
   * INSEE's TNCC, which says the article and how the name joins à and de: 0 no article,
   * consonant; 1 no article, vowel or mute h (d'Ajaccio); 2 Le; 3 La; 4 Les; 5 L'; 6 Aux; 7 Las;
   * 8 Los. Null where INSEE gives none (overseas collectivities).
   */
  articleType: number | null;
  departmentCode: string;
  regionCode: string;
  postalCodes: string[];
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

/** Every commune, ranked: 0 current, 1 Paris/Lyon/Marseille arrondissement, 2 former (déléguée, associée). */
let communesCache: { info: CommuneInfo; rank: number }[] | undefined;

function communes() {
  if (!communesCache) {
    const rank = (type?: string) => (type === 'commune-actuelle' ? 0 : type === 'arrondissement-municipal' ? 1 : 2);
    communesCache = load('communes')
      .filter((c) => c.departement && c.region)
      .map((c) => ({
        info: {
          code: c.code,
          name: c.nom,
          articleType: c.typeLiaison ?? null,
          departmentCode: c.departement!,
          regionCode: c.region!,
          postalCodes: c.codesPostaux ?? [],
        },
        rank: rank(c.type),
      }))
      .sort((a, b) => a.rank - b.rank);
  }
  return communesCache;
}

let byCode: Map<string, CommuneInfo> | undefined;

/** A commune by its INSEE code: current communes first, then Paris/Lyon/Marseille arrondissements and former communes. */
export function lookupCommune(code: string): CommuneInfo | undefined {
  if (!byCode) {
    byCode = new Map();
    for (const { info } of communes()) if (!byCode.has(info.code)) byCode.set(info.code, info);
  }
  return byCode.get(code);
}

/**
 * A name as it may be typed: without accents or capitals, with spaces for hyphens and
 * apostrophes, St for Saint; `withoutArticle` also drops a leading article (Lamentin).
 */
function nameKey(name: string, withoutArticle: boolean): string {
  const key = foldText(name).replace(/\bste?\b/g, (abbreviation) => (abbreviation === 'st' ? 'saint' : 'sainte'));
  return withoutArticle ? key.replace(/^(?:le|la|les|l|aux|las|los) /, '') : key;
}

type NameIndex = Map<string, { info: CommuneInfo; rank: number }[]>;
/** Per département, the communes under their name as written, then without its article. */
let byName: Map<string, [NameIndex, NameIndex]> | undefined;

/**
 * A commune by its name within a département, for dossiers whose INSEE code is missing: the
 * name as INSEE writes it or as commonly typed (le lamentin, Trois Ilets, St-Pierre). Undefined
 * when none, or several distinct ones of the same standing, answer.
 */
export function lookupCommuneByName(name: string, departmentCode: string): CommuneInfo | undefined {
  if (!byName) {
    byName = new Map();
    for (const entry of communes()) {
      let indexes = byName.get(entry.info.departmentCode);
      if (!indexes) byName.set(entry.info.departmentCode, (indexes = [new Map(), new Map()]));
      indexes.forEach((index, i) => {
        const key = nameKey(entry.info.name, i === 1);
        index.set(key, [...(index.get(key) ?? []), entry]);
      });
    }
  }
  const code = departmentCode.trim().toUpperCase();
  const indexes = byName.get(/^\d$/.test(code) ? `0${code}` : code);
  for (const [i, index] of (indexes ?? []).entries()) {
    const found = index.get(nameKey(name, i === 1)) ?? [];
    // A current commune outranks a former one of the same name; its déléguée often shares its code.
    const codes = new Set(found.filter((e) => e.rank === found[0]!.rank).map((e) => e.info.code));
    if (codes.size === 1) return lookupCommune([...codes][0]!);
    if (codes.size > 1) return undefined;
  }
  return undefined;
}
