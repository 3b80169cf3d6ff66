/**
 * A closed session's documents (decision letters, agreements for the grants, minutes), produced
 * by documents.generate into a folder, for 200 and 800 dossiers.
 *
 * The floor is producing and writing the same PDFs the simplest way: the session's facts read,
 * then each document built by its own builder with the reference the batch printed, and written
 * durably (services/files.ts: written beside its target, synced, renamed, the folder synced), one
 * after the other, with no version, name, register row, audit entry or transaction. The ratio is
 * what the batch adds to the documents themselves; what laying one out costs has its own target,
 * the one-page letter beside an empty page (pdf.ts). This is the floor the target was first
 * measured against: at the time, the batch was 1.45 times it, and 13 to 23 times the durable
 * writes alone.
 * The durable writes of the same bytes alone are printed too, as a figure without a target:
 * production writes and syncs each file while it lays out the next, so where a disk syncs a file
 * faster than a document is laid out, the layout sets the time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../db/open';
import { buildDocument } from '../../services/documents';
import { sessionFacts } from '../../services/documents/facts';
import { writeFileAtomic } from '../../services/files';
import type { Output } from '../../shared/contract';
import { alternate, fr, limitTarget, mb, ms, ratioTarget, timed } from './measure';
import { benchOpinion, sessionInProgress } from './session';

export async function closedSession(dir: string, dossiers: number) {
  const bench = await sessionInProgress(dir, dossiers);
  for (const [i, item] of bench.session.items.entries()) await bench.call('items.recordOpinion', { itemId: item.id, opinion: benchOpinion(i) });
  await bench.call('sessions.close', { id: bench.session.id });
  return bench;
}

async function benchSessionDocuments(dir: string, dossiers: number, runs: number): Promise<void> {
  const { runtime, call, session } = await closedSession(dir, dossiers);
  // The floor's own connection: it reads what the batch reads, outside the runtime.
  const reader = await openDatabase(runtime.databasePath);
  let produced: Output<'documents.generate'>['documents'] = [];
  let files: Uint8Array[] = [];
  let run = 0;
  const times = await alternate(
    {
      generate: async () => {
        const folder = join(dir, `documents-${dossiers}-${run}`);
        const [result, elapsed] = await timed(() => call('documents.generate', { sessionId: session.id, folder }));
        produced = result.documents;
        files = produced.map((d) => readFileSync(d.filePath));
        return elapsed;
      },
      floor: async () => {
        const folder = join(dir, `floor-${dossiers}-${run}`);
        const [, elapsed] = await timed(async () => {
          const facts = await sessionFacts(reader.db, session.id);
          const items = new Map(facts.session.items.map((item) => [item.dossier.id, item]));
          for (const [i, doc] of produced.entries()) {
            const item = doc.dossierId === null ? undefined : items.get(doc.dossierId);
            writeFileAtomic(join(folder, `${i}.pdf`), await buildDocument(facts, doc.kind, item, doc.reference));
          }
        });
        return elapsed;
      },
      writes: async () => {
        const folder = join(dir, `writes-${dossiers}-${run++}`);
        const [, elapsed] = await timed(() => files.forEach((bytes, i) => writeFileAtomic(join(folder, `${i}.pdf`), bytes)));
        return elapsed;
      },
    },
    runs,
  );
  await reader.close();
  await runtime.close();
  const bytes = files.reduce((sum, f) => sum + f.length, 0);
  console.log(`Documents d'une séance de ${dossiers} dossiers (${files.length} PDF, ${mb(bytes)} : courriers, conventions, procès-verbal) :`);
  console.log(ratioTarget(`documents d’une séance de ${dossiers} dossiers`, times.generate, 'les mêmes PDF produits et écrits un à un', times.floor, 1.3));
  console.log(
    `  soit ${ms(times.generate / files.length)} par document ; ${ms(times.floor / files.length)} pour le produire et l'écrire seul, ` +
      `dont ${ms(times.writes / files.length)} d'écriture durable (${ms(times.writes)} en tout ; la séance en prend ${fr(times.generate / times.writes, 1)} fois plus, sans objectif)`,
  );
  if (dossiers === 200) console.log(limitTarget('documents d’une séance de 200 dossiers', times.generate, 15_000));
}

export async function benchDocuments(dir: string): Promise<void> {
  await benchSessionDocuments(dir, 200, 3);
  // Three runs at 800 too: a first batch meets the dossiers' own texts for the first time, and the floor after it would not.
  await benchSessionDocuments(dir, 800, 3);
}
