import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Region } from '../../../../shared/contract';
import {
  dossierSortFields,
  dossierStatuses,
  dossierStatusLabels,
  structureTypeLabels,
  structureTypes,
  type DossierSortField,
  type DossierSummary,
} from '../../../../shared/dossier';
import { call } from '../../api';
import { SelectField, TextField, type Option } from '../../components/fields';
import { Page } from '../../components/Page';
import { countOf, formatEuros, formatShortDay } from '../../format';
import { pointsText, StatusBadge, VerdictBadge } from './labels';
import { PAGE_SIZE, useDossierPages, type ListQuery } from './useDossierPages';
import { useChanges } from '../../useChanges';
import { Can } from '../../auth';

const ROW_HEIGHT = 72;
const SEARCH_DELAY_MS = 300;

type Direction = 'asc' | 'desc';
const eligibilityFilters = ['all', 'eligible', 'ineligible'] as const;

const eligibilityOptions: Option[] = [
  { value: 'eligible', label: 'Éligibles ou à vérifier' },
  { value: 'ineligible', label: 'Non éligibles' },
];

interface Column {
  label: string;
  className: string;
  sort?: DossierSortField;
  /** The first click on a date or an amount shows the latest or the largest first. */
  firstDirection?: Direction;
}

const columns: Column[] = [
  { label: 'N° DS', className: 'app-col-number', sort: 'dsNumber' },
  { label: 'Dossier', className: 'app-col-name', sort: 'name' },
  { label: 'Type', className: 'app-col-type', sort: 'structureType' },
  { label: 'Commune', className: 'app-col-commune', sort: 'communeName' },
  { label: 'Statut', className: 'app-col-status', sort: 'status' },
  { label: 'Éligibilité', className: 'app-col-eligibility' },
  { label: 'Aide sollicitée', className: 'app-col-amount', sort: 'grantRequested', firstDirection: 'desc' },
  { label: 'Mis à jour', className: 'app-col-date', sort: 'updatedAt', firstDirection: 'desc' },
];

const isOneOf = <T extends string>(list: readonly T[], value: string | null): value is T =>
  value !== null && (list as readonly string[]).includes(value);

/** The list's filters and order live in the address, so that coming back from a dossier keeps them. */
function queryFromParams(params: URLSearchParams): ListQuery {
  const type = params.get('type');
  const status = params.get('status');
  const department = params.get('department');
  const eligibility = params.get('eligibility');
  const sort = params.get('sort');
  return {
    search: params.get('q') ?? '',
    structureTypes: isOneOf(structureTypes, type) ? [type] : [],
    statuses: isOneOf(dossierStatuses, status) ? [status] : [],
    departmentCodes: department ? [department] : [],
    eligibility: isOneOf(eligibilityFilters, eligibility) ? eligibility : 'all',
    sort: {
      field: isOneOf(dossierSortFields, sort) ? sort : 'updatedAt',
      direction: params.get('direction') === 'asc' ? 'asc' : 'desc',
    },
  };
}

/** The départements of the agency's région, or every département while the agency is not configured. */
function useDepartmentOptions(): Option[] {
  const [options, setOptions] = useState<Option[]>([]);
  useEffect(() => {
    let current = true;
    void Promise.all([call('settings.get', {}), call('reference.regions', {})]).then(([settings, regions]) => {
      if (!current || !regions.ok) return;
      const regionCode = settings.ok ? settings.value.identity?.regionCode : undefined;
      const inRegion = regions.value.filter((r: Region) => regionCode === undefined || r.code === regionCode);
      const departments = inRegion.flatMap((r) => r.departments).sort((a, b) => a.code.localeCompare(b.code));
      setOptions(departments.map((d) => ({ value: d.code, label: `${d.code} — ${d.name}` })));
    });
    return () => {
      current = false;
    };
  }, []);
  return options;
}

