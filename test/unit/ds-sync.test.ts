import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { dsClient, DsError } from '../../services/ds/client';
import { procedureQuery, syncDocuments } from '../../services/ds/documents';
import { dsFallbackSdl } from '../support/ds-sdl';
import {
  champOf,
  fixtureDossier,
  hasPublishedSchema,
  publishedSchema,
  publishedSchemaFile,
  useDsServer,
  VALID_TOKEN,
  type DsServer,
} from '../support/ds-server';
import { testKeychain } from '../support/keychain';
import { useRuntime } from '../support/runtime';

const PROCEDURE = 104_233;

const startServer = useDsServer();
const keychain = testKeychain();
const runtime = useRuntime({ secrets: keychain });
const runtimeWithoutKeychain = useRuntime();

const startPagedServer = useDsServer({ pageSize: 2 });

async function served(start = startServer): Promise<DsServer> {
  const server = await start();
  server.addProcedure(PROCEDURE, 'Aide au démarrage des ESP et MSP 2026', [
    { number: 11, label: 'DD59 – Nord' },
    { number: 12, label: 'DD62 – Pas-de-Calais' },
  ]);
  return server;
}

const connection = (server: DsServer, more: { instructorGroup?: number | null; procedureNumber?: number } = {}) => ({
  instanceUrl: server.url,
  procedureNumber: PROCEDURE,
  ...more,
});

describe.runIf(hasPublishedSchema)(`the documents the app sends, against the published schema (${publishedSchemaFile})`, () => {
  const schema = hasPublishedSchema ? publishedSchema() : undefined;
  it.each(syncDocuments.map((d) => [d.operationName, d] as const))('%s is valid', (_name, document) => {
    expect(validate(schema!, parse(document.text)).map((e) => e.message)).toEqual([]);
  });
});

if (!hasPublishedSchema) {
  console.warn(`${publishedSchemaFile} est absent : les documents ne sont pas vérifiés contre le schéma publié de Démarches Simplifiées (DS_SCHEMA_FILE le désigne ailleurs).`);
}

describe("the test server's own schema", () => {
  it.each(syncDocuments.map((d) => [d.operationName, d] as const))('%s is valid against the subset written for the tests', (_name, document) => {
    expect(validate(buildSchema(dsFallbackSdl), parse(document.text)).map((e) => e.message)).toEqual([]);
  });
});

