import { zonings } from '../../shared/dossier';
import { defaultMapping, type TargetField, type ZoningEntry, type ZoningFileImport } from '../../shared/import-mapping';
import { optionalText, z } from '../../shared/validation';
import { bindTable, convertRow, issuePath, problemAt } from './records';
import { readSource } from './read';
import { refuse } from './table';

const zoningFields = {
  communeCode: { label: 'Code INSEE de la commune', kind: 'communeCode', required: true },
  communeName: { label: 'Nom de la commune', kind: 'text' },
  zoning: { label: 'Zonage médecins', kind: 'zoning', required: true },
  apl: { label: 'APL médecins généralistes', kind: 'decimal' },
} as const satisfies Record<keyof ZoningEntry, TargetField>;

/** The ARS tables follow the INSEE naming (CODGEO, LIBGEO) or plain French headers. */
const zoningAliases: Record<keyof ZoningEntry, string[]> = {
  communeCode: ['CODGEO', 'Code commune', 'Code INSEE', 'Code INSEE de la commune', 'INSEE', 'DEPCOM'],
  communeName: ['LIBGEO', 'Commune', 'Nom de la commune', 'Libellé commune', 'Libellé'],
  zoning: ['ZONAGE_MG', 'Zonage', 'Zonage médecins', 'Zonage MG', 'Zone'],
  apl: ['APL_MG', 'APL', 'APL MG', 'APL médecins généralistes'],
};

const zoningEntrySchema = z.strictObject({
  communeCode: z.string({ error: 'Le code INSEE de la commune est obligatoire.' }),
  communeName: optionalText('Le nom de la commune', 100),
  // A commune the table leaves blank is in no zone.
  zoning: z.enum(zonings).default('none'),
  apl: z
    .number()
    .nonnegative({ error: "L'APL ne peut pas être négatif." })
    .max(100, { error: "L'APL est trop élevé (100 au plus)." })
    .nullable()
    .default(null),
});

/** Reads the zoning table an ARS publishes (CSV, XLSX or ODS): one entry per commune. */
export async function parseZoningFile(fileName: string, bytes: Uint8Array): Promise<ZoningFileImport> {
  const source = await readSource(fileName, bytes, defaultMapping);
  if (source.format === 'graphql-json') {
    throw refuse(`Le fichier « ${fileName} » est une réponse de l'API Démarches Simplifiées, pas un tableau de zonage.`);
  }
  const bound = bindTable(source.main, zoningAliases, zoningFields);
  const result: ZoningFileImport = { entries: [], problems: [...source.problems, ...bound.missing] };
  if (bound.missing.length) return result;
  const firstLine = new Map<string, number>();
  for (const row of bound.table.rows) {
    const entry = convertRow(bound, row);
    const parsed = zoningEntrySchema.safeParse(entry.values);
    for (const issue of parsed.error?.issues ?? []) {
      const path = issuePath(issue);
      if (!entry.failed.has(path)) entry.problems.push(problemAt(bound, row, path, issue.message));
    }
    if (!parsed.success || entry.problems.length) {
      result.problems.push(...entry.problems);
      continue;
    }
    const first = firstLine.get(parsed.data.communeCode);
    if (first !== undefined) {
      result.problems.push(
        problemAt(bound, row, 'communeCode', `la commune ${parsed.data.communeCode} figure déjà ligne ${first} ; cette ligne est ignorée.`),
      );
      continue;
    }
    firstLine.set(parsed.data.communeCode, row.line);
    result.entries.push(parsed.data);
  }
  result.problems.sort((a, b) => a.line - b.line);
  return result;
}
