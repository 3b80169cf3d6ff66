import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useState } from 'react';
import type { AppErrorData } from '../../../../shared/result';
import { call } from '../../api';
import { blobOf, saveFile, type SentFile } from './download';
import type { PlannedDocument } from './planned';
import { Refusal } from './Refusal';

type Shown =
  | { status: 'loading'; doc: PlannedDocument }
  | { status: 'failed'; doc: PlannedDocument; error: AppErrorData }
  | { status: 'ready'; doc: PlannedDocument; file: SentFile };

/**
 * A PDF shown by Chromium's own viewer. The frame's blob: URL is the one source the CSP's
 * frame-src allows; no sandbox attribute, which would keep the viewer out.
 */
function PdfFrame({ title, file }: { title: string; file: SentFile }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const objectUrl = URL.createObjectURL(blobOf(file.contentBase64, 'pdf'));
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file]);
  return url ? <iframe className="app-pdf-frame" title={title} src={url} /> : null;
}

/** Any document of the session, built on demand but not saved, beside the list of them. */
export function Preview({ sessionId, planned }: { sessionId: number; planned: PlannedDocument[] }) {
  const [shown, setShown] = useState<Shown | null>(null);

  const show = async (doc: PlannedDocument) => {
    setShown({ status: 'loading', doc });
    const result = await call('documents.preview', { sessionId, kind: doc.kind, itemId: doc.itemId });
    // A later choice wins over an earlier answer.
    setShown((s) => {
      if (s?.doc !== doc) return s;
      return result.ok ? { status: 'ready', doc, file: result.value } : { status: 'failed', doc, error: result.error };
    });
  };

  return (
    <div className="fr-grid-row fr-grid-row--gutters">
      <div className="fr-col-12 fr-col-lg-4">
        <ul className="app-doc-list" aria-label="Documents de la séance">
          {planned.map((doc) => (
            <li key={doc.key}>
              <button
                type="button"
                className="app-doc-choice"
                aria-pressed={shown?.doc.key === doc.key}
                onClick={() => void show(doc)}
              >
                <span className="app-doc-choice-title">{doc.title}</span>
                <span className="fr-hint-text fr-mb-0">{doc.detail}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div className="fr-col-12 fr-col-lg-8" aria-live="polite">
        {shown === null && (
          <p className="app-empty">
            Choisissez un document dans la liste pour le voir tel qu'il sera produit, avant de lancer la production.
          </p>
        )}
        {shown?.status === 'loading' && <p>Préparation de l'aperçu : {shown.doc.title}…</p>}
        {shown?.status === 'failed' && (
          <Refusal title={`Aperçu impossible : ${shown.doc.title}`} error={shown.error} sessionId={sessionId} />
        )}
        {shown?.status === 'ready' && (
          <section aria-labelledby="preview-title">
            <div className="app-preview-head">
              <h3 id="preview-title" className="fr-h6 fr-mb-0">
                Aperçu : {shown.doc.title}
              </h3>
              <Button
                size="small"
                priority="secondary"
                iconId="fr-icon-download-line"
                onClick={() => saveFile(shown.file, 'pdf')}
              >
                Enregistrer cet aperçu
              </Button>
            </div>
            <PdfFrame title={`Aperçu : ${shown.doc.title}`} file={shown.file} />
          </section>
        )}
      </div>
    </div>
  );
}