describe('the connection of a procedure', () => {
  it('keeps the instance, the procedure and the group in the database, the token sealed by the keychain of this machine', async () => {
    const server = await served();
    const rt = await runtime();
    const saved = await rt.call('ds.connection.save', {
      connection: { instanceUrl: `${server.url}/admin/procedures/${PROCEDURE}`, procedureNumber: PROCEDURE, instructorGroup: 11 },
      token: VALID_TOKEN,
    });
    expect(saved.connections).toMatchObject([{ instanceUrl: server.url, procedureNumber: PROCEDURE, instructorGroup: 11, tokenStored: true, lastSyncAt: null }]);
    expect(saved.keychain).toBe(true);
    const file = readFileSync(join(rt.dir, 'ds-jetons.json'), 'utf8');
    expect(file).not.toContain(VALID_TOKEN);
    expect(await rt.query('SELECT procedure_number, instance_url, instructor_group FROM ds_connections')).toEqual([
      { procedure_number: PROCEDURE, instance_url: server.url, instructor_group: 11 },
    ]);
    const [audit] = await rt.query<{ after_json: string }>("SELECT after_json FROM audit_log WHERE entity_type = 'ds_connection'");
    expect(audit!.after_json).not.toContain(VALID_TOKEN);
    // The stored token is the one the test uses.
    expect(await rt.call('ds.connection.test', { connection: connection(server, { instructorGroup: 11 }) })).toEqual({
      ok: true,
      problem: null,
      message: `Connexion réussie : démarche n° ${PROCEDURE} « Aide au démarrage des ESP et MSP 2026 », groupe instructeur « DD59 – Nord ».`,
      procedureTitle: 'Aide au démarrage des ESP et MSP 2026',
      groups: [
        { number: 11, label: 'DD59 – Nord' },
        { number: 12, label: 'DD62 – Pas-de-Calais' },
      ],
    });
    expect(server.graphqlRequests.map((r) => r.authorization)).toEqual([`Bearer ${VALID_TOKEN}`]);
  });

  it('refuses an instance that is not HTTPS, and a token where no keychain can keep it', async () => {
    const rt = await runtimeWithoutKeychain();
    const insecure = await rt.refuse('ds.connection.save', {
      connection: { instanceUrl: 'http://ds.example.fr', procedureNumber: PROCEDURE },
    });
    expect(insecure.details).toEqual([
      { field: 'connection.instanceUrl', message: "L'adresse de l'instance doit commencer par https:// et ne contenir ni identifiant ni mot de passe." },
    ]);
    const noKeychain = await rt.refuse('ds.connection.save', {
      connection: { instanceUrl: 'demarches.numerique.gouv.fr', procedureNumber: PROCEDURE },
      token: VALID_TOKEN,
    });
    expect(noKeychain.message).toBe("Le trousseau du système n'est pas disponible ici : le jeton ne peut pas être gardé ; donnez-le par la variable DS_API_TOKEN.");
    expect(await rt.query('SELECT * FROM ds_connections')).toEqual([]);
  });

  it('says in French what is wrong: unknown procedure, token refused or expired, no access, unknown group, network', async () => {
    const server = await served();
    server.addProcedure(999, 'Une autre démarche');
    server.tokens.set('jeton-expire-0123456789', { expired: true });
    server.tokens.set('jeton-autre-demarche-0123', { expired: false, procedures: [999] });
    const rt = await runtime();
    const test = async (token: string, more: Parameters<typeof connection>[1] = {}, instanceUrl = server.url) => {
      const result = await rt.call('ds.connection.test', { connection: { ...connection(server, more), instanceUrl }, token });
      return [result.ok, result.problem, result.message];
    };
    expect(await test(VALID_TOKEN, { procedureNumber: 4242 })).toEqual([
      false,
      'not_found',
      `La démarche n° 4242 n'existe pas sur ${server.url} : vérifiez son numéro (celui de l'adresse de la démarche, …/procedures/4242) et l'instance.`,
    ]);
    const refused =
      "Démarches Simplifiées refuse le jeton d'accès : il est inconnu, révoqué ou expiré. Créez-en un nouveau dans votre profil sur la plateforme (« Jetons d'API ») et enregistrez-le ici.";
    expect(await test('jeton-expire-0123456789')).toEqual([false, 'token', refused]);
    expect(await test('jeton-inconnu-0123456789')).toEqual([false, 'token', refused]);
    expect(await test('jeton-autre-demarche-0123')).toEqual([
      false,
      'forbidden',
      `Le jeton est valable, mais il ne donne pas accès à la démarche n° ${PROCEDURE} : utilisez le jeton d'un administrateur ou d'un instructeur de cette démarche, ou faites-vous ajouter à la démarche.`,
    ]);
    expect(await test(VALID_TOKEN, { instructorGroup: 77 })).toEqual([
      false,
      'not_found',
      `La démarche n° ${PROCEDURE} « Aide au démarrage des ESP et MSP 2026 » n'a pas de groupe instructeur n° 77 ; ses groupes : n° 11 « DD59 – Nord », n° 12 « DD62 – Pas-de-Calais ».`,
    ]);
    const closed = await startServer();
    const nowhere = closed.url;
    await closed.close();
    const [ok, problem, message] = await test(VALID_TOKEN, {}, nowhere);
    expect([ok, problem]).toEqual([false, 'network']);
    expect(message).toMatch(/^La connexion à Démarches Simplifiées \(http:\/\/127\.0\.0\.1:\d+\) a échoué ou a été coupée \(ECONNREFUSED\)/);
  });

  it('takes the token from DS_API_TOKEN where there is no keychain (the CLI)', async () => {
    const server = await served();
    const rt = await runtimeWithoutKeychain();
    await rt.call('ds.connection.save', { connection: connection(server) });
    const missing = await rt.call('ds.connection.test', { connection: connection(server) }).catch((error: Error) => error.message);
    expect(missing).toContain("Aucun jeton d'accès : donnez-le par la variable d'environnement DS_API_TOKEN.");
    process.env.DS_API_TOKEN = VALID_TOKEN;
    try {
      expect((await rt.call('ds.connection.test', { connection: connection(server) })).ok).toBe(true);
      expect((await rt.call('ds.connection.get', {})).environmentToken).toBe(true);
    } finally {
      delete process.env.DS_API_TOKEN;
    }
  });
});

