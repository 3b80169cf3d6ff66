import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import { toForm, toGrid } from '../../shared/grid-form';
import { defaultGrid, gridsDiffer, type ScoringGrid } from '../../shared/scoring';
import { sampleIdentity, sampleUpload } from '../support/fixtures';
import { useRuntime, type TestRuntime } from '../support/runtime';
import { useTempDir } from '../support/temp';

const runtime = useRuntime();
const tempDir = useTempDir();

const copy = (grid: ScoringGrid): ScoringGrid => structuredClone(grid);

/** The default grid with a fourth mandatory axis and the first axis's weights changed. */
function ownGrid(): ScoringGrid {
  const grid = copy(defaultGrid);
  grid.axes[0]!.max = null;
  grid.axes[0]!.criteria[2]!.max = 8;
  grid.axes.splice(3, 0, {
    id: 'regional_priorities',
    label: 'Priorités régionales',
    optional: false,
    max: null,
    criteria: [{ id: 'mental_health', label: 'Santé mentale', help: '', max: 4, scale: null, source: null }],
  });
  return grid;
}

/** A session not closed, with the first sample dossier on its agenda and scored by the instructor. */
async function openScoredSession(r: TestRuntime) {
  await r.call('settings.update', { identity: sampleIdentity() });
  await r.call('import.run', sampleUpload('demarches-simplifiees/hdf-dossiers-export.xlsx'));
  const chair = await r.call('members.save', { member: { firstName: 'Claire', lastName: 'Vandenberghe', organisation: 'ARS' } });
  const session = await r.call('sessions.create', { number: '2026-05', date: '2026-12-10', place: 'Lille', chairMemberId: chair.id });
  const { id } = await r.call('dossiers.get', { dsNumber: 24001101 });
  await r.call('agenda.set', { sessionId: session.id, items: [{ dossierId: id }] });
  await r.call('scores.save', { dossierId: id, scorer: 'instructor', sheet: { values: { patients_without_gp: 4 } } });
  return { session, dossierId: id };
}

describe('the grid editor’s form', () => {
  it('gives back the grid it was filled from, so that saving it unchanged makes no version', () => {
    expect(gridsDiffer(toGrid(toForm(defaultGrid)), defaultGrid)).toBe(false);
  });
});

describe('grid.update refusals, in French next to the field', () => {
  it('refuses an identifier twice, naming the second', async () => {
    const r = await runtime();
    const grid = copy(defaultGrid);
    grid.axes[1]!.criteria[0]!.id = 'zoning';
    grid.axes[2]!.id = 'territory';
    const error = await r.refuse('grid.update', { grid });
    expect(error.code).toBe('VALIDATION');
    expect(error.details).toEqual(
      expect.arrayContaining([
        { field: 'grid.axes.1.criteria.0.id', message: 'Le critère « zoning » figure deux fois dans la grille.' },
        { field: 'grid.axes.2.id', message: "L'axe « territory » figure deux fois." },
      ]),
    );
  });

  it('refuses a scale whose points exceed the criterion’s maximum', async () => {
    const r = await runtime();
    const grid = copy(defaultGrid);
    grid.axes[0]!.criteria[0]!.scale![0]!.points = 12;
    const error = await r.refuse('grid.update', { grid });
    expect(error.details).toContainEqual({
      field: 'grid.axes.0.criteria.0.scale.0.points',
      message: "Le critère « Zonage médecins » : le niveau « Zone d'intervention prioritaire (ZIP) » dépasse le maximum (10 points).",
    });
  });

  it('refuses thresholds out of order', async () => {
    const r = await runtime();
    const grid = copy(defaultGrid);
    grid.thresholds = { favorable: 50, reservations: 55 };
    const error = await r.refuse('grid.update', { grid });
    expect(error.details).toEqual([
      {
        field: 'grid.thresholds.reservations',
        message: "Le seuil de l'avis favorable sous réserve (55 %) doit être inférieur à celui de l'avis favorable (50 %).",
      },
    ]);
  });

  it('refuses to remove a criterion a sheet of an open session uses, until the session closes', async () => {
    const r = await runtime();
    const { session } = await openScoredSession(r);
    const grid = copy(defaultGrid);
    grid.axes[0]!.criteria.splice(2, 1);
    grid.axes[0]!.max = 20;
    const error = await r.refuse('grid.update', { grid });
    expect(error).toMatchObject({
      code: 'CONFLICT',
      details: [
        {
          field: 'grid.removed.patients_without_gp',
          message:
            "Le critère « Patients sans médecin traitant » est noté dans la séance n° 2026-05, qui n'est pas clôturée : gardez-le jusqu'à la clôture de la séance.",
        },
      ],
    });
    expect((await r.call('grid.get', {})).version).toBe(session.gridVersion);
    // Removing a criterion nobody scored is accepted.
    const other = copy(defaultGrid);
    other.axes[0]!.criteria.splice(3, 1);
    other.axes[0]!.max = 20;
    expect((await r.call('grid.update', { grid: other })).version).toBe(session.gridVersion + 1);
  });
});

describe('grid versions', () => {
  it('keeps a sheet on the version it was scored with, and says so', async () => {
    const r = await runtime();
    await r.call('import.run', sampleUpload('demarches-simplifiees/hdf-dossiers-export.xlsx'));
    const { id } = await r.call('dossiers.get', { dsNumber: 24001103 });
    await r.call('scores.save', { dossierId: id, scorer: 'instructor', sheet: { values: { patients_without_gp: 5 } } });
    const next = await r.call('grid.update', { grid: ownGrid() });
    expect(next.version).toBe(2);
    const view = await r.call('scores.get', { dossierId: id });
    expect(view).toMatchObject({ gridVersion: 1, currentVersion: 2 });
    expect(view.sheets[0]!.result.max).toBe(100);
    // A dossier never scored is scored on the grid in force.
    const other = await r.call('dossiers.get', { dsNumber: 24001105 });
    const fresh = await r.call('scores.get', { dossierId: other.id });
    expect(fresh).toMatchObject({ gridVersion: 2, currentVersion: 2 });
    expect(fresh.grid.axes.map((a) => a.id)).toContain('regional_priorities');
  });

  it('prints a session scored on version 1 as version 1 after version 2, with its version 1 totals', async () => {
    const r = await runtime();
    const session = await scriptDemoSession(caller(r));
    expect(session.gridVersion).toBe(1);
    const scored = session.items.find((i) => i.score)!;
    await r.call('grid.update', { grid: ownGrid() });
    const again = await r.call('sessions.get', { id: session.id });
    expect(again.gridVersion).toBe(1);
    expect(again.items.find((i) => i.id === scored.id)!.score).toEqual(scored.score);

    const folder = join(tempDir(), 'documents');
    const { documents } = await r.call('documents.generate', { sessionId: session.id, folder, kinds: ['minutes'] });
    const text = execFileSync('pdftotext', ['-layout', documents[0]!.filePath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toMatch(/Les dossiers sont notés avec la version 1 de la grille d’évaluation\./);
    expect(text).toContain(`${scored.score!.total} / ${scored.score!.max} (`);
    expect(scored.score!.max).toBeLessThanOrEqual(100);
  });
});
