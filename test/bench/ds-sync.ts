/**
 * The sync with Démarches Simplifiées (test/bench/run.ts: `ds-sync`): 500 dossiers of a
 * procedure, each with its projet de santé, from the tests' platform on 127.0.0.1 (pages of
 * 100, files downloaded and checked, kept as attachments), beside the file import of the very
 * same answers: what the sync adds to an import is the platform's pages and the files.
 */
import { join } from 'node:path';
import { dsClient } from '../../services/ds/client';
import { procedureDossiersQuery, type DsDossierNode, type DsPage } from '../../services/ds/documents';
import { startRuntime, type Runtime } from '../../services/runtime';
import type { Input, MethodName } from '../../shared/contract';
import { champOf, DsServer, fixtureDossier, VALID_TOKEN } from '../support/ds-server';
import { fr, limitTarget, ms, ratioTarget, timed } from './measure';

const DOSSIERS = 500;
const PROCEDURE = 104_233;

async function call<M extends MethodName>(runtime: Runtime, method: M, input: Input<M>): Promise<unknown> {
  const result = await runtime.dispatch(method, input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

export async function benchDsSync(dir: string): Promise<void> {
  const server = await new DsServer().start();
  const token = process.env.DS_API_TOKEN;
  process.env.DS_API_TOKEN = VALID_TOKEN;
  const runtimes: Runtime[] = [];
  try {
    server.addProcedure(PROCEDURE, 'Aide au démarrage des ESP et MSP 2026');
    const project = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(40_000, 0x20)]);
    for (let i = 0; i < DOSSIERS; i++) {
      const number = 30_000_000 + i;
      const file = server.addFile(`projet-${number}.pdf`, Buffer.concat([project, Buffer.from(`% ${number}\n`)]));
      server.putDossier(PROCEDURE, fixtureDossier(number, (d) => (champOf(d, 'Projet de santé (document PDF)').files = [file])), { keepDate: true });
    }
    // The same answers, as a file of the API would hold them.
    const client = dsClient({ instanceUrl: server.url, token: VALID_TOKEN });
    const nodes: DsDossierNode[] = [];
    let after: string | null = null;
    do {
      const page: DsPage = (await client.request(procedureDossiersQuery, { procedure: PROCEDURE, first: 100, after, updatedSince: null, state: null })).demarche.dossiers;
      for (const node of page.nodes) if (node) nodes.push(node);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after !== null);
    const contentBase64 = Buffer.from(JSON.stringify({ data: { demarche: { dossiers: { nodes } } } })).toString('base64');

    const open = async (name: string) => {
      const runtime = await startRuntime(join(dir, name), { actor: 'bench', log: () => {} });
      runtimes.push(runtime);
      return runtime;
    };
    const files = nodes.flatMap((node) => node.champs.flatMap((champ) => champ.files ?? []));
    const [, downloadMs] = await timed(async () => {
      for (const file of files) await client.download({ filename: file.filename, checksum: file.checksum, url: file.url });
    });
    const filed = await open('ds-file.sqlite');
    const [, fileMs] = await timed(() => call(filed, 'import.run', { fileName: 'demarche.json', contentBase64 }));
    const synced = await open('ds-sync.sqlite');
    await call(synced, 'ds.connection.save', { connection: { instanceUrl: server.url, procedureNumber: PROCEDURE } });
    const [, syncMs] = await timed(() => call(synced, 'ds.sync.run', {}));
    server.changeDossier(30_000_007, (d) => (d.state = 'accepte'));
    const [, incrementMs] = await timed(() => call(synced, 'ds.sync.run', {}));

    console.log(`\nSynchronisation Démarches Simplifiées de ${fr(DOSSIERS)} dossiers et de leur pièce (plateforme locale, pages de 100)`);
    console.log(`  import du même JSON : ${ms(fileMs)} ; téléchargement des ${fr(files.length)} pièces : ${ms(downloadMs)}`);
    // Beyond the two: each piece written and synced to disk, recorded and audited, as one added by hand.
    console.log(ratioTarget('synchronisation complète', syncMs, 'import du même JSON et téléchargement des pièces', fileMs + downloadMs, 5));
    console.log(limitTarget('synchronisation suivante (un dossier changé)', incrementMs, 2_000));
    console.log(`  soit ${ms(syncMs / DOSSIERS)} par dossier`);
  } finally {
    for (const runtime of runtimes) await runtime.close();
    await server.close();
    if (token === undefined) delete process.env.DS_API_TOKEN;
    else process.env.DS_API_TOKEN = token;
  }
}