describe('the client', () => {
  it('waits as long as a 429 says (Retry-After), then goes on', async () => {
    const server = await served();
    server.failNext({ status: 429, retryAfter: '3' });
    server.failNext({ status: 429, retryAfter: '0' });
    const waits: number[] = [];
    const client = dsClient({ instanceUrl: server.url, token: VALID_TOKEN, wait: async (ms) => void waits.push(ms) });
    const data = await client.request(procedureQuery, { procedure: PROCEDURE });
    expect(data.demarche.title).toBe('Aide au démarrage des ESP et MSP 2026');
    expect(waits).toEqual([3000, 0]);
    expect(server.graphqlRequests).toHaveLength(3);
  });

  it('gives up after its retries with a French message', async () => {
    const server = await served();
    for (let i = 0; i < 3; i++) server.failNext({ status: 429 });
    const waits: number[] = [];
    const client = dsClient({ instanceUrl: server.url, token: VALID_TOKEN, retries: 2, wait: async (ms) => void waits.push(ms) });
    const error = await client.request(procedureQuery, { procedure: PROCEDURE }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DsError);
    expect((error as DsError).problem).toBe('rate_limited');
    expect((error as DsError).message).toBe(
      "Démarches Simplifiées limite le nombre de demandes et refuse encore après 2 attentes : réessayez dans quelques minutes ; rien n'a été enregistré.",
    );
    // Without Retry-After: 1 s, then 2 s.
    expect(waits).toEqual([1000, 2000]);
  });

  it('sends a query again once on a connection closed before any answer, not twice', async () => {
    const server = await served();
    const client = dsClient({ instanceUrl: server.url, token: VALID_TOKEN });
    server.failNext({ reset: true });
    expect((await client.request(procedureQuery, { procedure: PROCEDURE })).demarche.number).toBe(PROCEDURE);
    expect(server.graphqlRequests).toHaveLength(2);
    server.failNext({ reset: true });
    server.failNext({ reset: true });
    expect(((await client.request(procedureQuery, { procedure: PROCEDURE }).catch((e: unknown) => e)) as DsError).problem).toBe('network');
    expect(server.graphqlRequests).toHaveLength(4);
  });

  it('reports a connection cut in the middle of an answer as a network failure', async () => {
    const server = await served();
    server.failNext({ drop: true });
    const error = await dsClient({ instanceUrl: server.url, token: VALID_TOKEN })
      .request(procedureQuery, { procedure: PROCEDURE })
      .catch((e: unknown) => e);
    expect((error as DsError).problem).toBe('network');
    expect((error as DsError).message).toMatch(/^La connexion à Démarches Simplifiées .* a échoué ou a été coupée/);
  });

  it('downloads a file and checks its checksum; a wrong one is refused', async () => {
    const server = await served();
    const bytes = Buffer.from('%PDF-1.7\n% projet de santé\n');
    const good = server.addFile('projet.pdf', bytes);
    const bad = server.addFile('statuts.pdf', bytes, { checksum: 'AAAAAAAAAAAAAAAAAAAAAA==' });
    const client = dsClient({ instanceUrl: server.url, token: VALID_TOKEN });
    expect(await client.download(good)).toEqual(bytes);
    const error = await client.download(bad).catch((e: unknown) => e);
    expect((error as DsError).message).toBe(
      "Le fichier « statuts.pdf » reçu ne correspond pas à son empreinte sur Démarches Simplifiées (téléchargement altéré ou incomplet) : il est refusé ; relancez la synchronisation.",
    );
    // Signed links: the token stays with the API.
    expect(server.requests.filter((r) => r.path.startsWith('/rails/')).map((r) => r.authorization)).toEqual([null, null]);
  });
});

