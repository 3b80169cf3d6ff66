/**
 * `npm run bench`: the speed targets, measured and printed (never asserted in tests).
 *   - import of a generated XLSX export: 2,000 dossiers × 8 professionals (target < 3 s);
 *   - the filtered dossier list on 50,000 dossiers (target < 20 ms);
 *   - a one-page letter (target < 30 ms) and a whole 200-dossier session's documents (< 15 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import SQLite from 'better-sqlite3';
import { startRuntime } from '../../services/runtime';
import type { Runtime } from '../../services/runtime';
import { caller, demoIdentity } from '../../cli/demo-session';
import { benchPdf } from './pdf';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/samples/demarches-simplifiees/hdf-dossiers-export.xlsx');
const PROFESSIONS = ['Médecin généraliste', 'Médecin généraliste', 'Infirmier(ère)', 'Infirmier(ère)', 'Masseur-kinésithérapeute', 'Pharmacien(ne)', 'Orthophoniste', 'Diététicien(ne)'];

function luhnComplete(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  return payload + String((10 - (sum % 10)) % 10);
}

/** The sample export's first dossier, repeated with new numbers, names and teams. */
async function generateExport(dossiers: number, perTeam: number): Promise<Buffer> {
  const source = new ExcelJS.Workbook();
  await source.xlsx.readFile(SAMPLE);
  const sheet = source.getWorksheet('Dossiers')!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1);
  const template = (sheet.getRow(2).values as unknown[]).slice(1);
  const idColumn = headers.indexOf('ID');
  const nameColumn = headers.indexOf('Nom de l’équipe ou de la structure');

  // Who signs each team's agreement: without it, no agreement is produced.
  const representative = ['Mme', 'Anne', 'Lefebvre', 'présidente de l’association'];
  const out = new ExcelJS.Workbook();
  const main = out.addWorksheet('Dossiers');
  main.addRow([...headers, 'Civilité du représentant légal', 'Prénom du représentant légal', 'Nom du représentant légal', 'Qualité du représentant légal']);
  const team = out.addWorksheet('(3512851) Professionnels');
  team.addRow(['Dossier ID', 'Ligne', 'Nom', 'Prénom', 'Profession', 'Numéro RPPS', 'Commune d’exercice', 'Commune d’exercice (Code INSEE)', 'Commune d’exercice (Département)']);
  for (let i = 0; i < dossiers; i++) {
    const id = 30000000 + i;
    const row = [...template];
    row.length = headers.length;
    row[idColumn] = id;
    row[nameColumn] = `ESP numéro ${i}`;
    main.addRow([...row, ...representative]);
    for (let p = 0; p < perTeam; p++) {
      const rpps = luhnComplete(`10${String(i * perTeam + p).padStart(8, '0')}`);
      team.addRow([id, p + 1, `Nom${p}`, `Prénom${p}`, PROFESSIONS[p % PROFESSIONS.length], rpps, 'Hirson (02500)', '02381', '02 – Aisne']);
    }
  }
  return Buffer.from(await out.xlsx.writeBuffer());
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
}

async function benchImport(dir: string): Promise<void> {
  const bytes = await generateExport(2000, 8);
  const runtime = await startRuntime(join(dir, 'import.sqlite'), { actor: 'bench' });
  const upload = { fileName: 'export.xlsx', contentBase64: bytes.toString('base64') };
  const [preview, previewMs] = await timed(() => runtime.dispatch('import.preview', upload));
  const [first, firstMs] = await timed(() => runtime.dispatch('import.run', upload));
  const [again, againMs] = await timed(() => runtime.dispatch('import.run', upload));
  await runtime.close();
  for (const r of [preview, first, again]) if (!r.ok) throw new Error(r.error.message);
  console.log(`Import XLSX, 2 000 dossiers × 8 professionnels (${(bytes.length / 1024).toFixed(0)} Ko) :`);
  console.log(`  lecture et contrôle (aperçu)      ${previewMs.toFixed(0)} ms`);
  console.log(`  premier import (création)         ${firstMs.toFixed(0)} ms   (objectif < 3 000 ms)`);
  console.log(`  même fichier réimporté            ${againMs.toFixed(0)} ms`);
}

