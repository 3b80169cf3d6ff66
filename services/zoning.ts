import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { countZoning, getZoning, replaceZoning } from '../db/queries/zoning';
import { insertAudit } from '../db/queries/audit';
import type { Output, ParsedInput } from '../shared/contract';
import type { ImportProblem, ZoningEntry } from '../shared/import-mapping';
import { AppError, type ErrorDetail } from '../shared/result';
import type { ServiceContext } from './context';
import { decodeUpload } from './files';
import { parseZoningFile } from './import';

export async function zoningOf(db: Kysely<Database>, communeCode: string): Promise<ZoningEntry | null> {
  return communeCode ? ((await getZoning(db, communeCode)) ?? null) : null;
}

export function problemsToDetails(problems: ImportProblem[]): ErrorDetail[] {
  return problems.map(({ line, column, field, message, sheet }) => ({
    field: field ?? '(fichier)',
    message,
    line,
    ...(column === undefined ? {} : { column }),
    ...(sheet === undefined ? {} : { sheet }),
  }));
}

/** A file with problems is refused whole, listing each one: nothing of it is written. */
export function refuseFile(fileName: string, problems: ImportProblem[]): AppError {
  return new AppError(
    'VALIDATION',
    `Le fichier « ${fileName} » est refusé : ${problems.length} problème${problems.length > 1 ? 's' : ''} à corriger. Rien n'a été importé.`,
    problemsToDetails(problems),
  );
}

/** Replaces the zoning reference table with the one the ARS publishes. */
export async function importZoning(
  input: ParsedInput<'zoning.import'>,
  ctx: ServiceContext,
): Promise<Output<'zoning.import'>> {
  const parsed = await parseZoningFile(input.fileName, decodeUpload(input.contentBase64));
  if (parsed.problems.length) throw refuseFile(input.fileName, parsed.problems);
  const at = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await countZoning(trx);
    await replaceZoning(trx, { entries: parsed.entries, at });
    await insertAudit(trx, {
      at,
      actor: ctx.actor,
      entityType: 'zoning',
      entityId: 'table',
      action: 'import',
      before: { communes: before },
      after: { communes: parsed.entries.length, fileName: input.fileName },
    });
  });
  const counts = { ZIP: 0, ZAC: 0, none: 0 };
  for (const e of parsed.entries) counts[e.zoning]++;
  return { imported: parsed.entries.length, ...counts };
}