const NAME = 'Nom de l’équipe ou de la structure';
const FIRST = 21_560_127;
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);

/** Five dossiers of the procedure, two to a page, split between the two groups; each with its projet de santé, the first with its statutes too. */
async function platform(options: { wrongChecksum?: boolean } = {}) {
  const server = await served(startPagedServer);
  for (let i = 0; i < 5; i++) {
    const number = FIRST + i;
    const node = fixtureDossier(number, (d) => {
      Object.assign(champOf(d, NAME), { value: `ESP n° ${i + 1}`, stringValue: `ESP n° ${i + 1}` });
      const project = server.addFile(`projet-${number}.pdf`, pdf(`projet ${number}`), options.wrongChecksum && i === 3 ? { checksum: 'AAAAAAAAAAAAAAAAAAAAAA==' } : {});
      champOf(d, 'Projet de santé (document PDF)').files = [project];
      if (i === 0) {
        d.champs.push({ __typename: 'PieceJustificativeChamp', id: 'c-statuts', label: 'Statuts de l’association', stringValue: null, files: [server.addFile('statuts.pdf', pdf('statuts'))] });
      }
    });
    server.putDossier(PROCEDURE, node, { keepDate: true, group: i % 2 ? 12 : 11 });
  }
  const rt = await runtime();
  await rt.call('ds.connection.save', { connection: connection(server), token: VALID_TOKEN });
  return { server, rt };
}

const pageRequests = (server: DsServer) => server.graphqlRequests.filter((r) => r.operationName !== 'commissionProcedure');

async function written(rt: Awaited<ReturnType<typeof runtime>>) {
  const [dossiers] = await rt.query<{ n: number }>('SELECT count(*) AS n FROM dossiers');
  const [attachments] = await rt.query<{ n: number }>('SELECT count(*) AS n FROM attachments');
  const [batches] = await rt.query<{ n: number }>('SELECT count(*) AS n FROM import_batches');
  const [connection] = await rt.query<{ last_sync_at: string | null }>('SELECT last_sync_at FROM ds_connections');
  const pieces = join(rt.dataDir, 'pieces');
  // Kept in the database, the same bytes are kept once.
  const [stored] = rt.files === 'database' ? await rt.query<{ n: number }>('SELECT count(*) AS n FROM stored_files') : [];
  return {
    dossiers: Number(dossiers!.n),
    attachments: Number(attachments!.n),
    batches: Number(batches!.n),
    lastSyncAt: connection!.last_sync_at,
    copies: stored ? Number(stored.n) : existsSync(pieces) ? readdirSync(pieces, { recursive: true }).filter((f) => String(f).endsWith('.pdf')).length : 0,
  };
}

