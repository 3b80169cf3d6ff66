import { defineConfig } from 'vitest/config';

// Chromium end-to-end tests and CLI processes take seconds, not milliseconds.
const slow = { testTimeout: 60_000, hookTimeout: 60_000 };

/** The service tests that hold for both engines: run again on PostgreSQL (team mode). */
const bothEngines = [
  'test/unit/accounts.test.ts',
  'test/unit/attachments.test.ts',
  'test/unit/concurrency-team.test.ts',
  'test/unit/documents.test.ts',
  'test/unit/documents-in-hand.test.ts',
  'test/unit/documents-record.test.ts',
  'test/unit/ds-push.test.ts',
  'test/unit/ds-sync.test.ts',
  'test/unit/file-store.test.ts',
  'test/unit/followup.test.ts',
  'test/unit/housekeeping.test.ts',
  'test/unit/import-rows.test.ts',
  'test/unit/intake-service.test.ts',
  'test/unit/live.test.ts',
  'test/unit/sessions-service.test.ts',
  'test/unit/settings-service.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'sqlite', include: ['test/**/*.test.ts'], ...slow } },
      { test: { name: 'postgres', include: bothEngines, globalSetup: ['test/support/postgres-setup.ts'], ...slow } },
    ],
  },
});
