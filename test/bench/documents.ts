/**
 * A closed session's documents (decision letters, agreements for the grants, minutes), produced
 * by documents.generate into a folder.
 */
import { join } from 'node:path';
import { limitTarget, timed } from './measure';
import { benchOpinion, sessionInProgress } from './session';

export async function benchDocuments(dir: string): Promise<void> {
  const { runtime, call, session } = await sessionInProgress(dir, 200);
  for (const [i, item] of session.items.entries()) await call('items.recordOpinion', { itemId: item.id, opinion: benchOpinion(i) });
  await call('sessions.close', { id: session.id });
  const [result, elapsed] = await timed(() => call('documents.generate', { sessionId: session.id, folder: join(dir, 'pdf') }));
  await runtime.close();
  console.log(`Documents d'une séance de 200 dossiers (${result.documents.length} PDF : courriers, conventions, procès-verbal) :`);
  console.log(limitTarget('documents d’une séance de 200 dossiers', elapsed, 15_000));
}
