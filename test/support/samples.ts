import type { DossierData } from '../../shared/dossier';
import { parseDossierFile } from '../../services/import';
import { sample } from './fixtures';

const XLSX = 'demarches-simplifiees/hdf-dossiers-export.xlsx';
const parsed = await parseDossierFile('hdf-dossiers-export.xlsx', sample(XLSX));

/** The six Hauts-de-France dossiers of the sample XLSX export, read by the importer itself. */
export const sampleDossiers: ReadonlyMap<number, DossierData> = new Map(parsed.dossiers.map((d) => [d.data.dsNumber!, d.data]));

/** One sample dossier, a copy the test may change. */
export function sampleDossier(dsNumber: number): DossierData {
  const dossier = sampleDossiers.get(dsNumber);
  if (!dossier) throw new Error(`Le dossier ${dsNumber} n'est pas dans l'export d'exemple.`);
  return structuredClone(dossier);
}
