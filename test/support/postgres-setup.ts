/**
 * Global setup of the `postgres` test project: one throwaway cluster for the whole run, and a
 * template database already migrated, so that each test gets a fresh database in a moment.
 */
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/open';
import { startCluster } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template's URL; tests create their databases from it. */
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startCluster();
  const template = await cluster.createDatabase();
  const opened = await openDatabase(template);
  await opened.close();
  project.provide('postgresTemplate', template);
  return () => cluster.stop();
}
