import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Envelope as EnvelopeFigures } from '../../../../shared/envelope';
import { call } from '../../api';
import { DataTable } from '../../components/DataTable';
import { formatEuros } from '../../format';
import { useChanges } from '../../useChanges';
import { useLoad } from '../documents/useLoad';

type Amounts = Pick<EnvelopeFigures, 'committed' | 'signed' | 'paid'>;

/** The three parts of a bar, each a share of `scale`: paid, signed not yet paid, decided not yet signed. */
function Bar({ amounts, scale }: { amounts: Amounts; scale: number }) {
  const share = (v: number) => `${scale > 0 ? Math.max(0, Math.min(100, (v * 100) / scale)) : 0}%`;
  return (
    <span className="app-envelope-bar" aria-hidden="true">
      <span className="app-envelope-part app-envelope-part--paid" style={{ width: share(amounts.paid) }} />
      <span className="app-envelope-part app-envelope-part--signed" style={{ width: share(amounts.signed - amounts.paid) }} />
      <span className="app-envelope-part app-envelope-part--committed" style={{ width: share(amounts.committed - amounts.signed) }} />
    </span>
  );
}

function Chart({ title, rows, scale }: { title: string; rows: (Amounts & { key: string; label: string })[]; scale: number }) {
  return (
    <figure className="app-envelope-chart fr-mb-3w" aria-hidden="true">
      <figcaption className="fr-text--bold fr-mb-1w">{title}</figcaption>
      <ul>
        {rows.map((row) => (
          <li key={row.key}>
            <span className="app-envelope-label">{row.label}</span>
            <Bar amounts={row} scale={scale} />
            <span className="app-envelope-value">{formatEuros(row.committed)}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

const figureCells = (a: Amounts) => [formatEuros(a.committed), formatEuros(a.signed), formatEuros(a.paid)];

/**
 * The year's start-up grant envelope: engaged by the decisions, signed, paid, and what is left,
 * as bars for the eye and as a table (the same figures) for everyone.
 */
export function Envelope({ today }: { today: string }) {
  const thisYear = Number(today.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const { loaded, reload } = useLoad(() => call('envelope.get', { year }), [year]);
  // A decision, an agreement or a payment recorded elsewhere; the envelope's amount in Paramètres.
  useChanges([{ kind: 'dossier' }, { kind: 'settings' }], () => void reload());
  const years = [thisYear - 2, thisYear - 1, thisYear, thisYear + 1];
  return (
    <section className="fr-mb-6w" aria-labelledby="envelope-title">
      <div className="app-page-actions fr-mb-2w">
        <h2 id="envelope-title" className="fr-h3 fr-mb-0">
          Enveloppe de l'aide au démarrage
        </h2>
        <Select
          label="Année"
          className="app-envelope-year fr-mb-0"
          nativeSelectProps={{ value: String(year), onChange: (e) => setYear(Number(e.target.value)) }}
        >
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </Select>
      </div>
      {loaded.status === 'loading' && <p aria-live="polite">Chargement de l'enveloppe…</p>}
      {loaded.status === 'failed' && <Alert severity="error" small description={loaded.message} />}
      {loaded.status === 'ready' && <EnvelopeView envelope={loaded.value} />}
    </section>
  );
}

function EnvelopeView({ envelope }: { envelope: EnvelopeFigures }) {
  const scale = Math.max(envelope.budget ?? 0, envelope.committed);
  return (
    <>
      <p data-testid="envelope-summary">
        {envelope.budget === null ? (
          <>
            Aucune enveloppe n'est fixée pour {envelope.year} (<Link to="/parametres#enveloppes">Paramètres</Link>).{' '}
          </>
        ) : (
          <>Enveloppe {envelope.year} : {formatEuros(envelope.budget)}. </>
        )}
        Engagé par les décisions : {formatEuros(envelope.committed)}, dont {formatEuros(envelope.signed)} sous convention signée et{' '}
        {formatEuros(envelope.paid)} versés.
        {envelope.remaining !== null && (
          <strong className={envelope.remaining < 0 ? 'app-envelope-over' : undefined}>
            {' '}
            {envelope.remaining < 0 ? `Dépassement : ${formatEuros(-envelope.remaining)}.` : `Reste à engager : ${formatEuros(envelope.remaining)}.`}
          </strong>
        )}
      </p>
      {envelope.committed === 0 ? (
        <p className="app-empty">Aucune aide n'a été décidée en {envelope.year}.</p>
      ) : (
        <>
          <p className="app-envelope-legend" aria-hidden="true">
            <span className="app-envelope-key app-envelope-part--paid" /> versé
            <span className="app-envelope-key app-envelope-part--signed" /> signé, à verser
            <span className="app-envelope-key app-envelope-part--committed" /> décidé, convention à signer
          </p>
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-lg-6">
              <Chart title="Par département" rows={envelope.byDepartment} scale={scale} />
            </div>
            <div className="fr-col-12 fr-col-lg-6">
              <Chart title="Par type de structure" rows={envelope.byStructureType} scale={scale} />
            </div>
          </div>
          <DataTable
            className="app-envelope-table"
            caption={`Aides au démarrage ${envelope.year} : montants engagés, signés et versés, par département et par type de structure`}
            headers={['', 'Engagé (décidé)', 'Convention signée', 'Versé']}
            rows={[
              ...envelope.byDepartment.map((d) => ({ key: `d-${d.key}`, cells: [d.label, ...figureCells(d)] })),
              ...envelope.byStructureType.map((t) => ({ key: `t-${t.key}`, cells: [t.label, ...figureCells(t)] })),
              { key: 'total', cells: [<strong>Total</strong>, ...figureCells(envelope)] },
            ]}
          />
        </>
      )}
    </>
  );
}
