import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState, type FormEvent } from 'react';
import { call } from '../../api';
import { DataTable } from '../../components/DataTable';
import { TextField } from '../../components/fields';
import { formatDay, formatFileSize, formatInstant } from '../../format';
import { DocumentActions, fileNameOf, NoticeArea, type Notice } from './InHand';
import { documentKindLabels, localToday, type RegisteredDocument } from './labels';

/** The register of the session's documents, newest first: each opened, printed, copied or sent from here. */
export function Register({
  documents,
  onChanged,
}: {
  documents: RegisteredDocument[];
  onChanged: () => Promise<void>;
}) {
  const [notice, setNotice] = useState<Notice | null>(null);

  if (documents.length === 0) {
    return <p className="app-empty">Aucun document n'a encore été produit pour cette séance.</p>;
  }
  // A newer version of the same document replaces the older ones, whatever they were.
  const latest = new Map<string, number>();
  for (const doc of documents) latest.set(`${doc.kind}/${doc.dossierId}`, Math.max(doc.version, latest.get(`${doc.kind}/${doc.dossierId}`) ?? 0));
  const replacedBy = (doc: RegisteredDocument) => {
    const newest = latest.get(`${doc.kind}/${doc.dossierId}`)!;
    return newest > doc.version ? newest : null;
  };
  const marked = async (doc: RegisteredDocument, sentAt: string) => {
    await onChanged();
    setNotice({ severity: 'success', title: `Courrier de « ${doc.dossierName ?? doc.reference} » marqué comme envoyé le ${formatDay(sentAt)}.` });
  };
  return (
    <>
      <NoticeArea notice={notice} />
      <DataTable
        caption="Registre des documents de la séance, du plus récent au plus ancien"
        hideCaption
        headers={['Document', 'Version', 'Référence', 'Produit le', 'État', 'Actions']}
        rows={[...documents].reverse().map((doc) => ({
          key: doc.id,
          cells: [
            <>
              <span className="fr-text--bold">{documentKindLabels[doc.kind]}</span>
              {doc.dossierName && <> — {doc.dossierName}</>}
              <span className="fr-hint-text fr-mb-0 app-path" title={doc.filePath}>
                {fileNameOf(doc.filePath)} ({formatFileSize(doc.size)})
              </span>
            </>,
            doc.version,
            <span className="app-reference">{doc.reference}</span>,
            <>
              {formatInstant(doc.createdAt)}
              <span className="fr-hint-text fr-mb-0">par {doc.createdBy}</span>
            </>,
            replacedBy(doc) ? (
              <>
                <Badge as="span" small>
                  Remplacé par la version {replacedBy(doc)}
                </Badge>
                {doc.sentAt && <span className="fr-hint-text fr-mb-0">Envoyé le {formatDay(doc.sentAt)}</span>}
              </>
            ) : doc.stale ? (
              <>
                <Badge as="span" small severity={doc.void ? 'warning' : 'error'}>
                  {doc.void ? 'Caduc' : 'À refaire'}
                </Badge>
                <span className="fr-hint-text fr-mb-0">{doc.staleReason}</span>
                {doc.sentAt && <span className="fr-hint-text fr-mb-0">Envoyé le {formatDay(doc.sentAt)}</span>}
              </>
            ) : doc.kind !== 'decision_letter' ? (
              <span className="app-missing">Sans objet</span>
            ) : doc.sentAt ? (
              <Badge as="span" small severity="success">
                Envoyé le {formatDay(doc.sentAt)}
              </Badge>
            ) : (
              <MarkSent doc={doc} onMarked={(sentAt) => marked(doc, sentAt)} />
            ),
            <DocumentActions doc={doc} onNotice={setNotice} />,
          ],
        }))}
      />
    </>
  );
}

/** « Marquer comme envoyé », then the date of sending (today unless told otherwise). */
function MarkSent({ doc, onMarked }: { doc: RegisteredDocument; onMarked: (sentAt: string) => Promise<void> }) {
  const [sentAt, setSentAt] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const subject = doc.dossierName ?? doc.reference;

  if (sentAt === null) {
    return (
      <Button
        size="small"
        priority="secondary"
        iconId="fr-icon-mail-line"
        nativeButtonProps={{ 'aria-label': `Marquer comme envoyé le courrier de ${subject}` }}
        onClick={() => setSentAt(localToday())}
      >
        Marquer comme envoyé
      </Button>
    );
  }
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const result = await call('documents.markSent', { id: doc.id, sentAt });
    setSaving(false);
    if (result.ok) await onMarked(sentAt);
    else setError(result.error.details?.[0]?.message ?? result.error.message);
  };
  return (
    <form noValidate onSubmit={save} className="app-mark-sent" aria-label={`Envoi du courrier de ${subject}`}>
      <TextField
        id={`sent-${doc.id}`}
        label="Date d'envoi"
        type="date"
        value={sentAt}
        error={error}
        onChange={setSentAt}
      />
      <div className="app-actions">
        <Button size="small" type="submit" disabled={saving}>
          Enregistrer l'envoi
        </Button>
        <Button size="small" priority="tertiary" type="button" onClick={() => setSentAt(null)}>
          Annuler
        </Button>
      </div>
    </form>
  );
}
