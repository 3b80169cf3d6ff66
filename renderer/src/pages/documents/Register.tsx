import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { useState } from 'react';
import { call } from '../../api';
import { DataTable } from '../../components/DataTable';
import { formatDay, formatFileSize, formatInstant } from '../../format';
import { DocumentActions, fileNameOf, NoticeArea, type Notice } from './InHand';
import { documentKindLabels, type RegisteredDocument } from './labels';
import { MarkSent } from './MarkSent';

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
              <MarkSent
                id={`sent-${doc.id}`}
                action="Marquer comme envoyé"
                what={`le courrier de ${doc.dossierName ?? doc.reference}`}
                form={`Envoi du courrier de ${doc.dossierName ?? doc.reference}`}
                save={(sentAt) => call('documents.markSent', { id: doc.id, sentAt })}
                onMarked={(sentAt) => marked(doc, sentAt)}
              />
            ),
            <DocumentActions doc={doc} onNotice={setNotice} />,
          ],
        }))}
      />
    </>
  );
}
