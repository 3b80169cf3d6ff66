import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useEffect, useState } from 'react';
import type { Output } from '../../../../shared/contract';
import { backupKindLabels, type Backup, type RecordsSettings } from '../../../../shared/backups';
import type { AppErrorData } from '../../../../shared/result';
import { call } from '../../api';
import { DataTable } from '../../components/DataTable';
import { LoadState } from '../../components/LoadState';
import { Page } from '../../components/Page';
import { formatFileSize, formatInstant } from '../../format';
import { ArchiveButton } from './ArchiveButton';
import { PersonalData } from './PersonalData';
import { RecordsSettingsForm } from './RecordsSettingsForm';

type Status = Output<'backups.list'>;
type Notice = { severity: 'success' | 'error' | 'info'; title: string; text?: string };

/** Paramètres › Sauvegardes: where backups go, the list, a backup or an archive now, a restore, and the personal data. */
export function BackupsPage() {
  const [status, setStatus] = useState<Status | null>(null);
  const [records, setRecords] = useState<{ records: RecordsSettings; versions: Record<string, number> } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const load = async () => {
    const [list, settings] = await Promise.all([call('backups.list', {}), call('settings.get', {})]);
    if (!list.ok) setFailure(list.error.message);
    else if (!settings.ok) setFailure(settings.error.message);
    else {
      setStatus(list.value);
      setRecords({ records: settings.value.records, versions: settings.value.versions });
    }
  };

  useEffect(() => {
    void load();
  }, []);

  return (
    <Page
      title="Sauvegardes et données personnelles"
      lead="La base est sauvegardée chaque jour, avant chaque import et avant chaque mise à jour de l'application ; chaque copie est vérifiée. L'archive complète y ajoute les pièces jointes et les documents produits."
    >
      {!status || !records ? (
        <LoadState failure={failure} loading="Chargement des sauvegardes…" failedTitle="Les sauvegardes n'ont pas pu être chargées" back={{ to: '/parametres', label: 'Retour aux paramètres' }} />
      ) : (
        <>
          <RecordsSettingsForm
            key={records.versions.records}
            records={records.records}
            versions={records.versions}
            defaultFolder={status.defaultFolder}
            onSaved={() => void load()}
          />
          <hr className="fr-mt-6w fr-pb-4w" />
          <Backups status={status} onChanged={load} />
          <hr className="fr-mt-6w fr-pb-4w" />
          <PersonalData retentionYears={records.records.retentionYears} />
        </>
      )}
    </Page>
  );
}

