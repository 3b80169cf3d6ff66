import { zodResolver } from '@hookform/resolvers/zod';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { useState, type FormEvent } from 'react';
import { useForm } from 'react-hook-form';
import type { ConfigPreview } from '../../../../../shared/config';
import type { Upload } from '../../../../../shared/upload';
import { z } from '../../../../../shared/validation';
import { call } from '../../../api';
import { DataTable } from '../../../components/DataTable';
import { FileField } from '../../../components/fields';
import { Page } from '../../../components/Page';
import { readChosenFile } from '../../../files';
import { countOf, formatInstant } from '../../../format';
import { saveFile } from '../../documents/download';

const exportSchema = z.object({ personalData: z.boolean() });
type ExportForm = z.infer<typeof exportSchema>;

type Refusal = { message: string; details: { field: string; message: string }[] };

function RefusalAlert({ title, refusal }: { title: string; refusal: Refusal }) {
  return (
    <Alert
      className="fr-mb-3w"
      severity="error"
      title={title}
      description={
        <>
          {refusal.message}
          {refusal.details.length > 0 && (
            <ul>
              {refusal.details.map((d, i) => (
                <li key={i}>
                  <code>{d.field}</code> : {d.message}
                </li>
              ))}
            </ul>
          )}
        </>
      }
    />
  );
}

/** Paramètres › Configuration: the agency's configuration exported as one file, and a file imported after its preview. */
export function ConfigPage() {
  return (
    <Page
      title="Exporter ou importer la configuration"
      lead="Un seul fichier pour transmettre la configuration de l'agence à une autre installation : identité et signataire, départements et contacts, règles de composition et de séance, aide au démarrage, textes des documents, tribunal des recours et grille d'évaluation en vigueur."
    >
      <ConfigExport />
      <hr className="fr-mt-4w fr-pb-4w" />
      <ConfigImport />
    </Page>
  );
}

function ConfigExport() {
  const { register, handleSubmit, formState } = useForm<ExportForm>({
    resolver: zodResolver(exportSchema),
    defaultValues: { personalData: false },
  });
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const submit = handleSubmit(async ({ personalData }) => {
    const result = await call('config.export', { personalData });
    if (!result.ok) return setRefusal({ message: result.error.message, details: result.error.details ?? [] });
    setRefusal(null);
    setExported(result.value.fileName);
    saveFile(result.value, 'json');
  });
  return (
    <form noValidate onSubmit={(event) => void submit(event)} aria-labelledby="config-export-title">
      <h2 id="config-export-title" className="fr-h5">
        Exporter
      </h2>
      {refusal && <RefusalAlert title="La configuration n'a pas été exportée" refusal={refusal} />}
      <div aria-live="polite">{exported && <Alert className="fr-mb-3w" severity="success" small description={`Configuration exportée : « ${exported} ».`} />}</div>
      <Checkbox
        id="config-personalData"
        options={[
          {
            label: 'Inclure les données personnelles',
            hintText:
              "Les noms du directeur général, du signataire et des personnes qui suivent les dossiers, et les membres de la commission. Sans elles, l'installation qui importe le fichier garde les siens.",
            nativeInputProps: register('personalData'),
          },
        ]}
      />
      <Button type="submit" iconId="fr-icon-download-line" disabled={formState.isSubmitting}>
        Exporter la configuration
      </Button>
    </form>
  );
}

const FILE_ID = 'config-file';

function ConfigImport() {
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const [preview, setPreview] = useState<{ upload: Upload; preview: ConfigPreview } | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [imported, setImported] = useState<ConfigPreview | null>(null);
  const [busy, setBusy] = useState(false);

  const refuse = (error: { message: string; details?: Refusal['details'] }) => setRefusal({ message: error.message, details: error.details ?? [] });

  const read = async (event: FormEvent) => {
    event.preventDefault();
    setImported(null);
    if (!file) return setMissing(true);
    setBusy(true);
    const chosen = await readChosenFile(file);
    const result = chosen.ok
      ? await call('config.preview', chosen.value.upload).then((previewed) =>
          previewed.ok ? { ok: true as const, value: { upload: chosen.value.upload, preview: previewed.value } } : previewed,
        )
      : chosen;
    setBusy(false);
    if (!result.ok) {
      setPreview(null);
      return refuse(result.error);
    }
    setRefusal(null);
    setPreview(result.value);
  };

  const apply = async () => {
    if (!preview) return;
    setBusy(true);
    const result = await call('config.import', preview.upload);
    setBusy(false);
    if (!result.ok) return refuse(result.error);
    setPreview(null);
    setImported(result.value);
  };

  const changes = preview?.preview.sections.reduce((n, s) => n + s.differences.length, 0) ?? 0;
  return (
    <section aria-labelledby="config-import-title">
      <h2 id="config-import-title" className="fr-h5">
        Importer
      </h2>
      <div aria-live="polite">
        {refusal && <RefusalAlert title="Le fichier n'est pas importable" refusal={refusal} />}
        {imported && (
          <Alert
            className="fr-mb-3w"
            severity="success"
            title="Configuration importée."
            description={`${countOf(imported.sections.reduce((n, s) => n + s.differences.length, 0), 'différence appliquée', 'différences appliquées')}.`}
          />
        )}
      </div>
      <form noValidate onSubmit={(event) => void read(event)}>
        <FileField
          id={FILE_ID}
          label="Fichier de configuration (.json)"
          hint="Exporté par Commission sur une autre installation. Rien n'est écrit avant la confirmation."
          accept=".json,application/json"
          error={missing && !file ? 'Choisissez le fichier à importer.' : undefined}
          onChange={(chosen) => {
            setFile(chosen);
            setPreview(null);
          }}
        />
        <Button type="submit" priority="secondary" className="fr-mt-2w" disabled={busy}>
          Voir les différences
        </Button>
      </form>
      {preview && (
        <div className="fr-mt-4w">
          <p>
            Fichier exporté le {formatInstant(preview.preview.exportedAt)}, {preview.preview.personalData ? 'avec' : 'sans'} les données personnelles :{' '}
            {countOf(changes, 'différence')}.
          </p>
          {preview.preview.sections.map((section) =>
            section.differences.length ? (
              <DataTable
                key={section.section}
                caption={`${section.label} — ${countOf(section.differences.length, 'différence')}`}
                headers={['Champ', 'Actuellement', 'Dans le fichier']}
                rows={section.differences.map((d) => ({ key: d.path, cells: [d.path, d.before ?? '—', d.after ?? '—'] }))}
              />
            ) : (
              <p key={section.section}>
                {section.label} : inchangé.
              </p>
            ),
          )}
          <Button type="button" iconId="fr-icon-upload-line" disabled={busy || changes === 0} onClick={() => void apply()}>
            Importer la configuration ({countOf(changes, 'différence')})
          </Button>
        </div>
      )}
    </section>
  );
}
