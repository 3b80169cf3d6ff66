/** Imports of Démarches Simplifiées exports and ARS zoning tables: pure parsing, no database. */
export { parseDossierFile } from './dossiers';
export { parseZoningFile } from './zoning';
