import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import type { DossierData } from '../../shared/dossier';
import { defaultRecordsSettings } from '../../shared/backups';
import { ANONYMISED, anonymiseDossierData, retentionCutoff, scrubPersonal } from '../../shared/retention';
import { useRuntime, type TestRuntime } from '../support/runtime';
import { useTempDir } from '../support/temp';

const newRuntime = useRuntime();
const tempDir = useTempDir();

afterEach(() => {
  vi.useRealTimers();
});

/**
 * The persons' values of a dossier that must be gone after the purge. First names alone are left
 * out: the agency's signatory, kept in the decisions, may share one (« Claire »).
 */
function personalValues(data: DossierData): string[] {
  const values = [
    data.sponsor.lastName,
    data.sponsor.email,
    data.sponsor.phone,
    data.legalEntity.representative.lastName,
    data.address,
    ...data.professionals.flatMap((p) => [p.lastName, p.identifier]),
  ];
  return [...new Set(values.filter((v) => v.length >= 4))];
}

function rows(file: string, statement: string, ...params: unknown[]): Record<string, unknown>[] {
  const sqlite = new SQLite(file, { readonly: true });
  try {
    return sqlite.prepare(statement).all(...params) as Record<string, unknown>[];
  } finally {
    sqlite.close();
  }
}

/** The demo session closed (decisions of November 2026), an attachment and a hand correction. */
async function decidedDossiers() {
  const runtime = await newRuntime();
  const session = await scriptDemoSession(caller(runtime));
  const decided = session.items.filter((i) => i.decision).map((i) => i.dossier.id);
  const first = await runtime.call('dossiers.get', { id: decided[0]! });
  await runtime.call('attachments.add', {
    dossierId: first.id,
    kind: 'statutes',
    fileName: `statuts ${first.data.sponsor.lastName}.pdf`,
    contentBase64: Buffer.from('%PDF-1.4\n% statuts\n').toString('base64'),
  });
  await runtime.call('dossiers.update', { id: first.id, data: { ...first.data, sponsor: { ...first.data.sponsor, phone: '06 12 34 56 78' } } });
  const all = await runtime.call('dossiers.list', { limit: 1000 });
  const kept = all.rows.map((r) => r.id).filter((id) => !decided.includes(id));
  return { runtime, decided, kept, file: join(runtime.dir, 'commission.sqlite') };
}

async function purgeOn(runtime: TestRuntime, today: string, dryRun: boolean) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(`${today}T12:00:00`));
  try {
    return await runtime.call('records.purge', { dryRun });
  } finally {
    vi.useRealTimers();
  }
}

