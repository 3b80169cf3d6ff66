import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState } from 'react';
import type { Output } from '../../../../shared/contract';
import { axisMax, gridMax } from '../../../../shared/scoring';
import { call } from '../../api';
import { DataTable } from '../../components/DataTable';
import { countOf, formatShortDay } from '../../format';

type GridVersion = Output<'grid.get'>;

/** The scoring grid in force, to read: its axes, criteria, scales and thresholds, and its version. */
export function GridSummary() {
  const [grid, setGrid] = useState<GridVersion | { message: string } | null>(null);

  useEffect(() => {
    void call('grid.get', {}).then((result) => setGrid(result.ok ? result.value : { message: result.error.message }));
  }, []);

  return (
    <section className="app-section" aria-labelledby="grid-title">
      <h2 id="grid-title" className="fr-h5">
        Grille d'évaluation
      </h2>
      {grid === null && <p aria-live="polite">Chargement de la grille…</p>}
      {grid !== null && 'message' in grid && (
        <Alert severity="error" small description={`La grille n'a pas pu être chargée : ${grid.message}`} />
      )}
      {grid !== null && 'grid' in grid && (
        <>
          <p>
            {grid.version === 0
              ? "Grille par défaut, enregistrée comme version 1 à la création de la première séance."
              : `Version ${grid.version}${grid.createdAt ? `, du ${formatShortDay(grid.createdAt)}` : ''}.`}{' '}
            Sur {countOf(gridMax(grid.grid), 'point')} : avis favorable suggéré dès {grid.grid.thresholds.favorable} % des
            points, favorable sous réserve dès {grid.grid.thresholds.reservations} %, défavorable en dessous. Chaque
            séance garde la version avec laquelle ses dossiers ont été notés.
          </p>
          <Button priority="secondary" iconId="fr-icon-edit-line" className="fr-mb-3w" linkProps={{ to: '/parametres/grille' }}>
            Modifier la grille
          </Button>
          {grid.grid.axes.map((axis) => (
            <DataTable
              key={axis.id}
              caption={`${axis.label} — ${countOf(axisMax(axis), 'point')}${axis.optional ? ' (axe facultatif)' : ''}`}
              headers={['Critère', 'Points', 'Barème']}
              rows={axis.criteria.map((c) => ({
                key: c.id,
                cells: [
                  <>
                    {c.label}
                    {c.help && <span className="fr-hint-text fr-mb-0">{c.help}</span>}
                  </>,
                  c.max,
                  c.scale
                    ? c.scale.map((choice) => `${choice.label} : ${choice.points}`).join(' ; ')
                    : `Note de 0 à ${c.max}, appréciée par l'évaluateur`,
                ],
              }))}
            />
          ))}
        </>
      )}
    </section>
  );
}