describe('the sync of a procedure', () => {
  it('previews every page without writing, then imports them in one batch with the files, checked by their checksum', async () => {
    const { server, rt } = await platform();
    const preview = await rt.call('ds.sync.preview', {});
    expect(preview).toMatchObject({ procedureNumber: PROCEDURE, since: null, pages: 3, format: 'graphql-json', created: 5, updated: 0, problems: [], dossierCount: 5 });
    expect(preview.changes.map((c) => [c.dsNumber, c.name, c.action])).toEqual([0, 1, 2, 3, 4].map((i) => [FIRST + i, `ESP n° ${i + 1}`, 'create']));
    expect(preview.professionalCount).toBe(20);
    expect(preview.files).toContainEqual({ dsNumber: FIRST, label: 'Statuts de l’association', fileName: 'statuts.pdf', kind: 'statutes' });
    expect(preview.files.filter((f) => f.kind === 'health_project_signed')).toHaveLength(5);
    expect(await written(rt)).toEqual({ dossiers: 0, attachments: 0, batches: 0, lastSyncAt: null, copies: 0 });
    // Cursor pagination: each page asks from where the last one ended.
    const pages = pageRequests(server);
    expect(pages.map((r) => [r.operationName, r.variables.after === null, r.variables.updatedSince, r.variables.state])).toEqual([
      ['commissionProcedureDossiers', true, null, null],
      ['commissionProcedureDossiers', false, null, null],
      ['commissionProcedureDossiers', false, null, null],
    ]);

    const before = Date.now();
    const result = await rt.call('ds.sync.run', {});
    expect(result).toMatchObject({ created: 5, updated: 0, unchanged: 0, pages: 3, since: null, files: { kept: 6, alreadyKept: 0, refused: [] } });
    const state = await written(rt);
    expect(state).toMatchObject({ dossiers: 5, attachments: 6, batches: 1, copies: 6 });
    expect(Date.parse(state.lastSyncAt!)).toBeGreaterThanOrEqual(before - 1000);
    const [batch] = await rt.query<{ id: number; file_name: string; format: string; created: number }>('SELECT id, file_name, format, created FROM import_batches');
    expect(batch).toEqual({ id: result.batchId, file_name: `Démarches Simplifiées, démarche n° ${PROCEDURE}`, format: 'graphql-json', created: 5 });
    // Stored like attachments added by hand: kind, original name, sha256 of the bytes, a copy in the data folder.
    const dossier = await rt.call('dossiers.get', { dsNumber: FIRST });
    expect(dossier.data.name).toBe('ESP n° 1');
    expect(dossier.data.professionals).toHaveLength(4);
    expect(dossier.attachments.map((a) => [a.kind, a.originalName, a.sha256])).toEqual(
      expect.arrayContaining([
        ['health_project_signed', `projet-${FIRST}.pdf`, createHash('sha256').update(pdf(`projet ${FIRST}`)).digest('hex')],
        ['statutes', 'statuts.pdf', createHash('sha256').update(pdf('statuts')).digest('hex')],
      ]),
    );
  });

  it('asks next for what changed since the last sync, shows each change old → new, and keeps a file once', async () => {
    const { server, rt } = await platform();
    await rt.call('ds.sync.run', {});
    const [{ last_sync_at: lastSync }] = (await rt.query<{ last_sync_at: string }>('SELECT last_sync_at FROM ds_connections')) as [{ last_sync_at: string }];
    server.changeDossier(FIRST + 2, (d) => Object.assign(champOf(d, NAME), { value: 'ESP du Val de Sambre', stringValue: 'ESP du Val de Sambre' }));
    server.requests.length = 0;

    const preview = await rt.call('ds.sync.preview', {});
    const since = new Date(Date.parse(lastSync) - 10 * 60_000).toISOString();
    expect(preview).toMatchObject({ since, pages: 1, created: 0, updated: 1, unchanged: 0 });
    expect(preview.changes[0]).toMatchObject({ dsNumber: FIRST + 2, action: 'update', fields: [{ field: 'name', before: 'ESP n° 3', after: 'ESP du Val de Sambre' }] });
    expect(pageRequests(server).map((r) => r.variables.updatedSince)).toEqual([since]);
    // Its file is already attached, by the checksum the platform gives: not to be downloaded again.
    expect(preview).toMatchObject({ files: [], filesAlreadyKept: 1 });

    const result = await rt.call('ds.sync.run', {});
    expect(result).toMatchObject({ updated: 1, files: { kept: 0, alreadyKept: 1, refused: [] } });
    expect(server.requests.filter((r) => r.query === null).map((r) => r.path)).toEqual([]);
    expect(await written(rt)).toMatchObject({ dossiers: 5, attachments: 6, batches: 2, copies: 6 });
    const audit = await rt.call('audit.list', { entityType: 'dossier', entityId: String((await rt.call('dossiers.get', { dsNumber: FIRST + 2 })).id) });
    expect(audit.find((e) => e.action === 'import.update')).toMatchObject({ before: { name: 'ESP n° 3' }, after: { name: 'ESP du Val de Sambre', importBatch: result.batchId } });

    // Read again within the margin for clocks: unchanged, its file already kept.
    const again = await rt.call('ds.sync.run', {});
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1, files: { kept: 0, alreadyKept: 1 } });
    expect(await written(rt)).toMatchObject({ dossiers: 5, attachments: 6, copies: 6 });
  });

  it('refuses a token the platform refuses, in French, writing nothing', async () => {
    const { server, rt } = await platform();
    server.tokens.set(VALID_TOKEN, { expired: true });
    const error = await rt.refuse('ds.sync.run', {});
    expect(error).toEqual({
      code: 'VALIDATION',
      message:
        "Démarches Simplifiées refuse le jeton d'accès : il est inconnu, révoqué ou expiré. Créez-en un nouveau dans votre profil sur la plateforme (« Jetons d'API ») et enregistrez-le ici.",
    });
    expect(await written(rt)).toEqual({ dossiers: 0, attachments: 0, batches: 0, lastSyncAt: null, copies: 0 });
  });

  it('waits out a 429 in the middle of the pages and goes on', async () => {
    const { server, rt } = await platform();
    server.failNext({ status: 429, retryAfter: '0' }, (r) => r.variables.after != null);
    expect(await rt.call('ds.sync.run', {})).toMatchObject({ created: 5, pages: 3 });
    expect(pageRequests(server)).toHaveLength(4);
  });

  it('writes nothing when the connection drops in the middle of a page, and the next sync starts from the same point', async () => {
    const { server, rt } = await platform();
    server.failNext({ drop: true }, (r) => r.variables.after != null);
    const error = await rt.refuse('ds.sync.run', {});
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/^La connexion à Démarches Simplifiées \(http:\/\/127\.0\.0\.1:\d+\) a échoué ou a été coupée .* rien n'a été enregistré\.$/);
    expect(await written(rt)).toEqual({ dossiers: 0, attachments: 0, batches: 0, lastSyncAt: null, copies: 0 });
    server.requests.length = 0;
    expect(await rt.call('ds.sync.run', {})).toMatchObject({ created: 5, since: null, files: { kept: 6 } });
    expect(pageRequests(server)[0]!.variables).toMatchObject({ after: null, updatedSince: null });
  });

  it('refuses a file whose content does not match its checksum, and writes nothing', async () => {
    const { rt } = await platform({ wrongChecksum: true });
    const error = await rt.refuse('ds.sync.run', {});
    expect(error.message).toBe(
      `Le fichier « projet-${FIRST + 3}.pdf » reçu ne correspond pas à son empreinte sur Démarches Simplifiées (téléchargement altéré ou incomplet) : il est refusé ; relancez la synchronisation.`,
    );
    expect(await written(rt)).toEqual({ dossiers: 0, attachments: 0, batches: 0, lastSyncAt: null, copies: 0 });
  });

  it("reads only an instructor group's dossiers when the connection names one; a sync of one state leaves the point of resumption", async () => {
    const { server, rt } = await platform();
    await rt.call('ds.connection.save', { connection: connection(server, { instructorGroup: 12 }) });
    server.changeDossier(FIRST + 1, (d) => (d.state = 'accepte'));
    const accepted = await rt.call('ds.sync.run', { state: 'accepte' });
    expect(accepted.changes.map((c) => c.dsNumber)).toEqual([FIRST + 1]);
    expect(await written(rt)).toMatchObject({ dossiers: 1, lastSyncAt: null });
    const all = await rt.call('ds.sync.run', {});
    expect(all.changes.map((c) => [c.dsNumber, c.action])).toEqual([
      [FIRST + 3, 'create'],
      [FIRST + 1, 'unchanged'],
    ]);
    // Nothing in that state: nothing imported, and still no point of resumption.
    expect(await rt.call('ds.sync.run', { state: 'refuse' })).toMatchObject({ created: 0, unchanged: 0, batchId: null });
    expect(pageRequests(server).map((r) => [r.operationName, r.variables.group, r.variables.state])).toEqual([
      ['commissionGroupDossiers', 12, 'accepte'],
      ['commissionGroupDossiers', 12, null],
      ['commissionGroupDossiers', 12, 'refuse'],
    ]);
    expect((await written(rt)).lastSyncAt).not.toBeNull();
  });

  it('reports progress through a background job', async () => {
    const { rt } = await platform();
    const started = await rt.call('ds.sync.start', {});
    let job = started;
    while (job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = await rt.call('ds.sync.job', { jobId: started.id });
    }
    expect(job).toMatchObject({ state: 'done', error: null, result: { created: 5, files: { kept: 6 } } });
  });
});
