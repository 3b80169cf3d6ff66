/**
 * A closed session's documents (decision letters, agreements for the grants, minutes), produced
 * by documents.generate into a folder, for 200 and 800 dossiers.
 *
 * The floor is writing the same PDFs: the bytes of the documents just produced, each written
 * beside its target, synced, renamed and its folder synced (services/files.ts, as the documents
 * are), into a folder of the same disk; it syncs the folder after each file, where production
 * syncs it once per transaction, so it is a little above the least that durability costs.
 * Production writes and syncs each file while it lays out the next, so its time nears the larger
 * of the two: where the disk syncs a file faster than a document is laid out, the ratio shows the
 * layout and the register's rows rather than the writes. Production and floor take turns.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../services/files';
import { alternate, limitTarget, mb, ms, ratioTarget, timed } from './measure';
import { benchOpinion, sessionInProgress } from './session';

export async function closedSession(dir: string, dossiers: number) {
  const bench = await sessionInProgress(dir, dossiers);
  for (const [i, item] of bench.session.items.entries()) await bench.call('items.recordOpinion', { itemId: item.id, opinion: benchOpinion(i) });
  await bench.call('sessions.close', { id: bench.session.id });
  return bench;
}

async function benchSessionDocuments(dir: string, dossiers: number, runs: number): Promise<void> {
  const { runtime, call, session } = await closedSession(dir, dossiers);
  let files: Uint8Array[] = [];
  let run = 0;
  const times = await alternate(
    {
      generate: async () => {
        const folder = join(dir, `documents-${dossiers}-${run}`);
        const [result, elapsed] = await timed(() => call('documents.generate', { sessionId: session.id, folder }));
        files = result.documents.map((d) => readFileSync(d.filePath));
        return elapsed;
      },
      floor: async () => {
        const folder = join(dir, `floor-${dossiers}-${run++}`);
        const [, elapsed] = await timed(() => files.forEach((bytes, i) => writeFileAtomic(join(folder, `${i}.pdf`), bytes)));
        return elapsed;
      },
    },
    runs,
  );
  await runtime.close();
  const bytes = files.reduce((sum, f) => sum + f.length, 0);
  console.log(`Documents d'une séance de ${dossiers} dossiers (${files.length} PDF, ${mb(bytes)} : courriers, conventions, procès-verbal) :`);
  console.log(ratioTarget(`documents d’une séance de ${dossiers} dossiers`, times.generate, 'écriture durable des mêmes PDF', times.floor, 1.3));
  console.log(`  soit ${ms(times.generate / files.length)} par document, dont ${ms(times.floor / files.length)} d'écriture`);
  if (dossiers === 200) console.log(limitTarget('documents d’une séance de 200 dossiers', times.generate, 15_000));
}

export async function benchDocuments(dir: string): Promise<void> {
  await benchSessionDocuments(dir, 200, 3);
  await benchSessionDocuments(dir, 800, 1);
}