function Backups({ status, onChanged }: { status: Status; onChanged: () => Promise<void> }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  /** The file whose restore awaits the user's confirmation. */
  const [confirming, setConfirming] = useState<string | null>(null);
  const [otherFile, setOtherFile] = useState('');

  const refused = (title: string, error: AppErrorData) => setNotice({ severity: 'error', title, text: error.message });

  const backupNow = async () => {
    setBusy(true);
    const result = await call('backups.create', {});
    setBusy(false);
    if (!result.ok) return refused("La sauvegarde n'a pas été faite", result.error);
    setNotice({ severity: 'success', title: 'Sauvegarde faite et vérifiée.', text: result.value.path });
    await onChanged();
  };

  const restore = async (file: string) => {
    setConfirming(null);
    setBusy(true);
    const result = await call('backups.restore', { file });
    setBusy(false);
    if (!result.ok) return refused("La restauration n'est pas possible", result.error);
    setNotice({
      severity: 'info',
      title: 'Restauration prête',
      text: "Le fichier a été vérifié. Fermez puis relancez Commission : l'état actuel sera sauvegardé, puis remplacé.",
    });
    await onChanged();
  };

  const cancelRestore = async () => {
    const result = await call('backups.cancelRestore', {});
    if (!result.ok) return refused("La restauration n'a pas été annulée", result.error);
    setNotice({ severity: 'success', title: 'Restauration annulée.' });
    await onChanged();
  };

  const confirmation = (file: string, what: string) => (
    <div className="app-confirm" role="group" aria-label={`Restauration de ${what}`}>
      <span>
        Restaurer {what} ? Tout ce qui a été saisi depuis sera remplacé ; l'état actuel est sauvegardé d'abord.
      </span>
      <Button size="small" onClick={() => void restore(file)}>
        Oui, restaurer
      </Button>
      <Button size="small" priority="secondary" onClick={() => setConfirming(null)}>
        Annuler
      </Button>
    </div>
  );

  const row = (backup: Backup) => ({
    key: backup.path,
    cells: [
      formatInstant(backup.takenAt),
      backupKindLabels[backup.kind],
      formatFileSize(backup.size),
      <span className="app-path">{backup.name}</span>,
      confirming === backup.path ? (
        confirmation(backup.path, `la sauvegarde du ${formatInstant(backup.takenAt)}`)
      ) : (
        <Button size="small" priority="secondary" iconId="fr-icon-refresh-line" disabled={busy} onClick={() => setConfirming(backup.path)}>
          Restaurer…
        </Button>
      ),
    ],
  });

  return (
    <section aria-labelledby="backups-title">
      <h2 id="backups-title" className="fr-h5">
        Sauvegardes
      </h2>
      <p>
        Dossier : <span className="app-path">{status.folder}</span>
      </p>
      {status.lastProblem && (
        <Alert className="fr-mb-3w" severity="warning" title="Sauvegarde automatique" description={`${formatInstant(status.lastProblem.at)} : ${status.lastProblem.message}`} />
      )}
      {status.pendingRestore && (
        <Alert
          className="fr-mb-3w"
          severity="info"
          title="Une restauration attend le prochain démarrage"
          description={
            <>
              <span className="app-path">{status.pendingRestore.source}</span>, vérifiée le {formatInstant(status.pendingRestore.stagedAt)} par{' '}
              {status.pendingRestore.stagedBy}. Fermez puis relancez Commission pour l'appliquer.{' '}
              <Button size="small" priority="tertiary" onClick={() => void cancelRestore()}>
                Annuler la restauration
              </Button>
            </>
          }
        />
      )}
      <div aria-live="polite">
        {notice && (
          <Alert
            className="fr-mb-3w"
            severity={notice.severity}
            title={notice.title}
            description={notice.text}
            closable
            onClose={() => setNotice(null)}
          />
        )}
      </div>
      {status.sharedServer ? (
        <>
          <Alert className="fr-mb-3w" severity="info" title="Base partagée" description={status.sharedServer} />
          <div className="app-actions fr-mb-3w">
            <ArchiveButton onDone={onChanged} />
          </div>
        </>
      ) : (
        <>
          <div className="app-actions fr-mb-3w">
            <Button iconId="fr-icon-save-line" disabled={busy} onClick={() => void backupNow()}>
              {busy ? 'Sauvegarde…' : 'Sauvegarder maintenant'}
            </Button>
            <ArchiveButton onDone={onChanged} />
          </div>
          {status.backups.length === 0 ? (
            <p>Aucune sauvegarde pour l'instant.</p>
          ) : (
            <DataTable caption="Sauvegardes, de la plus récente à la plus ancienne" headers={['Date', 'Type', 'Taille', 'Fichier', '']} rows={status.backups.map(row)} />
          )}
          <div className="fr-mt-3w">
            <Input
              label="Restaurer un autre fichier (facultatif)"
              hintText="Chemin complet d'une sauvegarde (.sqlite) ou d'une archive complète (.zip), par exemple copiée depuis un autre poste."
              nativeInputProps={{ id: 'restore-file', value: otherFile, autoComplete: 'off', onChange: (event) => setOtherFile(event.target.value) }}
            />
            {confirming === otherFile && otherFile ? (
              confirmation(otherFile, `« ${otherFile} »`)
            ) : (
              <Button priority="secondary" iconId="fr-icon-refresh-line" disabled={busy || !otherFile.trim()} onClick={() => setConfirming(otherFile)}>
                Restaurer ce fichier…
              </Button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
