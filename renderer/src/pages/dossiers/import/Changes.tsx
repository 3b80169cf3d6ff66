import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Link } from 'react-router';
import type { ImportPreview } from '../../../../../shared/contract';
import { dossierStatusLabels } from '../../../../../shared/dossier';
import { DataTable } from '../../../components/DataTable';
import { countOf, formatInstant, formatNumber } from '../../../format';

type Change = ImportPreview['changes'][number];
type Conflict = Change['conflicts'][number];
type Keep = Conflict['keep'];

/** The user's choice for each field corrected by hand, by `conflictKey`; the preview's default elsewhere. */
export type Choices = Readonly<Record<string, Keep>>;
export const conflictKey = (dsNumber: number | null, field: string) => `${dsNumber}:${field}`;
const keepOf = (choices: Choices, change: Change, conflict: Conflict) =>
  choices[conflictKey(change.dsNumber, conflict.field)] ?? conflict.keep;

/**
 * What the import will do once the user chose for the corrections by hand: a dossier whose only
 * changes were corrections kept becomes an update when one takes the file's value.
 */
export function plannedImport(preview: ImportPreview, choices: Choices) {
  const changes = preview.changes.map((change) => {
    const taken = change.conflicts.some((conflict) => keepOf(choices, change, conflict) === 'file');
    return change.action === 'unchanged' && taken ? { ...change, action: 'update' as const } : change;
  });
  const count = (action: Change['action']) => changes.filter((c) => c.action === action).length;
  return {
    created: count('create'),
    updated: count('update'),
    unchanged: count('unchanged'),
    /** Dossiers with an opinion, a decision or a notification that the import would change. */
    decided: changes.filter((c) => c.decided && c.action === 'update'),
    resolutions: preview.changes.flatMap((change) =>
      change.dsNumber === null
        ? []
        : change.conflicts.map((conflict) => ({ dsNumber: change.dsNumber!, field: conflict.field, keep: keepOf(choices, change, conflict) })),
    ),
  };
}

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

const shown = (value: string | null) => value ?? '(vide)';

/** Each field an update changes, old → new. */
function FieldChanges({ fields }: { fields: Change['fields'] }) {
  return (
    <ul className="fr-my-0">
      {fields.map(({ field, label, before, after }) => (
        <li key={field}>
          {label} : {shown(before)} → {shown(after)}
        </li>
      ))}
    </ul>
  );
}

/** Why a dossier needs a second look: an opinion or a decision, corrections made by hand. */
function Flags({ change }: { change: Change }) {
  return (
    <>
      {change.decided && change.status && (
        <Badge as="span" small severity="warning" className="fr-ml-1w">
          {dossierStatusLabels[change.status]}
        </Badge>
      )}
      {change.conflicts.length > 0 && (
        <Badge as="span" small severity="info" className="fr-ml-1w">
          {countOf(change.conflicts.length, 'correction à la main', 'corrections à la main')}
        </Badge>
      )}
    </>
  );
}

/**
 * The dossiers of one action, with each field an update changes, old → new. Once imported,
 * each name leads to its dossier.
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
            <>
              {linked && change.dsNumber !== null ? (
                <Link to={`/dossiers/numero/${change.dsNumber}`}>{change.name}</Link>
              ) : (
                change.name
              )}
              <Flags change={change} />
            </>,
            ...(action === 'update' ? [<FieldChanges fields={change.fields} />] : []),
          ],
        }))}
      />
      {list.length > SHOWN && (
        <p className="fr-hint-text">… et {countOf(list.length - SHOWN, 'autre dossier', 'autres dossiers')}.</p>
      )}
    </div>
  );
}

/** Where the imported values come from, as the conflicts name it. */
const sources = {
  file: { gives: 'Le fichier donne', value: 'la valeur du fichier', values: 'les valeurs du fichier' },
  ds: { gives: 'Démarches Simplifiées donne', value: 'la valeur de Démarches Simplifiées', values: 'les valeurs de Démarches Simplifiées' },
} as const;

/**
 * Each field corrected by hand that an import would change: the correction is kept unless the
 * user takes the imported value, one by one or all at once.
 */
export function ConflictChoices({
  changes,
  choices,
  onChange,
  source = 'file',
}: {
  changes: Change[];
  choices: Choices;
  onChange: (choices: Choices) => void;
  source?: keyof typeof sources;
}) {
  const from = sources[source];
  const conflicts = changes.flatMap((change) => change.conflicts.map((conflict) => ({ change, conflict })));
  if (conflicts.length === 0) return null;
  const all = (keep: Keep) =>
    onChange(Object.fromEntries(conflicts.map(({ change, conflict }) => [conflictKey(change.dsNumber, conflict.field), keep])));
  return (
    <section className="fr-mb-4w" aria-labelledby="import-conflicts-title">
      <h3 id="import-conflicts-title" className="fr-h6 fr-mb-1w">
        Champs corrigés à la main ({formatNumber(conflicts.length)})
      </h3>
      <p className="fr-hint-text">
        {from.gives} une autre valeur que la correction faite dans l'application. La correction est gardée, sauf si
        vous choisissez {from.value}.
      </p>
      <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
        <li>
          <Button size="small" priority="secondary" onClick={() => all('manual')}>
            Garder toutes les corrections
          </Button>
        </li>
        <li>
          <Button size="small" priority="secondary" onClick={() => all('file')}>
            Prendre toutes {from.values}
          </Button>
        </li>
      </ul>
      {conflicts.map(({ change, conflict }) => {
        const key = conflictKey(change.dsNumber, conflict.field);
        const keep = keepOf(choices, change, conflict);
        const option = (value: Keep, label: string, hintText?: string) => ({
          label,
          hintText,
          nativeInputProps: {
            name: `conflict-${key}`,
            value,
            checked: keep === value,
            onChange: () => onChange({ ...choices, [key]: value }),
          },
        });
        return (
          <RadioButtons
            key={key}
            small
            legend={`Dossier n° ${change.dsNumber} « ${change.name} » — ${conflict.label}`}
            options={[
              option(
                'manual',
                `Garder la correction : ${shown(conflict.manual)}`,
                `Corrigé par ${conflict.editedBy} le ${formatInstant(conflict.editedAt)}`,
              ),
              option('file', `Prendre ${from.value} : ${shown(conflict.file)}`),
            ]}
          />
        );
      })}
    </section>
  );
}
