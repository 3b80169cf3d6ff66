import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { dsClient, DsError } from '../../services/ds/client';
import { procedureQuery, syncDocuments } from '../../services/ds/documents';
import { dsFallbackSdl } from '../support/ds-sdl';
import { hasPublishedSchema, publishedSchema, publishedSchemaFile, useDsServer, VALID_TOKEN, type DsServer } from '../support/ds-server';
import { testKeychain } from '../support/keychain';
import { useRuntime } from '../support/runtime';

const PROCEDURE = 104_233;

const startServer = useDsServer();
const keychain = testKeychain();
const runtime = useRuntime({ secrets: keychain });
const runtimeWithoutKeychain = useRuntime();

async function served(): Promise<DsServer> {
  const server = await startServer();
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
