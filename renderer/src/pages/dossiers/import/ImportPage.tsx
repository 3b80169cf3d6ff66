import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Stepper } from '@codegouvfr/react-dsfr/Stepper';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ImportPreview, Output } from '../../../../../shared/contract';
import { defaultMapping } from '../../../../../shared/import-mapping';
import type { AppErrorData } from '../../../../../shared/result';
import { call } from '../../../api';
import { FileField, SelectField } from '../../../components/fields';
import { Page } from '../../../components/Page';
import { readChosenFile, type ChosenFile } from '../../../files';
import { countOf, formatFileSize } from '../../../format';
import { ChangeList, ConflictChoices, Counts, countsText, plannedImport, type Choices } from './Changes';
import { DsSyncSection } from './DsSyncSection';
import { PreviewStep, problemsTitle } from './PreviewStep';

type Mappings = Output<'import.mappings.list'>;
type Step = 1 | 2 | 3 | 4;

const stepTitles = ['Choisir le fichier', "Vérifier l'aperçu", "Confirmer l'import", 'Résumé'];
const FILE_ID = 'import-file';

/** A refusal as the user reads it: the message, then each problem the handler listed. */
function Refusal({ title, error }: { title: string; error: AppErrorData }) {
  return (
    <Alert
      className="fr-mb-4w"
      severity="error"
      title={title}
      description={
        <>
          {error.message}
          {error.details && error.details.length > 0 && (
            <ul>
              {error.details.map((detail, i) => (
                <li key={i}>{detail.message}</li>
              ))}
            </ul>
          )}
        </>
      }
    />
  );
}

/**
 * The import of a Démarches Simplifiées export in four steps: nothing is written before the
 * user has seen what the file holds and confirmed it.
 */
