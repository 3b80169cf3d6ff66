import { describe, expect, it } from 'vitest';
import { csvExport, xlsxExport } from '../bench/export';
import { useRuntime } from '../support/runtime';

const runtime = useRuntime();
const FIRST = 30000000;

describe('an import writing new dossiers several to a statement', () => {
  it('gives each new dossier, between updated ones, its own key, team and audit entry', async () => {
    const r = await runtime();
    // The even dossiers first, from the CSV (no professionals); the XLSX then updates them
    // (their teams) and creates the odd ones, 90 new rows spread over several statements.
    const [header, ...rows] = csvExport(180).trimEnd().split('\r\n');
    const even = `${[header, ...rows.filter((_, i) => i % 2 === 0)].join('\r\n')}\r\n`;
    await r.call('import.run', { fileName: 'pairs.csv', contentBase64: Buffer.from(even, 'utf8').toString('base64') });
    const bytes = await xlsxExport(180, 2);
    const summary = await r.call('import.run', { fileName: 'export.xlsx', contentBase64: bytes.toString('base64') });
    expect(summary).toMatchObject({ created: 90, updated: 90, unchanged: 0 });

    const dossiers = await r.query<{ id: number; ds_number: number }>('SELECT id, ds_number FROM dossiers ORDER BY ds_number');
    expect(dossiers).toHaveLength(180);
    // New keys follow the file's order, after those already given.
    const created = dossiers.filter((d) => (d.ds_number - FIRST) % 2 === 1).map((d) => Number(d.id));
    expect(created).toEqual([...created].sort((a, b) => a - b));
    expect(Math.min(...created)).toBeGreaterThan(Math.max(...dossiers.filter((d) => (d.ds_number - FIRST) % 2 === 0).map((d) => Number(d.id))));

    // Each professional's RPPS number carries the rank of the dossier the file put it in.
    const team = await r.query<{ ds_number: number; position: number; identifier: string }>(
      'SELECT d.ds_number, p.position, p.identifier FROM professionals p JOIN dossiers d ON d.id = p.dossier_id',
    );
    expect(team).toHaveLength(360);
    for (const p of team) expect(p.identifier.slice(0, 10)).toBe(`10${String((p.ds_number - FIRST) * 2 + p.position).padStart(8, '0')}`);

    const audits = await r.query<{ entity_id: string; action: string; after_json: string }>(
      "SELECT entity_id, action, after_json FROM audit_log WHERE action LIKE 'import.%' AND after_json LIKE '%export.xlsx%' ORDER BY id",
    );
    const dsOf = new Map(dossiers.map((d) => [String(d.id), Number(d.ds_number)]));
    expect(audits.map((a) => [a.action, dsOf.get(a.entity_id), (JSON.parse(a.after_json) as { dsNumber: number }).dsNumber])).toEqual(
      Array.from({ length: 180 }, (_, i) => [i % 2 ? 'import.create' : 'import.update', FIRST + i, FIRST + i]),
    );
    expect(await r.call('audit.verify', {})).toMatchObject({ ok: true });
  });
});
