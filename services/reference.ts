import regionsData from '@etalab/decoupage-administratif/data/regions.json' with { type: 'json' };
import departmentsData from '@etalab/decoupage-administratif/data/departements.json' with { type: 'json' };
import type { Region } from '../shared/contract';

interface RawRegion {
  code: string;
  nom: string;
  zone: string;
}
interface RawDepartment {
  code: string;
  nom: string;
  region: string;
}

const collator = new Intl.Collator('fr');

/**
 * The 18 régions that have an ARS (metropolitan and overseas départements-régions), with their
 * départements, from the INSEE geography shipped offline. Overseas collectivities have none.
 */
export const regions: Region[] = (regionsData as RawRegion[])
  .filter((r) => r.zone === 'metro' || r.zone === 'drom')
  .map((r) => ({
    code: r.code,
    name: r.nom,
    departments: (departmentsData as RawDepartment[])
      .filter((d) => d.region === r.code)
      .map((d) => ({ code: d.code, name: d.nom })),
  }))
  .sort((a, b) => collator.compare(a.name, b.name));

export function findRegion(code: string): Region | undefined {
  return regions.find((r) => r.code === code);
}