export function ImportPage() {
  const [step, setStep] = useState<Step>(1);
  const [mappings, setMappings] = useState<Mappings>([{ builtin: true, mapping: defaultMapping, version: 0 }]);
  const [mappingName, setMappingName] = useState(defaultMapping.name);
  const [chosen, setChosen] = useState<File | null>(null);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [fileMissing, setFileMissing] = useState(false);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  // A new preview starts the step afresh (the mapping edits it held are saved in it).
  const [previewKey, setPreviewKey] = useState(0);
  const [result, setResult] = useState<Output<'import.run'> | null>(null);
  const [refusal, setRefusal] = useState<AppErrorData | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  // Step 3: the user's choice for each correction made by hand, and the confirmation for decided dossiers.
  const [choices, setChoices] = useState<Choices>({});
  const [confirmDecided, setConfirmDecided] = useState(false);
  const [busy, setBusy] = useState(false);
  const [analysis, setAnalysis] = useState<AnalysisStage | null>(null);
  const stepperRef = useRef<HTMLDivElement>(null);

  const loadMappings = async () => {
    const list = await call('import.mappings.list', {});
    if (list.ok) setMappings(list.value);
    return list.ok ? list.value : [];
  };
  useEffect(() => {
    void loadMappings();
  }, []);

  // Each step is announced, and read from its top.
  const goTo = (next: Step) => {
    setStep(next);
    setRefusal(null);
    requestAnimationFrame(() => stepperRef.current?.focus());
  };

  const analyse = async (upload: ChosenFile, name: string) => {
    setBusy(true);
    setAnalysis({ stage: 'analysing', fileName: upload.upload.fileName, size: upload.size, since: Date.now() });
    const answer = await call('import.preview', { ...upload.upload, mappingName: name });
    setBusy(false);
    setAnalysis(null);
    if (!answer.ok) {
      setRefusal(answer.error);
      return;
    }
    setFile(upload);
    setPreview(answer.value);
    setPreviewKey((k) => k + 1);
    setChoices({});
    setConfirmDecided(false);
    goTo(2);
  };

  const submitFile = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) {
      setFileMissing(true);
      return;
    }
    setBusy(true);
    setRefusal(null);
    setAnalysis({ stage: 'reading', fileName: chosen.name, size: chosen.size, fraction: 0 });
    const read = await readChosenFile(chosen, (fraction) =>
      setAnalysis({ stage: 'reading', fileName: chosen.name, size: chosen.size, fraction }),
    );
    if (!read.ok) {
      setBusy(false);
      setAnalysis(null);
      setRefusal(read.error);
      return;
    }
    await analyse(read.value, mappingName);
  };

  /** After a save, or « Recharger »: the mapping as saved now, or the one provided if it was deleted elsewhere. */
  const mappingSaved = async (name: string) => {
    const list = await loadMappings();
    const current = list.some((m) => m.mapping.name === name) ? name : defaultMapping.name;
    setMappingName(current);
    if (file) await analyse(file, current);
  };

  const deleteMapping = async () => {
    const answer = await call('import.mappings.delete', { name: mappingName });
    setConfirmDelete(false);
    if (!answer.ok) {
      setRefusal(answer.error);
      return;
    }
    setMappingName(defaultMapping.name);
    await loadMappings();
  };

  const run = async () => {
    if (!file || !plan) return;
    setBusy(true);
    const answer = await call('import.run', { ...file.upload, mappingName, resolutions: plan.resolutions, confirmDecided });
    setBusy(false);
    if (!answer.ok) {
      setRefusal(answer.error);
      return;
    }
    setResult(answer.value);
    goTo(4);
  };

  const restart = () => {
    setChosen(null);
    setFile(null);
    setPreview(null);
    setResult(null);
    goTo(1);
  };

  const selected = mappings.find((m) => m.mapping.name === mappingName);
  const plan = preview && plannedImport(preview, choices);
  const canImport = preview !== null && plan !== null && preview.problems.length === 0 && plan.created + plan.updated > 0;
  const awaitsConfirmation = plan !== null && plan.decided.length > 0 && !confirmDecided;

  return (
    <>
      <Breadcrumb
        className="fr-mt-0 fr-mb-2w"
        segments={[{ label: 'Dossiers', linkProps: { to: '/dossiers' } }]}
        currentPageLabel="Importer un export"
        homeLinkProps={{ to: '/' }}
      />
      <Page title="Importer un export Démarches Simplifiées">
        <div ref={stepperRef} tabIndex={-1} className="app-outcome">
          <Stepper currentStep={step} stepCount={4} title={stepTitles[step - 1]} nextTitle={stepTitles[step]} />
        </div>

        {step === 1 && (
          <form noValidate onSubmit={submitFile} className="app-narrow">
            {refusal && <Refusal title="Le fichier n'a pas pu être lu" error={refusal} />}
            <FileField
              id={FILE_ID}
              className="fr-mb-4w"
              label="Fichier exporté de Démarches Simplifiées"
              hint="XLSX ou ODS (avec la liste des professionnels), CSV (dossiers seuls) ou JSON de l'API ; 50 Mo au plus. Un fichier réenregistré par Excel convient aussi."
              accept=".xlsx,.ods,.csv,.json,.txt"
              error={fileMissing ? 'Choisissez le fichier à importer.' : undefined}
              onChange={(picked) => {
                setChosen(picked);
                setFileMissing(false);
              }}
            />
            <SelectField
              id="import-mapping"
              className="fr-mb-2w"
              label="Correspondance des colonnes"
              hint="Comment les colonnes du fichier sont lues. Celle du formulaire standard convient aux exports de la démarche ESP/MSP ; une autre démarche a la sienne, que l'aperçu permet de créer."
              placeholder="Choisir une correspondance"
              options={mappings.map(({ builtin, mapping }) => ({
                value: mapping.name,
                label: builtin ? `${mapping.name} (fournie avec l'application)` : mapping.name,
              }))}
              value={mappingName}
              onChange={(name) => {
                setMappingName(name);
                setConfirmDelete(false);
              }}
            />
            {selected && !selected.builtin && (
              <div className="fr-mb-4w">
                {confirmDelete ? (
                  <div className="app-confirm" role="group" aria-label="Confirmer la suppression">
                    <span>Supprimer la correspondance « {mappingName} » ?</span>
                    <Button size="small" onClick={() => void deleteMapping()}>
                      Oui, supprimer
                    </Button>
                    <Button size="small" priority="secondary" onClick={() => setConfirmDelete(false)}>
                      Annuler
                    </Button>
                  </div>
                ) : (
                  <Button
                    size="small"
                    priority="tertiary"
                    iconId="fr-icon-delete-line"
                    onClick={() => setConfirmDelete(true)}
                  >
                    Supprimer cette correspondance
                  </Button>
                )}
              </div>
            )}
            <Button className="fr-mt-2w" type="submit" iconId="fr-icon-search-line" disabled={busy}>
              {busy ? 'Analyse du fichier…' : 'Analyser le fichier'}
            </Button>
            {analysis && <AnalysisProgress analysis={analysis} />}
            <p className="fr-hint-text fr-mt-2w">
              L'analyse ne modifie rien : les dossiers ne sont importés qu'à l'étape 3.
            </p>
          </form>
        )}
        {step === 1 && <DsSyncSection />}

        {step === 2 && preview && file && selected && (
          <PreviewStep
            key={previewKey}
            file={file}
            preview={preview}
            mapping={selected.mapping}
            builtin={selected.builtin}
            savedVersions={new Map(mappings.filter((m) => !m.builtin).map((m) => [m.mapping.name, m.version]))}
            onMappingSaved={mappingSaved}
            onBack={restart}
            onNext={() => goTo(3)}
          />
        )}

        {step === 3 && preview && plan && (
          <div className="app-narrow">
            {refusal && <Refusal title="Rien n'a été importé" error={refusal} />}
            <p>
              Fichier « {file?.upload.fileName} » :{' '}
              {countOf(preview.dossierCount, 'dossier lisible', 'dossiers lisibles')}.
            </p>
            <Counts {...plan} />
            {preview.problems.length === 0 && <ConflictChoices changes={preview.changes} choices={choices} onChange={setChoices} />}
            {preview.problems.length === 0 && plan.decided.length > 0 && (
              <div className="fr-mb-4w">
                <Alert
                  className="fr-mb-2w"
                  severity="warning"
                  title={`${countOf(plan.decided.length, 'dossier a', 'dossiers ont')} déjà un avis, une décision ou une notification`}
                  description={
                    <>
                      L'import changerait {plan.decided.length > 1 ? 'leurs' : 'ses'} données ; vérifiez ces changements
                      avant de les confirmer.
                      <ChangeList changes={plan.decided} action="update" linked={false} />
                    </>
                  }
                />
                <Checkbox
                  id="import-confirm-decided"
                  options={[
                    {
                      label: `Je confirme la modification de ${plan.decided.length > 1 ? 'ces dossiers' : 'ce dossier'}`,
                      nativeInputProps: {
                        checked: confirmDecided,
                        onChange: (event) => setConfirmDecided(event.target.checked),
                      },
                    },
                  ]}
                />
              </div>
            )}
            {preview.problems.length > 0 ? (
              <Alert
                className="fr-mb-4w"
                severity="error"
                title={problemsTitle(preview.problems.length)}
                description="Revenez à l'aperçu pour les voir, corrigez le fichier, puis importez-le de nouveau."
              />
            ) : canImport ? (
              <p id="import-explanation">
                L'import se fait d'un seul tenant : si un problème survient, rien n'est enregistré. Chaque dossier
                importé reçoit son contrôle d'éligibilité, et l'historique de chaque dossier garde la trace de l'import.
              </p>
            ) : (
              <Alert
                className="fr-mb-4w"
                severity="info"
                title="Rien à importer"
                description={`Ce fichier n'apporte aucun changement : ${countOf(
                  plan.unchanged,
                  'dossier est déjà à jour',
                  'dossiers sont déjà à jour',
                )}.`}
              />
            )}
            <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
              <li>
                <Button priority="secondary" iconId="fr-icon-arrow-left-line" onClick={() => goTo(2)}>
                  Revenir à l'aperçu
                </Button>
              </li>
              <li>
                <Button iconId="fr-icon-check-line" disabled={!canImport || awaitsConfirmation || busy} onClick={() => void run()}>
                  {busy ? 'Import en cours…' : 'Importer les dossiers'}
                </Button>
              </li>
            </ul>
          </div>
        )}

        {step === 4 && result && (
          <>
            <Alert
              className="fr-mb-4w"
              severity="success"
              title="Import terminé"
              description={`${countsText(result).join(', ')}. Le contrôle d'éligibilité de ces dossiers est à jour.`}
            />
            <ChangeList changes={result.changes} action="create" linked />
            <ChangeList changes={result.changes} action="update" linked />
            <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
              <li>
                <Button iconId="fr-icon-list-unordered" linkProps={{ to: '/dossiers' }}>
                  Voir la liste des dossiers
                </Button>
              </li>
              <li>
                <Button priority="secondary" iconId="fr-icon-upload-line" onClick={restart}>
                  Importer un autre fichier
                </Button>
              </li>
            </ul>
          </>
        )}
      </Page>
    </>
  );
}

