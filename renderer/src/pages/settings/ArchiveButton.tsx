import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState } from 'react';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { call } from '../../api';
import { countOf, formatFileSize } from '../../format';

type Job = Output<'backups.job'>;

const POLL_MS = 300;

/** « Archive complète »: the database, attachments and documents in one .zip, with its progress. */
export function ArchiveButton({ onDone }: { onDone: () => Promise<void> }) {
  const [job, setJob] = useState<Job | null>(null);
  const [failure, setFailure] = useState<AppErrorData | null>(null);

  useEffect(() => {
    if (job?.state !== 'running') return;
    const timer = setTimeout(async () => {
      const next = await call('backups.job', { jobId: job.id });
      if (!next.ok) return setFailure(next.error);
      if (next.value.state !== 'running') await onDone();
      setJob(next.value);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);

  const start = async () => {
    setFailure(null);
    const result = await call('backups.archive', {});
    if (!result.ok) return setFailure(result.error);
    if (result.value.state !== 'running') await onDone();
    setJob(result.value);
  };

  const running = job?.state === 'running';
  const result = job?.state === 'done' ? job.result : null;
  return (
    <>
      <Button priority="secondary" iconId="fr-icon-archive-line" disabled={running} onClick={() => void start()}>
        {running ? 'Archive en cours…' : 'Archive complète'}
      </Button>
      {running && (
        <div className="app-progress fr-mt-3w" style={{ flexBasis: '100%' }}>
          <p className="app-progress-title" id="archive-progress-title">
            Archive complète
            <span className="app-progress-count">
              {job.done} sur {job.total || '…'}
            </span>
          </p>
          <progress aria-labelledby="archive-progress-title" max={job.total || 1} value={job.done} />
          <p className="fr-hint-text" aria-live="polite">
            {job.current || 'Préparation…'}
          </p>
        </div>
      )}
      <div aria-live="polite" style={{ flexBasis: '100%' }}>
        {result && (
          <Alert
            severity="success"
            title="Archive complète faite"
            description={
              <>
                <span className="app-path">{result.path}</span> ({formatFileSize(result.size)}) : la base,{' '}
                {countOf(result.files.attachments, 'pièce jointe', 'pièces jointes')} et {countOf(result.files.documents, 'document')}, chacun avec son
                empreinte sha256.
                {result.missing.length > 0 && ` ${countOf(result.missing.length, 'document du registre introuvable', 'documents du registre introuvables')} sur le disque.`}
              </>
            }
          />
        )}
        {(failure ?? job?.error) && <Alert severity="error" title="L'archive n'a pas été faite" description={(failure ?? job?.error)!.message} />}
      </div>
    </>
  );
}
