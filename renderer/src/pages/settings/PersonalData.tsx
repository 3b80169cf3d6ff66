import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import type { Output } from '../../../../shared/contract';
import type { AppErrorData } from '../../../../shared/result';
import { call } from '../../api';
import { countOf, formatDay, formatInstant } from '../../format';

type Report = Output<'records.purge'>;
type Verification = Output<'audit.verify'>;

function ReportText({ report }: { report: Report }) {
  return (
    <ul>
      <li>{countOf(report.dossiers.length, 'dossier')} dont la dernière décision date du {formatDay(report.cutoff)} ou avant</li>
      <li>{countOf(report.professionals, 'professionnel')} et les porteurs, représentants, adresses et coordonnées de ces dossiers</li>
      <li>{countOf(report.attachments, 'pièce jointe supprimée', 'pièces jointes supprimées')}</li>
      <li>
        {countOf(report.auditEntries, 'entrée du journal', 'entrées du journal')} ({countOf(report.auditValues, 'valeur personnelle effacée', 'valeurs personnelles effacées')})
      </li>
      <li>{countOf(report.documentsKept, 'document produit conservé', 'documents produits conservés')} (actes de l'agence)</li>
    </ul>
  );
}

/** The purge at the end of the retention period, and the check of the audit log's chain. */
export function PersonalData({ retentionYears }: { retentionYears: number }) {
  const [preview, setPreview] = useState<Report | null>(null);
  const [done, setDone] = useState<Report | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<AppErrorData | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [busy, setBusy] = useState(false);

  const purge = async (dryRun: boolean) => {
    setBusy(true);
    setFailure(null);
    setConfirming(false);
    const result = await call('records.purge', { dryRun });
    setBusy(false);
    if (!result.ok) return setFailure(result.error);
    if (dryRun) {
      setPreview(result.value);
      setDone(null);
    } else {
      setDone(result.value);
      setPreview(null);
    }
  };

  const verify = async () => {
    const result = await call('audit.verify', {});
    if (!result.ok) return setFailure(result.error);
    setVerification(result.value);
  };

  return (
    <section aria-labelledby="personal-data-title">
      <h2 id="personal-data-title" className="fr-h5">
        Données personnelles
      </h2>
      <p>
        Au-delà de {countOf(retentionYears, 'an')} après la dernière décision, un dossier est anonymisé : noms, courriels, téléphones, adresses et
        RPPS disparaissent du dossier, de ses professionnels, de son historique et des procès-verbaux figés ; ses pièces jointes sont supprimées. La
        structure, les montants et les décisions restent.
      </p>
      <div className="app-actions">
        <Button priority="secondary" iconId="fr-icon-search-line" disabled={busy} onClick={() => void purge(true)}>
          Voir les dossiers à anonymiser
        </Button>
        <Button priority="secondary" iconId="fr-icon-shield-line" onClick={() => void verify()}>
          Vérifier le journal des modifications
        </Button>
      </div>
      <div aria-live="polite" className="fr-mt-3w">
        {failure && <Alert severity="error" title="L'opération n'a pas été faite" description={failure.message} />}
        {preview && preview.dossiers.length === 0 && (
          <Alert severity="info" small description={`Aucun dossier n'a dépassé la durée de conservation (dernière décision au ${formatDay(preview.cutoff)} ou avant).`} />
        )}
        {preview && preview.dossiers.length > 0 && (
          <div className="fr-callout">
            <p className="fr-callout__title">L'anonymisation concernerait :</p>
            <ReportText report={preview} />
            {confirming ? (
              <div className="app-confirm" role="group" aria-label="Confirmation de l'anonymisation">
                <span>Anonymiser ces {countOf(preview.dossiers.length, 'dossier')} ? C'est définitif (les sauvegardes gardent l'état antérieur).</span>
                <Button size="small" disabled={busy} onClick={() => void purge(false)}>
                  Oui, anonymiser
                </Button>
                <Button size="small" priority="secondary" onClick={() => setConfirming(false)}>
                  Annuler
                </Button>
              </div>
            ) : (
              <Button iconId="fr-icon-eraser-line" onClick={() => setConfirming(true)}>
                Anonymiser {countOf(preview.dossiers.length, 'dossier')}…
              </Button>
            )}
          </div>
        )}
        {done && (
          <Alert
            severity="success"
            title={`${countOf(done.dossiers.length, 'dossier anonymisé', 'dossiers anonymisés')}`}
            description={
              <>
                <ReportText report={done} />
                {done.resealedFrom !== null && `La chaîne d'empreintes du journal a été rescellée à partir de l'entrée n° ${done.resealedFrom} ; le journal le dit.`}
              </>
            }
          />
        )}
        {verification &&
          (verification.ok ? (
            <Alert
              severity="success"
              title="Le journal des modifications est intact"
              description={
                <>
                  {countOf(verification.entries, 'entrée vérifiée', 'entrées vérifiées')}. Empreinte de la dernière :{' '}
                  <span className="app-path">{verification.head ?? '—'}</span>
                  {verification.reseals.map((r) => (
                    <span key={r.id} className="fr-hint-text">
                      Rescellé à partir de l'entrée n° {r.fromId} par une anonymisation du {formatInstant(r.at)} ({r.actor}).
                    </span>
                  ))}
                </>
              }
            />
          ) : (
            <Alert severity="error" title="Le journal des modifications a été altéré" description={verification.broken?.message} />
          ))}
      </div>
    </section>
  );
}
