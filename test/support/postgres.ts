/**
 * A throwaway PostgreSQL cluster from Debian's `postgresql` package: created in a temporary
 * folder, listening on a loopback port only, stopped and removed afterwards. `initdb` and
 * `pg_ctl` refuse to run as root, so as root they run as the `postgres` user.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

export interface Cluster {
  /** A new empty database on the cluster, as a `postgres://` URL. */
  createDatabase(): Promise<string>;
  stop(): void;
}

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/** Whether this machine can start a cluster: the tests that need one say so instead of passing silently. */
export const postgresAvailable = binDir() !== null;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ClusterOptions {
  /** A login role that must give its password over TCP (scram-sha-256), as on an agency's server; the others need none. */
  passwordRole?: { name: string; password: string };
}

export async function startCluster({ passwordRole }: ClusterOptions = {}): Promise<Cluster> {
  const bin = binDir();
  if (!bin) throw new Error('PostgreSQL introuvable : installez le paquet Debian « postgresql ».');
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'commission-pg-'));
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) =>
    execFileSync(root ? 'runuser' : join(bin, tool), root ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args, { stdio: 'pipe' });
  const data = join(dir, 'data');
  // French collation by ICU, as an agency's server would sort names.
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale-provider=icu', '--icu-locale=fr', '--locale=C.UTF-8']);
  if (passwordRole) {
    // The first matching line wins: this role is asked its password, every other one is trusted.
    const hba = join(data, 'pg_hba.conf');
    writeFileSync(hba, `host all ${passwordRole.name} 127.0.0.1/32 scram-sha-256\n${readFileSync(hba, 'utf8')}`);
  }
  const port = await freePort();
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  let stopped = false;
  let count = 0;
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  if (passwordRole) {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(`CREATE ROLE ${client.escapeIdentifier(passwordRole.name)} LOGIN PASSWORD ${client.escapeLiteral(passwordRole.password)}`);
    } finally {
      await client.end();
    }
  }
  return {
    async createDatabase() {
      const name = `commission_${process.pid}_${++count}`;
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

let copies = 0;

/** A new database copied from a template database (a migrated, empty one), as its URL. */
export async function copyDatabase(template: string): Promise<string> {
  const url = new URL(template);
  const from = url.pathname.slice(1);
  const name = `${from}_${process.pid}_${++copies}`;
  const admin = new URL(template);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${from}`);
  } finally {
    await client.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

/** One cluster for the test file, started before its tests and stopped after. */
export function useCluster(options: ClusterOptions = {}): () => Cluster {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster(options);
  }, 60_000);
  afterAll(() => cluster?.stop());
  return () => {
    if (!cluster) throw new Error('Le serveur PostgreSQL de test n’a pas démarré.');
    return cluster;
  };
}