describe('the purge of personal data past retention', () => {
  it('keeps everything within the retention period', async () => {
    const { runtime } = await decidedDossiers();
    const report = await purgeOn(runtime, '2036-11-01', false);
    expect(report).toMatchObject({ retentionYears: 10, cutoff: '2026-11-01', dossiers: [], attachments: 0, resealedFrom: null });
  });

  it('says what it would do on a dry run, and does nothing', async () => {
    const { runtime, decided, file } = await decidedDossiers();
    await runtime.call('settings.update', { records: { ...defaultRecordsSettings, retentionYears: 1 } });
    const before = rows(file, 'SELECT * FROM dossiers ORDER BY id');
    const audit = rows(file, 'SELECT * FROM audit_log ORDER BY id');
    const report = await purgeOn(runtime, '2028-06-01', true);
    expect(report.dryRun).toBe(true);
    expect(report.cutoff).toBe('2027-06-01');
    expect(report.dossiers.map((d) => d.id).sort()).toEqual([...decided].sort());
    expect(report.attachments).toBe(1);
    expect(report.auditEntries).toBeGreaterThan(0);
    expect(rows(file, 'SELECT * FROM dossiers ORDER BY id')).toEqual(before);
    expect(rows(file, 'SELECT * FROM audit_log ORDER BY id')).toEqual(audit);
  });

  it('anonymises the dossiers, removes their attachments and the personal values of their audit entries, and reports it', async () => {
    const { runtime, decided, kept, file } = await decidedDossiers();
    await runtime.call('settings.update', { records: { ...defaultRecordsSettings, retentionYears: 1 } });
    const details = await Promise.all(decided.map((id) => runtime.call('dossiers.get', { id })));
    const keptBefore = await Promise.all(kept.map((id) => runtime.call('dossiers.get', { id })));
    const secrets = new Map(details.map((d) => [d.id, personalValues(d.data)]));
    const headBefore = (await runtime.call('audit.verify', {})).head;

    const report = await purgeOn(runtime, '2028-06-01', false);
    // Corrections by hand: the two representatives' civility and names (the demo's), and a phone.
    expect(report).toMatchObject({ dryRun: false, retentionYears: 1, cutoff: '2027-06-01', attachments: 1, manualFields: 7 });
    expect(report.dossiers).toHaveLength(decided.length);
    expect(report.professionals).toBe(details.reduce((n, d) => n + d.data.professionals.length, 0));
    expect(report.auditEntries).toBeGreaterThan(0);
    expect(report.auditValues).toBeGreaterThan(report.auditEntries);
    expect(report.sessionRecords).toBe(1);
    expect(report.documentsKept).toBe(0);

    for (const before of details) {
      const after = await runtime.call('dossiers.get', { id: before.id });
      expect(after.data).toEqual(anonymiseDossierData(before.data));
      expect(after.data.sponsor).toEqual({ civility: '', firstName: '', lastName: '', email: '', phone: '' });
      expect(after.data.professionals.every((p) => p.lastName === ANONYMISED && p.firstName === '' && p.identifier === '')).toBe(true);
      expect(after.data.professionals.map((p) => p.profession)).toEqual(before.data.professionals.map((p) => p.profession));
      expect(after.data.name).toBe(before.data.name);
      expect(after.attachments).toEqual([]);
      expect(existsSync(join(runtime.dir, 'pieces', String(before.id)))).toBe(false);
      // Nothing of the persons is left where the app keeps the dossier's history.
      const history = JSON.stringify(rows(file, "SELECT before_json, after_json FROM audit_log WHERE entity_type = 'dossier' AND entity_id = ?", String(before.id)));
      // The frozen record names the commission's members and secretary too: only the dossier's entry is looked at.
      const frozen = JSON.stringify(
        rows(file, 'SELECT facts_json FROM session_records').map((r) =>
          (JSON.parse(String(r.facts_json)) as { dossiers: [number, unknown][] }).dossiers.filter(([id]) => id === before.id),
        ),
      );
      const stored = JSON.stringify([
        rows(file, 'SELECT * FROM dossiers WHERE id = ?', before.id),
        rows(file, 'SELECT * FROM professionals WHERE dossier_id = ?', before.id),
        rows(file, 'SELECT * FROM dossier_manual_fields WHERE dossier_id = ?', before.id),
      ]);
      for (const secret of secrets.get(before.id)!) {
        expect(history, `${secret} dans le journal`).not.toContain(secret);
        expect(frozen, `${secret} dans le procès-verbal figé`).not.toContain(secret);
        expect(stored, `${secret} dans le dossier`).not.toContain(secret);
      }
      expect((await runtime.call('dossiers.list', { search: before.data.sponsor.lastName || '—' })).rows.map((r) => r.id)).not.toContain(before.id);
    }
    // Dossiers without a decision are not touched.
    for (const before of keptBefore) expect((await runtime.call('dossiers.get', { id: before.id })).data).toEqual(before.data);
    expect(readdirSync(join(runtime.dir, 'pieces'))).toEqual([]);

    // The chain was sealed again from the first entry rewritten, and says so.
    const verdict = await runtime.call('audit.verify', {});
    expect(verdict.ok).toBe(true);
    expect(verdict.head).not.toBe(headBefore);
    const purge = (await runtime.call('audit.list', { entityType: 'records' }))[0]!;
    expect(purge).toMatchObject({ action: 'records.purge', before: { head: headBefore }, after: { resealedFrom: report.resealedFrom } });
    expect(verdict.reseals).toEqual([{ id: purge.id, at: purge.at, actor: 'secretariat', fromId: report.resealedFrom }]);

    // Done once: a second purge finds nothing.
    expect((await purgeOn(runtime, '2028-06-01', false)).dossiers).toEqual([]);
  });

  it('`purge --dry-run` on the command line', () => {
    const root = resolve(__dirname, '../..');
    const run = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'cli/main.ts'), '--db', join(tempDir(), 'c.sqlite'), 'purge', '--dry-run'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dryRun: true, retentionYears: 10, dossiers: [] });
  });
});

describe('retention rules', () => {
  it('counts years back from today, 29 February included', () => {
    expect(retentionCutoff('2036-05-14', 10)).toBe('2026-05-14');
    expect(retentionCutoff('2028-02-29', 1)).toBe('2027-02-28');
  });

  it('blanks personal values wherever they sit in an entry, keeping the keys and the agency’s signatory', () => {
    const entry = {
      sponsor: { firstName: 'Claire', lastName: 'Lefebvre', email: 'c@x.fr', phone: '03' },
      professionals: [{ lastName: 'Durand', firstName: 'Paul', identifier: '10001234567', profession: 'Médecin' }],
      originalName: 'statuts Lefebvre.pdf',
      signatory: { firstName: 'Julie', lastName: 'Martin' },
      grant: { requested: 20000 },
    };
    expect(scrubPersonal(entry)).toEqual({
      value: {
        sponsor: { firstName: '', lastName: '', email: '', phone: '' },
        professionals: [{ lastName: '', firstName: '', identifier: '', profession: 'Médecin' }],
        originalName: '',
        signatory: { firstName: 'Julie', lastName: 'Martin' },
        grant: { requested: 20000 },
      },
      blanked: 8,
    });
  });
});