/** 50,000 dossiers written straight into the tables, then the list queried as the interface does. */
async function benchList(dir: string): Promise<void> {
  const file = join(dir, 'list.sqlite');
  const runtime: Runtime = await startRuntime(file, { actor: 'bench' });
  const sqlite = new SQLite(file);
  const insert = sqlite.prepare(
    `INSERT INTO dossiers (ds_number, structure_type, name, status, commune_name, department_code, search_text, name_key, commune_key,
       grant_requested_cents, eligible, project_summary, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const types = ['ESP', 'MSP', 'CPTS', 'CDS'];
  const communes = [['Hirson', '02'], ['Maubeuge', '59'], ['Lens', '62'], ['Abbeville', '80'], ['Beauvais', '60']] as const;
  const statuses = ['received', 'complete', 'on_agenda', 'decided'];
  // Real rows are wide: a projet de santé summary runs to a page.
  const summary = 'Équipe pluriprofessionnelle, soins non programmés, suivi des patients chroniques. '.repeat(20);
  sqlite.transaction(() => {
    for (let i = 0; i < 50_000; i++) {
      const [commune, dep] = communes[i % communes.length]!;
      const name = `Équipe ${i} de ${commune}`;
      const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      insert.run(40000000 + i, types[i % 4], name, statuses[i % 4], commune, dep, `${40000000 + i} ${name} ${commune}`.toLowerCase(),
        name.toLowerCase(), commune.toLowerCase(), (i % 5) * 500000, i % 3 === 0 ? 0 : 1, summary, at, at);
    }
  })();
  sqlite.close();

  const queries = {
    'sans filtre, trié par mise à jour': {},
    'type MSP + éligibles + département 59, trié par nom': {
      structureTypes: ['MSP'],
      eligibility: 'eligible',
      departmentCodes: ['59'],
      sort: { field: 'name', direction: 'asc' },
    },
    'recherche « maubeuge » + statut complet': { search: 'maubeuge', statuses: ['complete'] },
    'page 200 (décalage 40 000), trié par numéro': { offset: 40_000, sort: { field: 'dsNumber', direction: 'asc' } },
  } as const;
  console.log('Liste des dossiers sur 50 000 dossiers (médiane de 20 appels, page de 200 lignes) :');
  for (const [label, input] of Object.entries(queries)) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < 20; i++) {
      const [result, ms] = await timed(() => runtime.dispatch('dossiers.list', input));
      if (!result.ok) throw new Error(result.error.message);
      total = (result.value as { total: number }).total;
      times.push(ms);
    }
    console.log(`  ${label.padEnd(52)} ${median(times).toFixed(1).padStart(6)} ms   (${total} dossiers ; objectif < 20 ms)`);
  }
  await runtime.close();
}

/** A closed session of 200 dossiers, then all its documents: letters, agreements for the grants, minutes. */
async function benchDocuments(dir: string): Promise<void> {
  const runtime = await startRuntime(join(dir, 'documents.sqlite'), { actor: 'bench' });
  const call = caller(runtime);
  await call('settings.update', { identity: demoIdentity });
  const bytes = await generateExport(200, 6);
  await call('import.run', { fileName: 'export.xlsx', contentBase64: bytes.toString('base64') });
  const members = [];
  for (const lastName of ['Durand', 'Martin', 'Leroy', 'Bernard', 'Morel']) {
    members.push(await call('members.save', { member: { firstName: 'Camille', lastName, organisation: 'ARS' } }));
  }
  let session = await call('sessions.create', { number: 'BENCH', date: '2026-11-26', place: 'Lille' });
  await call('sessions.setRoll', { sessionId: session.id, members: members.map((m) => ({ memberId: m.id, status: 'present' as const })) });
  const { rows } = await call('dossiers.list', { limit: 1000 });
  session = await call('agenda.set', { sessionId: session.id, items: rows.map((d) => ({ dossierId: d.id })) });
  await call('sessions.transition', { id: session.id, to: 'convened' });
  await call('sessions.transition', { id: session.id, to: 'in_progress' });
  const vote = { for: 5, against: 0, abstention: 0 };
  const grant = { amount: 20000, engineering: 8000, it: 7000, furniture: 5000 };
  for (const [i, item] of session.items.entries()) {
    const opinion =
      i % 4 === 0 ? { kind: 'unfavorable' as const, motivation: 'Composition insuffisante au regard du cahier des charges régional.', vote }
      : i % 4 === 1 ? { kind: 'postponed' as const, motivation: 'Pièces à compléter.', vote }
      : { kind: 'favorable' as const, vote, grant };
    await call('items.recordOpinion', { itemId: item.id, opinion });
  }
  session = await call('sessions.close', { id: session.id });
  const [result, ms] = await timed(() => call('documents.generate', { sessionId: session.id, folder: join(dir, 'pdf') }));
  await runtime.close();
  console.log(`Documents d'une séance de 200 dossiers (${result.documents.length} PDF : courriers, conventions, procès-verbal) :`);
  console.log(`  production et registre                                  ${ms.toFixed(0)} ms   (objectif < 15 000 ms)`);
}

const dir = mkdtempSync(join(tmpdir(), 'commission-bench-'));
try {
  await benchImport(dir);
  await benchList(dir);
  await benchPdf();
  await benchDocuments(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
