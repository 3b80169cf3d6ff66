import { Accordion } from '@codegouvfr/react-dsfr/Accordion';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import type { ImportPreview } from '../../../../../shared/contract';
import { type ImportMapping } from '../../../../../shared/import-mapping';
import { call } from '../../../api';
import { DataTable } from '../../../components/DataTable';
import { TextField } from '../../../components/fields';
import { StaleVersionAlert, staleVersionMessage } from '../../../components/StaleVersion';
import { countOf, formatFileSize, listOf } from '../../../format';
import type { ChosenFile } from '../../../files';
import { fieldLabel } from '../labels';
import { ChangeList, Counts } from './Changes';
import { assignColumn, columnsUnder, fieldOf, specsOf, tableOf, type PreviewColumn } from './mapping';

const formatNames: Record<ImportPreview['format'], string> = {
  csv: 'CSV',
  xlsx: 'Classeur Excel (XLSX)',
  ods: 'Classeur OpenDocument (ODS)',
  'graphql-json': "JSON de l'API Démarches Simplifiées",
};

const encodingNames: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 avec BOM',
  'windows-1252': 'Windows-1252 (Excel français)',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
};

const separatorNames: Record<string, string> = {
  ',': 'virgule',
  ';': 'point-virgule',
  '\t': 'tabulation',
  '|': 'barre verticale',
};

function formatText({ format, encoding, separator }: ImportPreview): string {
  if (format !== 'csv') return formatNames[format];
  const parts = [
    encoding && `encodage ${encodingNames[encoding] ?? encoding}`,
    separator && `séparateur « ${separator === '\t' ? '⇥' : separator} » (${separatorNames[separator] ?? 'autre'})`,
  ].filter(Boolean);
  return `CSV${parts.length ? ` — ${parts.join(', ')}` : ''}`;
}

/**
 * Problem messages start with where they are ("Feuille « X », ligne 4, colonne « Y » (Z) : ",
 * "Feuille « X » : "), which the table already shows in its own columns.
 */