type AnalysisStage =
  | { stage: 'reading'; fileName: string; size: number; fraction: number }
  | { stage: 'analysing'; fileName: string; size: number; since: number };

/**
 * Where the first analysis of a file is: its reading, measured, then the application's analysis,
 * whose length depends on the file (seconds for a few hundred dossiers): the time spent is shown
 * so that a long analysis never looks stuck.
 */
function AnalysisProgress({ analysis }: { analysis: AnalysisStage }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const size = formatFileSize(analysis.size);
  return (
    <div className="fr-mt-2w app-analysis" role="status">
      {analysis.stage === 'reading' ? (
        <>
          <p className="fr-mb-1v">
            Étape 1 sur 2 : lecture de « {analysis.fileName} » ({size}) — {Math.round(analysis.fraction * 100)} %
          </p>
          <progress max={1} value={analysis.fraction} aria-label="Lecture du fichier" />
        </>
      ) : (
        <>
          <p className="fr-mb-1v">
            Étape 2 sur 2 : analyse de « {analysis.fileName} » ({size}) par l'application : colonnes, dossiers et
            changements — {countOf(Math.max(0, Math.floor((now - analysis.since) / 1000)), 'seconde écoulée', 'secondes écoulées')}.
          </p>
          <progress aria-label="Analyse du fichier" />
        </>
      )}
    </div>
  );
}
