import { useState } from 'react';
import { call } from '../../api';
import { DataTable } from '../../components/DataTable';
import { formatInstant } from '../../format';
import { DocumentActions, NoticeArea, type Notice } from './InHand';
import { documentKindLabels } from './labels';
import { useLoad } from './useLoad';

/** The letters and agreements produced for a dossier, newest first, each to open, print, copy or send. */
export function DossierDocuments({ dossierId }: { dossierId: number }) {
  const { loaded } = useLoad(() => call('documents.list', { dossierId }), [dossierId]);
  const [notice, setNotice] = useState<Notice | null>(null);
  return (
    <section className="fr-mb-6w" aria-labelledby="produced-documents-title">
      <h2 id="produced-documents-title" className="fr-h3">
        Documents produits
      </h2>
      {loaded.status === 'loading' ? (
        <p>Chargement des documents…</p>
      ) : loaded.status === 'failed' ? (
        <p className="fr-error-text">{loaded.message}</p>
      ) : loaded.value.length === 0 ? (
        <p className="app-empty">Aucun courrier ni aucune convention n'a encore été produit pour ce dossier.</p>
      ) : (
        <>
          <NoticeArea notice={notice} />
          <DataTable
            caption="Documents produits pour le dossier, du plus récent au plus ancien"
            hideCaption
            headers={['Document', 'Référence', 'Produit le', 'Actions']}
            rows={[...loaded.value].reverse().map((doc) => ({
              key: doc.id,
              cells: [
                <>
                  {documentKindLabels[doc.kind]}
                  {doc.stale && <span className="fr-hint-text fr-mb-0">À refaire : {doc.staleReason}</span>}
                </>,
                <span className="app-reference">{doc.reference}</span>,
                formatInstant(doc.createdAt),
                <DocumentActions doc={doc} onNotice={setNotice} />,
              ],
            }))}
          />
        </>
      )}
    </section>
  );
}
