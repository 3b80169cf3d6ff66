import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState, type FormEvent } from 'react';
import type { AttachmentInfo } from '../../../../shared/dossier';
import { attachmentKindLabels, attachmentKinds, type AttachmentKind } from '../../../../shared/eligibility';
import { call } from '../../api';
import { DataTable } from '../../components/DataTable';
import { FileField, SelectField } from '../../components/fields';
import { readChosenFile } from '../../files';
import { formatFileSize, formatInstant } from '../../format';
import { Can } from '../../auth';

export const ATTACH_KIND_ID = 'attachment-kind';
const ATTACH_FILE_ID = 'attachment-file';

type Notice = { severity: 'success' | 'info' | 'error'; title: string; text?: string };

const isKind = (value: string): value is AttachmentKind => (attachmentKinds as readonly string[]).includes(value);
const kindLabel = (kind: string) => (isKind(kind) ? attachmentKindLabels[kind] : kind);

/**
 * The documents kept with the dossier: a copy lives in the app's data folder, so that the
 * projet de santé stays at hand once the platform archives the dossier.
 */
export function Attachments({
  dossierId,
  attachments,
  declaredFiles,
  kind,
  onKindChange,
  onChanged,
}: {
  dossierId: number;
  attachments: AttachmentInfo[];
  /** The file names the platform lists, as a reminder of what to attach. */
  declaredFiles: string[];
  kind: string;
  onKindChange: (kind: string) => void;
  onChanged: () => Promise<void>;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [errors, setErrors] = useState<{ kind?: string; file?: string }>({});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);

  const attach = async (event: FormEvent) => {
    event.preventDefault();
    const missing = {
      kind: isKind(kind) ? undefined : 'Choisissez le type du document.',
      file: file ? undefined : 'Choisissez le fichier à joindre.',
    };
    setErrors(missing);
    if (!file || !isKind(kind)) return;
    setBusy(true);
    const read = await readChosenFile(file);
    const result = read.ok ? await call('attachments.add', { dossierId, kind, ...read.value.upload }) : read;
    if (result.ok) {
      await onChanged();
      setNotice({ severity: 'success', title: `« ${file.name} » est joint au dossier.` });
      setFile(null);
      setInputKey((k) => k + 1);
      onKindChange('');
    } else {
      setNotice({ severity: 'error', title: "Le document n'a pas été joint", text: result.error.message });
    }
    setBusy(false);
  };

  const open = async (attachment: AttachmentInfo) => {
    const result = await call('attachments.open', { id: attachment.id });
    if (!result.ok) {
      setNotice({ severity: 'error', title: "Le document n'a pas pu être ouvert", text: result.error.message });
    } else if (result.value.opened) {
      const title = `« ${attachment.originalName} » s'ouvre dans la visionneuse de l'ordinateur.`;
      setNotice({ severity: 'info', title });
    } else {
      setNotice({
        severity: 'info',
        title: `La copie de « ${attachment.originalName} » est enregistrée ici :`,
        text: result.value.path,
      });
    }
  };

  const remove = async (attachment: AttachmentInfo) => {
    const result = await call('attachments.remove', { id: attachment.id });
    setConfirming(null);
    if (result.ok) {
      await onChanged();
      setNotice({ severity: 'success', title: `« ${attachment.originalName} » est retiré du dossier.` });
    } else {
      setNotice({ severity: 'error', title: "Le document n'a pas été retiré", text: result.error.message });
    }
  };

  return (
    <section className="fr-mb-6w" aria-labelledby="documents-title">
      <h2 id="documents-title" className="fr-h3">
        Documents
      </h2>
      <div aria-live="polite">
        {notice && (
          <Alert
            small
            className="fr-mb-3w"
            severity={notice.severity}
            description={
              <>
                {notice.title}
                {notice.text && (
                  <>
                    <br />
                    <span className="app-path">{notice.text}</span>
                  </>
                )}
              </>
            }
          />
        )}
      </div>
      {attachments.length === 0 ? (
        <p>Aucun document n'est encore joint au dossier.</p>
      ) : (
        <DataTable
          caption="Documents joints au dossier"
          hideCaption
          headers={['Type', 'Fichier', 'Ajouté', <span className="fr-sr-only">Actions</span>]}
          rows={attachments.map((attachment) => ({
            key: attachment.id,
            cells: [
              kindLabel(attachment.kind),
              <>
                {attachment.originalName}
                <span className="fr-hint-text fr-mb-0">{formatFileSize(attachment.size)}</span>
              </>,
              <>
                {formatInstant(attachment.addedAt)}
                <span className="fr-hint-text fr-mb-0">par {attachment.addedBy}</span>
              </>,
              confirming === attachment.id ? (
                <div className="app-confirm" role="group" aria-label={`Retrait de ${attachment.originalName}`}>
                  <span>Retirer ce document du dossier ?</span>
                  <Button size="small" onClick={() => void remove(attachment)}>
                    Oui, retirer
                  </Button>
                  <Button size="small" priority="secondary" onClick={() => setConfirming(null)}>
                    Annuler
                  </Button>
                </div>
              ) : (
                <div className="app-actions">
                  <Button
                    size="small"
                    priority="secondary"
                    iconId="fr-icon-eye-line"
                    nativeButtonProps={{ 'aria-label': `Ouvrir ${attachment.originalName}` }}
                    onClick={() => void open(attachment)}
                  >
                    Ouvrir
                  </Button>
                  <Can method="attachments.remove">
                    <Button
                      size="small"
                      priority="tertiary"
                      iconId="fr-icon-delete-line"
                      nativeButtonProps={{ 'aria-label': `Retirer ${attachment.originalName}` }}
                      onClick={() => setConfirming(attachment.id)}
                    >
                      Retirer
                    </Button>
                  </Can>
                </div>
              ),
            ],
          }))}
        />
      )}
      {declaredFiles.length > 0 && (
        <p className="fr-hint-text">
          Pièces déclarées sur Démarches Simplifiées : {declaredFiles.join(', ')}. Téléchargez-les depuis la plateforme
          pour les joindre ici.
        </p>
      )}
      <Can method="attachments.add">
      <form noValidate onSubmit={attach} className="app-attach" aria-label="Joindre un document">
        <h3 className="fr-h6">Joindre un document</h3>
        <div className="fr-grid-row fr-grid-row--gutters">
          <SelectField
            className="fr-col-12 fr-col-md-4"
            id={ATTACH_KIND_ID}
            label="Type de document"
            placeholder="Choisir le type"
            options={attachmentKinds.map((k) => ({ value: k, label: attachmentKindLabels[k] }))}
            value={kind}
            error={errors.kind}
            onChange={(value) => {
              onKindChange(value);
              setErrors((e) => ({ ...e, kind: undefined }));
            }}
            required
          />
          <FileField
            key={inputKey}
            className="fr-col-12 fr-col-md-8"
            id={ATTACH_FILE_ID}
            label="Fichier"
            hint="PDF de préférence ; 50 Mo au plus. Une copie est conservée avec le dossier."
            error={errors.file}
            onChange={(chosen) => {
              setFile(chosen);
              setErrors((e) => ({ ...e, file: undefined }));
            }}
          />
        </div>
        <Button
          className="fr-mt-2w"
          type="submit"
          priority="secondary"
          iconId="fr-icon-attachment-line"
          disabled={busy}
        >
          {busy ? 'Envoi…' : 'Joindre le document'}
        </Button>
      </form>
      </Can>
    </section>
  );
}
