/**
 * Team mode beside one laptop (test/bench/run.ts: `postgres`): the same export of 2,000 dossiers
 * imported, then the same dossiers listed, searched and filtered, through the same handlers on
 * SQLite and on a throwaway PostgreSQL cluster on this machine (loopback, as tests start it), the
 * two measured in turns. Skipped, saying so, where PostgreSQL is not installed.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startRuntime, type Runtime } from '../../services/runtime';
import type { DossierListInput } from '../../shared/dossier';
import { postgresAvailable, startCluster } from '../support/postgres';
import { xlsxExport } from './export';
import { alternate, fr, limitTarget, ms, ratioTarget } from './measure';

const DOSSIERS = 2000;
const IMPORTS = 3;
const CALLS = 20;

type Engine = 'sqlite' | 'postgres';

async function dispatch(runtime: Runtime, method: string, input: unknown): Promise<unknown> {
  const result = await runtime.dispatch(method, input);
  if (!result.ok) throw new Error(`${method} : ${result.error.message}`);
  return result.value;
}

export async function benchPostgres(dir: string): Promise<void> {
  if (!postgresAvailable) {
    console.log('SQLite et PostgreSQL : PostgreSQL n’est pas installé (paquet Debian « postgresql ») ; section passée.');
    return;
  }
  const bytes = await xlsxExport(DOSSIERS, 8);
  const upload = { fileName: 'export.xlsx', contentBase64: bytes.toString('base64') };
  const cluster = await startCluster();
  const open: Runtime[] = [];
  /** A new, migrated, empty database of the engine, its start outside the timing. */
  const fresh = async (engine: Engine) => {
    const name = `postgres-${engine}-${Math.round(performance.now() * 1000)}`;
    const location = engine === 'sqlite' ? join(dir, `${name}.sqlite`) : await cluster.createDatabase();
    const runtime = await startRuntime(location, { actor: 'bench', log: () => {}, ...(engine === 'postgres' ? { dataDir: join(dir, name) } : {}) });
    open.push(runtime);
    return runtime;
  };
  try {
    const imported = {} as Record<Engine, Runtime>;
    const importOn = (engine: Engine) => async () => {
      const runtime = await fresh(engine);
      const start = performance.now();
      await dispatch(runtime, 'import.run', upload);
      const elapsed = performance.now() - start;
      imported[engine] = runtime;
      return elapsed;
    };
    console.log(`SQLite et PostgreSQL (grappe jetable sur ce poste), mêmes ${fr(DOSSIERS)} dossiers × 8 professionnels, mesurés en alternance :`);
    const imports = await alternate({ sqlite: importOn('sqlite'), postgres: importOn('postgres') }, IMPORTS);
    console.log(ratioTarget(`import XLSX de ${fr(DOSSIERS)} dossiers sur PostgreSQL`, imports.postgres, 'sur SQLite', imports.sqlite, 2));

    // A list over the network cannot match an in-process file's fraction of a millisecond: the
    // target is PostgreSQL's own time, that of the list on 200,000 dossiers (search.ts), with the ratio beside.
    const cases: [string, DossierListInput, number][] = [
      ['liste sans filtre, triée par mise à jour', {}, 20],
      ['page 5 triée par nom', { offset: 800, sort: { field: 'name', direction: 'asc' } }, 20],
      ['recherche sélective « numéro 1234 »', { search: 'numéro 1234' }, 10],
      ['recherche large « hirson » (tous les dossiers)', { search: 'hirson' }, 40],
      ['filtres combinés (ESP, éligibles, 02, deux statuts) et leur nombre', { structureTypes: ['ESP'], eligibility: 'eligible', departmentCodes: ['02'], statuses: ['received', 'complete'] }, 20],
    ];
    for (const [label, input, max] of cases) {
      const totals = {} as Record<Engine, number>;
      const listOn = (engine: Engine) => async () => {
        const start = performance.now();
        totals[engine] = ((await dispatch(imported[engine], 'dossiers.list', input)) as { total: number }).total;
        return performance.now() - start;
      };
      const times = await alternate({ sqlite: listOn('sqlite'), postgres: listOn('postgres') }, CALLS);
      if (totals.sqlite !== totals.postgres) throw new Error(`${label} : ${totals.sqlite} dossiers sur SQLite, ${totals.postgres} sur PostgreSQL.`);
      const line = limitTarget(`${fr(DOSSIERS)} dossiers sur PostgreSQL, ${label}`, times.postgres, max);
      console.log(`${line} ; sur SQLite : ${ms(times.sqlite)} ; ratio ${fr(times.postgres / times.sqlite, 1)} — ${fr(totals.sqlite)} dossiers`);
    }
  } finally {
    for (const runtime of open) await runtime.close();
    cluster.stop();
  }
}
