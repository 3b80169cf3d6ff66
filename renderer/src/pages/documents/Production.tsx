import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState } from 'react';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { call } from '../../api';
import { countOf } from '../../format';
import { Refusal } from './Refusal';

type Job = Output<'documents.job'>;

const POLL_MS = 300;

/** The batch running for each session: coming back to its page follows it again. */
const runningJobs = new Map<number, string>();

/** Produces the session's documents in the background, with its progress, a way to stop it and the outcome. */
export function Production({
  sessionId,
  plannedCount,
  produced,
  onFinished,
}: {
  sessionId: number;
  plannedCount: number;
  /** Documents already in the register: producing again makes new versions. */
  produced: boolean;
  onFinished: () => Promise<void>;
}) {
  const [job, setJob] = useState<Job | null>(null);
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const [refusal, setRefusal] = useState<AppErrorData | null>(null);
  const [stopping, setStopping] = useState(false);

  const follow = async (jobId: string) => {
    const result = await call('documents.job', { jobId });
    if (!result.ok) {
      // The app restarted since: the register says what was produced.
      runningJobs.delete(sessionId);
      setJob(null);
      setFailure(result.error);
      return;
    }
    if (result.value.state !== 'running') {
      runningJobs.delete(sessionId);
      setStopping(false);
      // The outcome shows once the register lists what the batch produced.
      await onFinished();
    }
    setJob(result.value);
  };

  useEffect(() => {
    const jobId = runningJobs.get(sessionId);
    if (jobId) void follow(jobId);
    // Only when the page opens: polling takes over from there.
  }, [sessionId]);

  useEffect(() => {
    if (job?.state !== 'running') return;
    const timer = setTimeout(() => void follow(job.id), POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);

  const start = async () => {
    setFailure(null);
    setRefusal(null);
    setJob(null);
    const result = await call('documents.start', { sessionId });
    if (!result.ok) {
      // Refused before anything was written (a missing mention, a folder): nothing was produced.
      setRefusal(result.error);
      return;
    }
    runningJobs.set(sessionId, result.value.id);
    setJob(result.value);
  };

  const stop = async () => {
    if (!job) return;
    setStopping(true);
    const result = await call('documents.cancel', { jobId: job.id });
    if (!result.ok) {
      setStopping(false);
      setFailure(result.error);
    }
  };

  const running = job?.state === 'running';
  // The handler learns the total once the first document is written.
  const total = job?.total || plannedCount;
  return (
    <>
      <p>
        {plannedCount > 1
          ? `${countOf(plannedCount, 'document')} seront produits et inscrits au registre.`
          : '1 document sera produit et inscrit au registre.'}
        {produced && ' Les documents déjà produits y restent : chacun reçoit une nouvelle version.'}
      </p>
      {!running && (
        <Button iconId="fr-icon-file-pdf-line" onClick={() => void start()}>
          {produced ? 'Produire à nouveau les documents' : 'Produire les documents'}
        </Button>
      )}
      {job && (
        <div className="app-progress fr-mt-3w">
          <p className="app-progress-title" id="progress-title">
            Production des documents
            <span className="app-progress-count">
              {job.done} sur {total}
            </span>
          </p>
          <progress aria-labelledby="progress-title" max={total} value={job.done} />
          <p className="fr-hint-text" aria-live="polite">
            {job.current ? `Dernier document produit : ${job.current}` : 'Préparation des documents…'}
          </p>
          {running && (
            <Button
              priority="secondary"
              iconId="fr-icon-stop-circle-line"
              disabled={stopping}
              onClick={() => void stop()}
            >
              {stopping ? 'Arrêt après le document en cours…' : 'Arrêter'}
            </Button>
          )}
        </div>
      )}
      <div aria-live="polite">
        {job?.state === 'done' && job.result && (
          <Alert
            className="fr-mt-3w"
            severity="success"
            title={countOf(job.result.documents.length, 'document produit', 'documents produits')}
            description={
              <>
                Ils sont enregistrés dans le dossier <span className="app-path">{job.result.folder}</span> et inscrits
                au registre ci-dessous.
              </>
            }
          />
        )}
        {job?.state === 'cancelled' && job.result && (
          <Alert
            className="fr-mt-3w"
            severity="info"
            title="Production arrêtée"
            description={
              job.result.documents.length === 0 ? (
                "Aucun document n'a été produit avant l'arrêt."
              ) : (
                <>
                  Documents produits avant l'arrêt : {job.result.documents.length} sur {job.result.total}. Ils sont
                  conservés au registre et dans le dossier <span className="app-path">{job.result.folder}</span>.
                </>
              )
            }
          />
        )}
        {(refusal ?? (job?.state === 'failed' ? job.error : null)) && (
          <div className="fr-mt-3w">
            <Refusal title="Les documents n'ont pas été produits" error={(refusal ?? job!.error)!} sessionId={sessionId} />
          </div>
        )}
        {failure && (
          <div className="fr-mt-3w">
            <Refusal title="La production des documents a échoué" error={failure} sessionId={sessionId} />
          </div>
        )}
      </div>
    </>
  );
}
