/**
 * The change feed every open screen polls each second (test/bench/run.ts: `live`): its cost on an
 * audit log of 200,000 entries beside the same on 200, nothing new and a hundred changes behind
 * the cursor, and a move of the live mode, which writes the item and its audit entry.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { startRuntime, type Runtime } from '../../services/runtime';
import { fr, limitTarget, median, ms, ratioTarget, timed } from './measure';

const ENTRIES = 200_000;
const CALLS = 200;

/** Audit entries written straight into the log, as a long-used database holds them. */
function fillAudit(file: string, entries: number): void {
  const sqlite = new SQLite(file);
  sqlite.pragma('synchronous = OFF');
  const insert = sqlite.prepare(
    `INSERT INTO audit_log (at, actor, entity_type, entity_id, action, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const after = JSON.stringify({ name: 'Maison de santé pluriprofessionnelle de Maubeuge', grantRequested: 2_000_000 });
  sqlite.transaction(() => {
    for (let i = 0; i < entries; i++) {
      insert.run(new Date(Date.UTC(2021, 0, 1) + i * 60_000).toISOString(), 'secretariat', i % 5 ? 'dossier' : 'session', String(i % 4000), 'update', null, after);
    }
  })();
  sqlite.close();
}

async function call(runtime: Runtime, method: 'changes.since', input: { cursor: number | null }) {
  const result = await runtime.dispatch(method, input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as { cursor: number; changes: unknown[] };
}

/** Medians of the feed asked with nothing new, and with `behind` entries past the cursor. */
async function feedTimes(runtime: Runtime, behind: number) {
  const { cursor: head } = await call(runtime, 'changes.since', { cursor: null });
  const idle: number[] = [];
  const busy: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    idle.push((await timed(() => call(runtime, 'changes.since', { cursor: head })))[1]);
    const [answer, elapsed] = await timed(() => call(runtime, 'changes.since', { cursor: head - behind }));
    if (answer.cursor !== head) throw new Error('Le fil des changements ne va pas au bout du journal.');
    busy.push(elapsed);
  }
  return { idle: median(idle), busy: median(busy) };
}

async function opened(dir: string, name: string, entries: number): Promise<Runtime> {
  const file = join(dir, name);
  await (await startRuntime(file, { actor: 'bench', log: () => {} })).close();
  fillAudit(file, entries);
  return startRuntime(file, { actor: 'bench', log: () => {} });
}

export async function benchLive(dir: string): Promise<void> {
  const small = await opened(dir, 'live-small.sqlite', 200);
  const [large, filled] = await timed(() => opened(dir, 'live-large.sqlite', ENTRIES));
  try {
    const few = await feedTimes(small, 100);
    const many = await feedTimes(large, 100);
    console.log(`Fil des changements (changes.since), journal de ${fr(ENTRIES)} entrées (écrites en ${fr(filled / 1000, 1)} s ; médiane de ${CALLS} appels) :`);
    console.log(ratioTarget(`changes.since sans changement, journal de ${fr(ENTRIES)} entrées`, many.idle, 'journal de 200', few.idle, 2));
    console.log(limitTarget(`changes.since, 100 écritures après le curseur, journal de ${fr(ENTRIES)} entrées`, many.busy, 5));
    console.log(`  les mêmes 100 écritures, journal de 200 entrées : ${ms(few.busy)}`);

    // A move in live mode: a session of 50 items, each shown in turn.
    const dispatch = async (method: string, input: unknown) => {
      const result = await large.dispatch(method, input);
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    };
    const member = (await dispatch('members.save', { member: { firstName: 'Claire', lastName: 'Vandenberghe', organisation: 'ARS' } })) as { id: number };
    const session = (await dispatch('sessions.create', { number: 'BENCH', date: '2026-12-10', place: 'Lille', chairMemberId: member.id })) as { id: number };
    const moves: number[] = [];
    for (let i = 0; i < 50; i++) {
      const dossier = (await dispatch('dossiers.create', { data: { structureType: 'MSP', name: `MSP ${i}` } })) as { id: number };
      const agenda = (await dispatch('agenda.set', { sessionId: session.id, items: [{ dossierId: dossier.id }] })) as { items: { id: number }[] };
      moves.push((await timed(() => dispatch('live.set', { sessionId: session.id, itemId: agenda.items[0]!.id })))[1]);
    }
    console.log(limitTarget(`un passage au point suivant en mode séance (live.set), journal de ${fr(ENTRIES)} entrées`, median(moves), 20));
  } finally {
    await small.close();
    await large.close();
  }
}
