/**
 * The live session at scale: every opinion of an agenda of 50 and of 800 dossiers recorded
 * through the contract, as the live mode does one after the other. An item-level call answers
 * with the item only, so each one costs the same at the end of a long agenda as at its start:
 *   - one recordOpinion on an 800-item agenda (median of 21 calls) ≤ 20 ms;
 *   - all the opinions of 800 items ≤ 20 × those of 50 items (16 × the work: linear growth).
 */
import { join } from 'node:path';
import { startRuntime } from '../../services/runtime';
import type { Runtime } from '../../services/runtime';
import { caller, demoIdentity } from '../../cli/demo-session';
import type { Input, Output } from '../../shared/contract';
import { xlsxExport } from './export';
import { fr, limitTarget, median, ms, ratioTarget, timed } from './measure';

const vote = { for: 5, against: 0, abstention: 0 };
const grant = { amount: 20000, engineering: 8000, it: 7000, furniture: 5000 };

/** Every outcome in turn: a quarter unfavorable, a quarter postponed, half with a grant. */
export function benchOpinion(i: number): Input<'items.recordOpinion'>['opinion'] {
  return i % 4 === 0 ? { kind: 'unfavorable', motivation: 'Composition insuffisante au regard du cahier des charges régional.', vote }
    : i % 4 === 1 ? { kind: 'postponed', motivation: 'Pièces à compléter.', vote }
    : { kind: 'favorable', vote, grant };
}

export interface BenchSession {
  runtime: Runtime;
  call: ReturnType<typeof caller>;
  session: Output<'sessions.get'>;
}

/** A session of `dossiers` imported dossiers, five members present, in progress (no opinion yet). */
export async function sessionInProgress(dir: string, dossiers: number): Promise<BenchSession> {
  const runtime = await startRuntime(join(dir, `session-${dossiers}-${Date.now()}.sqlite`), { actor: 'bench' });
  const call = caller(runtime);
  await call('settings.update', { identity: demoIdentity });
  const bytes = await xlsxExport(dossiers, 6);
  await call('import.run', { fileName: 'export.xlsx', contentBase64: bytes.toString('base64') });
  const members = [];
  for (const lastName of ['Durand', 'Martin', 'Leroy', 'Bernard', 'Morel']) {
    members.push(await call('members.save', { member: { firstName: 'Camille', lastName, organisation: 'ARS' } }));
  }
  let session = await call('sessions.create', { number: 'BENCH', date: '2026-11-26', place: 'Lille' });
  await call('sessions.setRoll', { sessionId: session.id, members: members.map((m) => ({ memberId: m.id, status: 'present' as const })) });
  const { rows } = await call('dossiers.list', { limit: 1000 });
  session = await call('agenda.set', { sessionId: session.id, items: rows.map((d) => ({ dossierId: d.id })) });
  await call('sessions.transition', { id: session.id, to: 'convened' });
  session = await call('sessions.transition', { id: session.id, to: 'in_progress' });
  return { runtime, call, session };
}

/** Records every opinion of the agenda, one call each; the total time. */
async function recordAll({ call, session }: BenchSession): Promise<number> {
  const [, elapsed] = await timed(async () => {
    for (const [i, item] of session.items.entries()) await call('items.recordOpinion', { itemId: item.id, opinion: benchOpinion(i) });
  });
  return elapsed;
}

export async function benchSession(dir: string): Promise<void> {
  const small = await sessionInProgress(dir, 50);
  const smallMs = await recordAll(small);
  await small.runtime.close();

  const large = await sessionInProgress(dir, 800);
  const largeMs = await recordAll(large);
  // One opinion more, on a full agenda: the middle item's, recorded again.
  const middle = large.session.items[400]!;
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    times.push((await timed(() => large.call('items.recordOpinion', { itemId: middle.id, opinion: benchOpinion(i) })))[1]);
  }
  const [, getMs] = await timed(() => large.call('sessions.get', { id: large.session.id }));
  await large.runtime.close();

  console.log('Séance en direct, avis enregistrés un à un par le contrat :');
  console.log(limitTarget('un avis sur un ordre du jour de 800 points, médiane', median(times), 20));
  console.log(ratioTarget('tous les avis de 800 points', largeMs, 'tous les avis de 50 points', smallMs, 20));
  console.log(`  soit ${ms(largeMs / 800)} par avis à 800 points, ${ms(smallMs / 50)} à 50 ; séance entière (sessions.get) à 800 points : ${ms(getMs)} ; ${fr(800 / 50)} fois plus de points`);
}
