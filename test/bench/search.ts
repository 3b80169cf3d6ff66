/**
 * The dossiers list on 200,000 dossiers, as the interface queries it: a selective and a broad
 * text search, combined filters with their count, and the plain pages.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { startRuntime } from '../../services/runtime';
import type { DossierListInput } from '../../shared/dossier';
import { foldText } from '../../shared/text';
import { fr, limitTarget, median, ms, timed } from './measure';

const DOSSIERS = 200_000;
const CALLS = 20;

const communes = [
  ['Hirson', '02'], ['Laon', '02'], ['Saint-Quentin', '02'], ['Soissons', '02'], ['Château-Thierry', '02'],
  ['Maubeuge', '59'], ['Lille', '59'], ['Roubaix', '59'], ['Douai', '59'], ['Valenciennes', '59'], ['Cambrai', '59'], ['Dunkerque', '59'],
  ['Lens', '62'], ['Arras', '62'], ['Béthune', '62'], ['Calais', '62'], ['Boulogne-sur-Mer', '62'], ['Saint-Omer', '62'],
  ['Abbeville', '80'], ['Amiens', '80'], ['Péronne', '80'], ['Beauvais', '60'], ['Compiègne', '60'], ['Creil', '60'], ['Senlis', '60'],
] as const;
const lastNames = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon',
  'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André',
  'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Legrand', 'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Müller'];
const firstNames = ['Camille', 'Claire', 'Julien', 'Sophie', 'Nicolas', 'Marie', 'Thomas', 'Léa', 'Hugo', 'Chloé', 'Lucas', 'Inès'];
const types = ['ESP', 'MSP', 'CPTS', 'CDS'] as const;
const kinds = ['Équipe de soins primaires', 'Maison de santé pluriprofessionnelle', 'CPTS', 'Centre de santé'];
const statuses = ['received', 'complete', 'on_agenda', 'opinion_given', 'decided', 'notified', 'agreement_signed', 'grant_paid'];

/** The same pseudo-random dossiers at every run. */
function generator(seed: number) {
  let state = seed;
  return <T>(list: readonly T[]): T => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return list[(state >>> 0) % list.length]!;
  };
}

/** Dossiers written straight into the table (the triggers fill the text index), in one transaction. */
export function fill(file: string): void {
  const sqlite = new SQLite(file);
  // Room for every index in memory while they are filled (the rows come in no index's order), and
  // no journal: a bench file, rebuilt at every run.
  sqlite.pragma('cache_size = -1000000');
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  const insert = sqlite.prepare(
    `INSERT INTO dossiers (ds_number, structure_type, name, status, commune_name, department_code, sponsor_first_name, sponsor_last_name,
       search_text, name_key, commune_key, grant_requested_cents, eligible, project_summary, submitted_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const pick = generator(2026);
  // Real rows are wide: a projet de santé summary runs to a page.
  const summary = 'Équipe pluriprofessionnelle, soins non programmés, suivi des patients chroniques. '.repeat(20);
  const days = Array.from({ length: 2000 }, (_, d) => d);
  const minutes = Array.from({ length: 1440 }, (_, m) => m);
  sqlite.transaction(() => {
    for (let i = 0; i < DOSSIERS; i++) {
      const type = pick([0, 1, 2, 3]);
      const [commune, department] = pick(communes);
      const [lastName, firstName] = [pick(lastNames), pick(firstNames)];
      const name = `${kinds[type]} ${i % 7 ? '' : 'du centre '}de ${commune}`;
      const at = new Date(Date.UTC(2021, 0, 1) + (pick(days) * 1440 + pick(minutes)) * 60_000).toISOString();
      const dsNumber = 40_000_000 + i;
      insert.run(dsNumber, types[type], name, pick(statuses), commune, department, firstName, lastName,
        foldText([dsNumber, name, commune, lastName, firstName].join(' ')), foldText(name), foldText(commune),
        pick(days) * 10_000, pick([0, 1, 1]), summary, at, at, at);
    }
  })();
  sqlite.pragma('journal_mode = WAL');
  sqlite.close();
}

export async function benchSearch(dir: string): Promise<void> {
  const file = join(dir, 'search.sqlite');
  await (await startRuntime(file, { actor: 'bench' })).close();
  const [, filled] = await timed(() => fill(file));
  const runtime = await startRuntime(file, { actor: 'bench' });

  const combined: DossierListInput = { structureTypes: ['MSP'], eligibility: 'eligible', departmentCodes: ['59', '62'], statuses: ['complete', 'decided'] };
  const cases: [string, DossierListInput, number?][] = [
    ['recherche sélective « lefebvre maubeuge »', { search: 'lefebvre maubeuge' }, 10],
    ['recherche large « santé » (la moitié des dossiers)', { search: 'santé' }, 40],
    ['filtres combinés (MSP, éligibles, 59 et 62, deux statuts) et leur nombre', combined, 20],
    // Names begin with the kind of structure: the MSP come last in name order, the walk passes all the others.
    ['mêmes filtres triés par nom', { ...combined, sort: { field: 'name', direction: 'asc' } }],
    ['sans filtre, trié par mise à jour', {}, 20],
    ['page 200 (décalage 40 000), triée par numéro', { offset: 40_000, sort: { field: 'dsNumber', direction: 'asc' } }, 20],
    ['numéro DS « 4012345 » (début de numéro)', { search: '4012345' }],
    ['recherche « lille » + statut reçu, triée par montant', { search: 'lille', statuses: ['received'], sort: { field: 'grantRequested', direction: 'desc' } }],
    ['recherche de deux lettres « ms »', { search: 'ms' }],
  ];
  console.log(`Liste des dossiers sur ${fr(DOSSIERS)} dossiers (écrits en ${fr(filled / 1000, 1)} s ; médiane de ${CALLS} appels, page de 200 lignes) :`);
  for (const [label, input, target] of cases) {
    const times: number[] = [];
    const cpu: number[] = [];
    let total = 0;
    for (let i = 0; i < CALLS; i++) {
      const before = process.cpuUsage();
      const [result, elapsed] = await timed(() => runtime.dispatch('dossiers.list', input));
      const used = process.cpuUsage(before);
      if (!result.ok) throw new Error(result.error.message);
      total = (result.value as { total: number }).total;
      times.push(elapsed);
      cpu.push((used.user + used.system) / 1000);
    }
    const line = target === undefined ? `  ${label} : ${ms(median(times))}` : limitTarget(`liste de ${fr(DOSSIERS)} dossiers, ${label}`, median(times), target);
    // The processor time beside: on a loaded machine, the wait for a core weighs on the duration only.
    console.log(`${line} — ${fr(total)} dossiers ; temps processeur ${ms(median(cpu))}`);
  }
  await runtime.close();
}