export function DossiersPage() {
  const [params, setParams] = useSearchParams();
  const query = queryFromParams(params);
  const filtered =
    query.search !== '' ||
    query.structureTypes.length > 0 ||
    query.statuses.length > 0 ||
    query.departmentCodes.length > 0 ||
    query.eligibility !== 'all';
  const departmentOptions = useDepartmentOptions();
  const { total, failed, rowAt, load, refresh, key } = useDossierPages(query);
  // A dossier imported, created or changed on another machine: the pages shown read again.
  useChanges([{ kind: 'dossier' }], refresh);

  // setParams' updater gets the address of the render it was made in: a search sent by a timer
  // would put back a filter chosen meanwhile. The address is read when the change is made.
  const latestParams = useRef(params);
  useEffect(() => {
    latestParams.current = params;
  }, [params]);
  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(latestParams.current);
    if (value) next.set(name, value);
    else next.delete(name);
    latestParams.current = next;
    setParams(next, { replace: true });
  };

  // The search box answers as the user types, without a request per keystroke.
  const [search, setSearch] = useState(query.search);
  useEffect(() => {
    if (search.trim() === query.search) return;
    const timer = setTimeout(() => setParam('q', search.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, query.search]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const firstPage = Math.floor((items[0]?.index ?? 0) / PAGE_SIZE);
  const lastPage = Math.floor((items.at(-1)?.index ?? 0) / PAGE_SIZE);

  useEffect(() => {
    for (let page = firstPage; page <= lastPage; page++) load(page);
  }, [firstPage, lastPage, load]);

  // A new search or order starts at the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [key]);

  const sortBy = (column: Column) => {
    if (!column.sort) return;
    const { field, direction } = query.sort;
    const next: Direction =
      field === column.sort ? (direction === 'asc' ? 'desc' : 'asc') : (column.firstDirection ?? 'asc');
    setParams(
      (previous) => {
        const updated = new URLSearchParams(previous);
        updated.set('sort', column.sort!);
        updated.set('direction', next);
        return updated;
      },
      { replace: true },
    );
  };

  // Arrow keys move from row to row, as in a spreadsheet; Tab still goes through every link.
  const moveFocus = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const row = (event.target as HTMLElement).closest<HTMLElement>('tr[data-index]');
    if (!row || total === null) return;
    event.preventDefault();
    const index = Number(row.dataset.index) + (event.key === 'ArrowDown' ? 1 : -1);
    if (index < 0 || index >= total) return;
    virtualizer.scrollToIndex(index);
    requestAnimationFrame(() =>
      scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${index}"] a`)?.focus(),
    );
  };

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const clearFilters = () => {
    setSearch('');
    setParams(new URLSearchParams(), { replace: true });
  };

  return (
    <Page title="Dossiers">
      <div className="app-page-actions">
        <p className="fr-text--lead fr-mb-0">
          Les projets des équipes de professionnels de santé, importés de Démarches Simplifiées ou saisis à la main.
        </p>
        <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <Can method="import.run">
          <li>
            <Button iconId="fr-icon-upload-line" linkProps={{ to: '/dossiers/import' }}>
              Importer un export
            </Button>
          </li>
          </Can>
          <Can method="dossiers.create">
          <li>
            <Button priority="secondary" iconId="fr-icon-add-line" linkProps={{ to: '/dossiers/nouveau' }}>
              Saisir un dossier
            </Button>
          </li>
          </Can>
        </ul>
      </div>

      <div role="search" className="fr-grid-row fr-grid-row--gutters fr-mb-2w app-filters">
        <TextField
          className="fr-col-12 fr-col-lg-4"
          id="dossiers-search"
          label="Rechercher"
          hint="Nom, commune, porteur ou n° de dossier"
          type="search"
          autoComplete="off"
          value={search}
          onChange={setSearch}
        />
        <SelectField
          className="fr-col-6 fr-col-lg-2"
          id="dossiers-type"
          label="Type"
          placeholder="Tous les types"
          allowEmpty
          options={structureTypes.map((t) => ({ value: t, label: structureTypeLabels[t] }))}
          value={query.structureTypes[0] ?? ''}
          onChange={(value) => setParam('type', value)}
        />
        <SelectField
          className="fr-col-6 fr-col-lg-2"
          id="dossiers-status"
          label="Statut"
          placeholder="Tous les statuts"
          allowEmpty
          options={dossierStatuses.map((s) => ({ value: s, label: dossierStatusLabels[s] }))}
          value={query.statuses[0] ?? ''}
          onChange={(value) => setParam('status', value)}
        />
        <SelectField
          className="fr-col-6 fr-col-lg-2"
          id="dossiers-department"
          label="Département"
          placeholder="Tous"
          allowEmpty
          options={departmentOptions}
          value={query.departmentCodes[0] ?? ''}
          onChange={(value) => setParam('department', value)}
        />
        <SelectField
          className="fr-col-6 fr-col-lg-2"
          id="dossiers-eligibility"
          label="Éligibilité"
          placeholder="Tous"
          allowEmpty
          options={eligibilityOptions}
          value={query.eligibility === 'all' ? '' : query.eligibility}
          onChange={(value) => setParam('eligibility', value)}
        />
      </div>

      <div className="app-list-summary">
        <p className="fr-mb-0 fr-text--bold" aria-live="polite" id="dossiers-count">
          {total === null
            ? 'Chargement des dossiers…'
            : `${countOf(total, 'dossier')}${filtered ? ' correspondant aux critères' : ''}`}
        </p>
        {filtered && (
          <Button priority="tertiary no outline" size="small" iconId="fr-icon-close-line" onClick={clearFilters}>
            Effacer les filtres
          </Button>
        )}
      </div>

      {failed && (
        <Alert
          className="fr-mb-2w"
          severity="error"
          title="La liste n'a pas pu être chargée"
          description={
            <>
              {failed}{' '}
              <button type="button" className="fr-link" onClick={() => load(firstPage)}>
                Réessayer
              </button>
            </>
          }
        />
      )}

      {total === 0 && !filtered && <EmptyState />}
      {total === 0 && filtered && (
        <div className="app-empty">
          <p className="fr-mb-2w">Aucun dossier ne correspond à ces critères.</p>
          <Button priority="secondary" onClick={clearFilters}>
            Effacer les filtres
          </Button>
        </div>
      )}

      {total !== null && total > 0 && (
        <div ref={scrollRef} className="app-list" tabIndex={-1}>
          <table className="app-grid" aria-rowcount={total + 1} aria-describedby="dossiers-count">
            <caption className="fr-sr-only">Dossiers ; les flèches haut et bas passent d'un dossier à l'autre.</caption>
            <thead>
              <tr aria-rowindex={1}>
                {columns.map((column) => (
                  <SortableHeader
                    key={column.label}
                    column={column}
                    sort={query.sort.field === column.sort ? query.sort.direction : undefined}
                    onSort={() => sortBy(column)}
                  />
                ))}
              </tr>
            </thead>
            <tbody onKeyDown={moveFocus}>
              {paddingTop > 0 && (
                <tr aria-hidden="true">
                  <td colSpan={columns.length} style={{ height: paddingTop }} />
                </tr>
              )}
              {items.map((item) => (
                <DossierRow key={item.key} index={item.index} dossier={rowAt(item.index)} />
              ))}
              {paddingBottom > 0 && (
                <tr aria-hidden="true">
                  <td colSpan={columns.length} style={{ height: paddingBottom }} />
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

function SortableHeader({ column, sort, onSort }: { column: Column; sort: Direction | undefined; onSort: () => void }) {
  const ariaSort = sort === undefined ? undefined : sort === 'asc' ? 'ascending' : 'descending';
  return (
    <th scope="col" className={column.className} aria-sort={ariaSort}>
      {column.sort ? (
        <button type="button" className="app-sort" onClick={onSort}>
          {column.label}
          <span
            aria-hidden="true"
            className={
              sort === 'asc'
                ? 'fr-icon-arrow-up-s-line fr-icon--sm'
                : sort === 'desc'
                  ? 'fr-icon-arrow-down-s-line fr-icon--sm'
                  : 'app-sort-idle fr-icon-arrow-up-down-line fr-icon--sm'
            }
          />
          <span className="fr-sr-only">
            {sort === undefined ? ' (trier)' : sort === 'asc' ? ' (tri croissant)' : ' (tri décroissant)'}
          </span>
        </button>
      ) : (
        column.label
      )}
    </th>
  );
}

function DossierRow({ index, dossier }: { index: number; dossier: DossierSummary | undefined }) {
  if (!dossier) {
    return (
      <tr data-index={index} aria-rowindex={index + 2} style={{ height: ROW_HEIGHT }}>
        <td colSpan={columns.length} className="app-row-loading">
          Chargement…
        </td>
      </tr>
    );
  }
  const sponsor = dossier.sponsorName ? `Porteur : ${dossier.sponsorName}` : '';
  const place = dossier.departmentCode ? `${dossier.communeName} (${dossier.departmentCode})` : dossier.communeName;
  return (
    <tr data-index={index} aria-rowindex={index + 2} className="app-row" style={{ height: ROW_HEIGHT }}>
      <td className="app-cell-number">{dossier.dsNumber ?? '—'}</td>
      <td>
        <Link className="app-row-link" to={`/dossiers/${dossier.id}`} title={dossier.name}>
          {dossier.name}
        </Link>
        <span className="app-clip fr-hint-text fr-mb-0">{sponsor}</span>
      </td>
      <td title={structureTypeLabels[dossier.structureType]}>{dossier.structureType}</td>
      <td title={place}>
        <span className="app-clip">{place || '—'}</span>
      </td>
      <td>
        <StatusBadge status={dossier.status} />
      </td>
      <td>
        {dossier.eligible === null ? (
          <span className="fr-hint-text">Non contrôlé</span>
        ) : (
          <>
            <VerdictBadge blocking={dossier.blocking} warnings={dossier.warnings} />
            <span className="app-clip fr-hint-text fr-mb-0">
              {dossier.blocking > 0 ? pointsText({ blocking: dossier.blocking, warnings: 0 }) : pointsText(dossier)}
            </span>
          </>
        )}
      </td>
      <td className="app-cell-amount">{formatEuros(dossier.grantRequested)}</td>
      <td>{formatShortDay(dossier.updatedAt)}</td>
    </tr>
  );
}

function EmptyState() {
  return (
    <div className="app-empty">
      <h2 className="fr-h4">Aucun dossier pour l'instant</h2>
      <p>Pour commencer, importez les dossiers déposés sur Démarches Simplifiées :</p>
      <ol>
        <li>
          sur Démarches Simplifiées, ouvrez la démarche, puis « Télécharger les dossiers » et choisissez le format
          XLSX : il contient aussi la liste des professionnels de chaque équipe ;
        </li>
        <li>ici, cliquez sur « Importer un export » et choisissez ce fichier ;</li>
        <li>vérifiez l'aperçu, puis confirmez : chaque dossier reçoit son contrôle d'éligibilité.</li>
      </ol>
      <p>Un dossier reçu par courrier ou par courriel se saisit avec « Saisir un dossier ».</p>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <Can method="import.run">
        <li>
          <Button iconId="fr-icon-upload-line" linkProps={{ to: '/dossiers/import' }}>
            Importer un export
          </Button>
        </li>
        </Can>
        <Can method="dossiers.create">
        <li>
          <Button priority="secondary" iconId="fr-icon-add-line" linkProps={{ to: '/dossiers/nouveau' }}>
            Saisir un dossier
          </Button>
        </li>
        </Can>
      </ul>
    </div>
  );
}