const locationPrefix = /^(?:(?:Feuille « [^»]+ », )?[Ll]igne \d+(?:, colonne « [^»]+ »(?: \([^)]*\))?)?|Feuille « [^»]+ ») : /;
function problemText(message: string): string {
  const text = message.replace(locationPrefix, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function problemsTitle(count: number): string {
  const until = count > 1 ? "qu'ils ne sont pas corrigés" : "qu'il n'est pas corrigé";
  return `Le fichier a ${countOf(count, 'problème', 'problèmes')} : rien ne sera importé tant ${until}.`;
}

/**
 * Step 2: what the file holds, what is wrong with it, what the import would do, and how its
 * columns are read — which the user may change, save under a name, and preview again.
 */
export function PreviewStep({
  file,
  preview,
  mapping,
  builtin,
  onMappingSaved,
  savedVersions,
  onBack,
  onNext,
}: {
  file: ChosenFile;
  preview: ImportPreview;
  mapping: ImportMapping;
  builtin: boolean;
  /** Lists the mappings again and previews the file with the one named; also « Recharger » after a stale save. */
  onMappingSaved: (name: string) => Promise<void>;
  /** The version of each saved mapping, by name, as listed: saved elsewhere since, a save under that name is refused. */
  savedVersions: ReadonlyMap<string, number>;
  onBack: () => void;
  onNext: () => void;
}) {
  const [draft, setDraft] = useState(mapping);
  const [edits, setEdits] = useState<ReadonlyMap<number, string | null>>(new Map());
  const [name, setName] = useState(builtin ? '' : mapping.name);
  const [saveError, setSaveError] = useState<{ name?: string; other?: string[] }>({});
  const [saving, setSaving] = useState(false);
  const [stale, setStale] = useState<string | null>(null);
  // Open when something is wrong: a missing or misread column is often why.
  const [columnsShown, setColumnsShown] = useState(preview.problems.length > 0);

  const columns = columnsUnder(edits, preview.columns);
  const ignored = columns.filter((c) => c.field === null).length;
  const hasSheets = preview.columns.some((c) => c.sheet !== null);
  const read = preview.sheets.filter((sheet) => !preview.ignoredSheets.includes(sheet));

  const assign = (index: number, field: string | null) => {
    const column = preview.columns[index]!;
    const table = tableOf(column, preview.columns);
    const next = new Map(edits);
    // The column that fed this field lets it go, as the mapping will.
    if (field !== null && specsOf(table)[field]?.kind !== 'list') {
      columns.forEach((c, i) => {
        if (i !== index && fieldOf(c) === field && tableOf(c, preview.columns) === table) next.set(i, null);
      });
    }
    next.set(index, field);
    setEdits(next);
    setDraft(assignColumn(draft, table, column.header, field, columns));
  };

  const cancelEdits = () => {
    setEdits(new Map());
    setDraft(mapping);
    setSaveError({});
    setStale(null);
  };

  const save = async () => {
    setSaving(true);
    const result = await call('import.mappings.save', { mapping: { ...draft, name }, expectedVersion: savedVersions.get(name) ?? 0 });
    if (result.ok) {
      await onMappingSaved(result.value.name);
      return;
    }
    setSaving(false);
    const staleMessage = staleVersionMessage(result.error);
    setStale(staleMessage);
    if (staleMessage) {
      setSaveError({});
      return;
    }
    const details = result.error.details ?? [];
    const nameError = details.find((d) => d.field === 'mapping.name')?.message;
    const others = details.filter((d) => d.field !== 'mapping.name').map((d) => d.message);
    setSaveError({
      name: nameError ?? (details.length ? undefined : result.error.message),
      other: others.length ? others : undefined,
    });
  };

  return (
    <>
      <section className="fr-mb-6w" aria-labelledby="file-title">
        <h3 id="file-title" className="fr-h4">
          Le fichier
        </h3>
        <dl className="app-facts app-facts--inline app-facts--wide">
          <div className="app-fact">
            <dt>Fichier</dt>
            <dd>
              {file.upload.fileName} ({formatFileSize(file.size)})
            </dd>
          </div>
          <div className="app-fact">
            <dt>Format</dt>
            <dd>{formatText(preview)}</dd>
          </div>
          {preview.sheets.length > 0 && (
            <div className="app-fact">
              <dt>Feuilles lues</dt>
              <dd>{listOf(read.map((s) => `« ${s} »`)) || 'aucune'}</dd>
            </div>
          )}
          {preview.ignoredSheets.length > 0 && (
            <div className="app-fact">
              <dt>Feuilles ignorées</dt>
              <dd>{listOf(preview.ignoredSheets.map((s) => `« ${s} »`))}</dd>
            </div>
          )}
          <div className="app-fact">
            <dt>Contenu lisible</dt>
            <dd>
              {countOf(preview.dossierCount, 'dossier')}, {countOf(preview.professionalCount, 'professionnel')}
            </dd>
          </div>
          <div className="app-fact">
            <dt>Correspondance des colonnes</dt>
            <dd>{preview.mappingName}</dd>
          </div>
        </dl>
      </section>

      <section className="fr-mb-6w" aria-labelledby="problems-title">
        <h3 id="problems-title" className="fr-h4">
          Problèmes
        </h3>
        {preview.problems.length === 0 ? (
          <Alert small severity="success" description="Aucun problème : le fichier peut être importé." />
        ) : (
          <>
            <Alert
              className="fr-mb-3w"
              severity="error"
              title={problemsTitle(preview.problems.length)}
              description="Corrigez le fichier puis choisissez-le de nouveau, ou, si une colonne est mal lue, ajustez la correspondance des colonnes plus bas."
            />
            <RemarkTable caption="Problèmes du fichier" kind="Problème" remarks={preview.problems} sheets={hasSheets} />
          </>
        )}
      </section>

      {preview.warnings.length > 0 && (
        <section className="fr-mb-6w" aria-labelledby="warnings-title">
          <h3 id="warnings-title" className="fr-h4">
            Points à vérifier
          </h3>
          <Alert
            className="fr-mb-3w"
            severity="warning"
            title={`${countOf(preview.warnings.length, 'point', 'points')} à vérifier`}
            description="Ils n'empêchent pas l'import : vérifiez-les dans le fichier, ou sur les dossiers une fois importés."
          />
          <RemarkTable caption="Points à vérifier" kind="À vérifier" remarks={preview.warnings} sheets={hasSheets} />
        </section>
      )}

      <section className="fr-mb-6w" aria-labelledby="outcome-title">
        <h3 id="outcome-title" className="fr-h4">
          Ce que l'import va faire
        </h3>
        <Counts {...preview} />
        {preview.problems.length > 0 && (
          <p className="fr-hint-text">Les dossiers qui ont un problème ne sont pas comptés.</p>
        )}
        <ChangeList changes={preview.changes} action="update" linked={false} />
        <ChangeList changes={preview.changes} action="create" linked={false} />
        <ChangeList changes={preview.changes} action="unchanged" linked={false} />
      </section>

      <Accordion
        className="fr-mb-6w"
        titleAs="h3"
        label={`Correspondance des colonnes : ${countOf(columns.length - ignored, 'colonne lue', 'colonnes lues')}, ${countOf(
          ignored,
          'ignorée',
          'ignorées',
        )}`}
        expanded={columnsShown || edits.size > 0}
        onExpandedChange={setColumnsShown}
      >
        <p>
          Chaque colonne du fichier alimente un champ du dossier ; une colonne ignorée n'est pas lue. Si une colonne
          alimente le mauvais champ, ou aucun, choisissez le bon champ dans la liste, puis enregistrez la
          correspondance : l'aperçu est alors refait avec elle.
        </p>
        <DataTable
          caption="Correspondance des colonnes"
          hideCaption
          className="app-mapping"
          headers={['Colonne du fichier', ...(hasSheets ? ['Feuille'] : []), 'Champ alimenté']}
          rows={columns.map((column, index) => ({
            key: index,
            cells: [
              <>
                {column.header}
                {edits.has(index) && (
                  <>
                    {' '}
                    <Badge as="span" small severity="new" noIcon>
                      Modifiée
                    </Badge>
                  </>
                )}
              </>,
              ...(hasSheets ? [column.sheet ?? ''] : []),
              <ColumnSelect
                column={column}
                index={index}
                all={preview.columns}
                onChange={(field) => assign(index, field)}
              />,
            ],
          }))}
        />
        {edits.size > 0 && (
          <div className="app-callout fr-mt-3w" role="region" aria-label="Enregistrer la correspondance">
            <p className="fr-text--bold">
              {countOf(edits.size, 'colonne modifiée', 'colonnes modifiées')} : enregistrez la correspondance pour
              refaire l'aperçu.
            </p>
            {stale && (
              <StaleVersionAlert
                message={stale}
                onReload={() => {
                  // The edits given up for the mapping as saved now.
                  setStale(null);
                  void onMappingSaved(name);
                }}
              />
            )}
            {saveError.other && (
              <Alert
                small
                className="fr-mb-2w"
                severity="error"
                description={
                  <ul>
                    {saveError.other.map((message, i) => (
                      <li key={i}>{message}</li>
                    ))}
                  </ul>
                }
              />
            )}
            <TextField
              id="mapping-name"
              className="fr-mb-2w"
              label="Nom de la correspondance"
              hint="Elle sera proposée aux prochains imports, ex. : « Aide au démarrage ESP 2026 ». Un nom déjà enregistré est remplacé."
              value={name}
              error={saveError.name}
              onChange={setName}
              required
            />
            <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
              <li>
                <Button iconId="fr-icon-refresh-line" disabled={saving} onClick={() => void save()}>
                  {saving ? 'Enregistrement…' : "Enregistrer et refaire l'aperçu"}
                </Button>
              </li>
              <li>
                <Button priority="secondary" onClick={cancelEdits}>
                  Annuler les modifications
                </Button>
              </li>
            </ul>
          </div>
        )}
      </Accordion>

      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <Button priority="secondary" iconId="fr-icon-arrow-left-line" onClick={onBack}>
            Choisir un autre fichier
          </Button>
        </li>
        <li>
          <Button
            iconId="fr-icon-arrow-right-line"
            iconPosition="right"
            disabled={edits.size > 0}
            nativeButtonProps={edits.size > 0 ? { 'aria-describedby': 'continue-hint' } : {}}
            onClick={onNext}
          >
            Continuer
          </Button>
        </li>
      </ul>
      {edits.size > 0 && (
        <p id="continue-hint" className="fr-hint-text">
          Enregistrez ou annulez les modifications de la correspondance pour continuer.
        </p>
      )}
    </>
  );
}

/** Problems or warnings, one row each: where, which column and field, and what. */
function RemarkTable({
  caption,
  kind,
  remarks,
  sheets,
}: {
  caption: string;
  kind: string;
  remarks: ImportPreview['problems'];
  sheets: boolean;
}) {
  return (
    <DataTable
      caption={caption}
      hideCaption
      headers={['Ligne', ...(sheets ? ['Feuille'] : []), 'Colonne', 'Champ', kind]}
      rows={remarks.map((remark, i) => ({
        key: i,
        cells: [
          remark.line,
          ...(sheets ? [remark.sheet ?? ''] : []),
          remark.column ?? '—',
          remark.field ? fieldLabel(remark.field) : '—',
          problemText(remark.message),
        ],
      }))}
    />
  );
}

function ColumnSelect({
  column,
  index,
  all,
  onChange,
}: {
  column: PreviewColumn;
  index: number;
  all: readonly PreviewColumn[];
  onChange: (field: string | null) => void;
}) {
  const specs = specsOf(tableOf(column, all));
  return (
    <select
      id={`column-${index}`}
      className="fr-select"
      aria-label={`Champ alimenté par la colonne « ${column.header} »`}
      value={fieldOf(column) ?? ''}
      onChange={(event) => onChange(event.target.value || null)}
    >
      <option value="">Colonne ignorée</option>
      {Object.entries(specs).map(([key, spec]) => (
        <option key={key} value={key}>
          {spec.label}
        </option>
      ))}
    </select>
  );
}
