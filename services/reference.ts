import regionsData from '@etalab/decoupage-administratif/data/regions.json' with { type: 'json' };
import departmentsData from '@etalab/decoupage-administratif/data/departements.json' with { type: 'json' };
import type { Region } from '../shared/contract';

interface RawRegion {
  code: string;
  nom: string;
}
interface RawDepartment {
  code: string;
  nom: string;
  region: string;
}

const collator = new Intl.Collator('fr');

/** Régions with their départements, from the INSEE geography shipped offline. */
export const regions: Region[] = (regionsData as RawRegion[])
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
