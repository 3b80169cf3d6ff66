import { Link } from 'react-router';
import type { ImportPreview } from '../../../../../shared/contract';
import { DataTable } from '../../../components/DataTable';
import { countOf, formatNumber } from '../../../format';
import { fieldLabel } from '../labels';

type Change = ImportPreview['changes'][number];

/** Beyond this, a list says how many more: a 10,000-line export must not freeze the page. */
const SHOWN = 200;

const actionTitles: Record<Change['action'], string> = {
  create: 'Dossiers créés',
  update: 'Dossiers modifiés',
  unchanged: 'Dossiers inchangés',
};

/** « 6 créés », « 1 modifié », « 0 inchangé ». */
export function countsText({ created, updated, unchanged }: { created: number; updated: number; unchanged: number }) {
  return [
    countOf(created, 'créé', 'créés'),
    countOf(updated, 'modifié', 'modifiés'),
    countOf(unchanged, 'inchangé', 'inchangés'),
  ];
}

export function Counts(counts: { created: number; updated: number; unchanged: number }) {
  return (
    <ul className="app-counts">
      {countsText(counts).map((text) => {
        const [number, ...words] = text.split(' ');
        return (
          <li key={text}>
            <span className="app-count">{number}</span> {words.join(' ')}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The dossiers of one action, with the fields an update changes. Once imported, each name
 * leads to its dossier.
 */
export function ChangeList({
  changes,
  action,
  linked,
}: {
  changes: Change[];
  action: Change['action'];
  linked: boolean;
}) {
  const list = changes.filter((c) => c.action === action);
  if (list.length === 0) return null;
  const headers = ['Ligne', 'N° DS', 'Dossier', ...(action === 'update' ? ['Champs modifiés'] : [])];
  return (
    <div className="fr-mb-4w">
      <h4 className="fr-h6 fr-mb-1w">
        {actionTitles[action]} ({formatNumber(list.length)})
      </h4>
      <DataTable
        caption={actionTitles[action]}
        hideCaption
        headers={headers}
        rows={list.slice(0, SHOWN).map((change) => ({
          key: change.line,
          cells: [
            change.line,
            change.dsNumber ?? '—',
            linked && change.dsNumber !== null ? (
              <Link to={`/dossiers/numero/${change.dsNumber}`}>{change.name}</Link>
            ) : (
              change.name
            ),
            ...(action === 'update' ? [change.fields.map(fieldLabel).join(', ')] : []),
          ],
        }))}
      />
      {list.length > SHOWN && (
        <p className="fr-hint-text">… et {countOf(list.length - SHOWN, 'autre dossier', 'autres dossiers')}.</p>
      )}
    </div>
  );
}
