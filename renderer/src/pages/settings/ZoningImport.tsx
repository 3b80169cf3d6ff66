import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState, type FormEvent } from 'react';
import type { Output } from '../../../../shared/contract';
import { call } from '../../api';
import { useConfirm } from '../../components/ConfirmModal';
import { FileField } from '../../components/fields';
import { readChosenFile } from '../../files';
import { countOf, formatInstant } from '../../format';

type Outcome =
  | { kind: 'imported'; fileName: string; counts: Output<'zoning.import'> }
  | { kind: 'refused'; message: string; problems: string[] };

const FILE_ID = 'zoning-file';

function zoningSummary(fileName: string, { imported, ZIP, ZAC, none }: Output<'zoning.import'>): string {
  return `« ${fileName} » : ${countOf(imported, 'commune')}, dont ${ZIP} en ZIP, ${ZAC} en ZAC et ${none} hors zonage.`;
}

/** The table in use, from the audit log of its last import: which file, how many communes, when and by whom. */
interface Loaded {
  fileName: string;
  communes: number;
  at: string;
  actor: string;
}

async function loadedTable(): Promise<Loaded | null> {
  const result = await call('audit.list', { entityType: 'zoning', entityId: 'table', limit: 1 });
  const entry = result.ok ? result.value[0] : undefined;
  const after = entry?.after as { fileName?: string; communes?: number } | undefined;
  if (!entry || after?.fileName === undefined) return null;
  return { fileName: after.fileName, communes: after.communes ?? 0, at: entry.at, actor: entry.actor };
}

/** Replaces the reference zoning (ZIP, ZAC, APL per commune) with the table the ARS publishes. */
export function ZoningImport() {
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  // A new key empties the file input once its file is imported.
  const [inputKey, setInputKey] = useState(0);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const confirm = useConfirm();
  useEffect(() => {
    void loadedTable().then(setLoaded);
  }, [outcome]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setMissing(true);
      return;
    }
    const replace =
      !loaded ||
      (await confirm({
        title: 'Remplacer le tableau de zonage ?',
        body: `Le tableau en vigueur, « ${loaded.fileName} » (${countOf(loaded.communes, 'commune')}, importé le ${formatInstant(loaded.at)}), sera remplacé par « ${file.name} ». Les dossiers qui n'indiquent pas leur zonage prendront celui du nouveau tableau.`,
        confirmLabel: 'Remplacer le tableau',
      }));
    if (!replace) return;
    setBusy(true);
    const read = await readChosenFile(file);
    const result = read.ok ? await call('zoning.import', read.value.upload) : read;
    setBusy(false);
    if (result.ok) {
      setOutcome({ kind: 'imported', fileName: file.name, counts: result.value });
      setFile(null);
      setInputKey((k) => k + 1);
    } else {
      const { message, details = [] } = result.error;
      setOutcome({ kind: 'refused', message, problems: details.map((d) => d.message) });
    }
  };

  return (
    <section className="app-section" aria-labelledby="zoning-title">
      <h2 id="zoning-title" className="fr-h5 fr-mb-1v">
        Zonage médecins
      </h2>
      <p className="fr-hint-text fr-mb-3w">
        Le tableau publié par l'ARS : code INSEE de la commune, nom, zonage (ZIP, ZAC ou hors zonage) et APL des
        médecins généralistes. Il remplace le tableau précédent ; les dossiers qui n'indiquent pas leur zonage
        affichent celui de leur commune.
      </p>
      <p className="fr-mb-3w" id="zoning-loaded">
        {loaded
          ? `Tableau en vigueur : « ${loaded.fileName} », ${countOf(loaded.communes, 'commune')}, importé le ${formatInstant(loaded.at)} par ${loaded.actor}.`
          : "Aucun tableau de zonage n'est importé."}
      </p>
      <div aria-live="polite">
        {outcome?.kind === 'imported' && (
          <Alert
            className="fr-mb-3w"
            severity="success"
            title="Zonage importé"
            description={zoningSummary(outcome.fileName, outcome.counts)}
          />
        )}
        {outcome?.kind === 'refused' && (
          <Alert
            className="fr-mb-3w"
            severity="error"
            title="Le tableau de zonage n'a pas été importé"
            description={
              <>
                {outcome.message}
                {outcome.problems.length > 0 && (
                  <ul>
                    {outcome.problems.map((problem, i) => (
                      <li key={i}>{problem}</li>
                    ))}
                  </ul>
                )}
              </>
            }
          />
        )}
      </div>
      <form noValidate onSubmit={submit}>
        <FileField
          key={inputKey}
          id={FILE_ID}
          className="fr-mb-3w"
          label="Tableau de zonage"
          hint="Fichier CSV, XLSX ou ODS, une ligne par commune."
          accept=".csv,.xlsx,.ods,.txt"
          error={missing ? 'Choisissez le fichier du tableau de zonage.' : undefined}
          onChange={(chosen) => {
            setFile(chosen);
            setMissing(false);
          }}
        />
        <Button type="submit" priority="secondary" iconId="fr-icon-upload-line" disabled={busy}>
          {busy ? 'Import en cours…' : 'Importer le tableau de zonage'}
        </Button>
      </form>
    </section>
  );
}
