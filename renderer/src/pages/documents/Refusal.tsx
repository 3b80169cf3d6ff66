import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Link } from 'react-router';
import type { ErrorDetail } from '../../../../shared/result';

/** A job's error carries its details untyped: only those that look like an ErrorDetail are shown. */
const isDetail = (detail: unknown): detail is ErrorDetail =>
  typeof detail === 'object' && detail !== null && typeof (detail as ErrorDetail).message === 'string';

/** Where the user fixes what a refusal names: a paragraph of the templates, the signatory, the session. */
function fixOf(field: string, sessionId: number): { to: string; label: string } | null {
  const paragraph = /^templates\.(\w+)$/.exec(field)?.[1];
  if (paragraph) {
    return { to: `/parametres/modeles?paragraphe=${paragraph}`, label: 'Modifier les modèles de documents' };
  }
  if (field.startsWith('identity.')) return { to: '/parametres', label: 'Compléter les paramètres' };
  if (field.startsWith('items.')) return { to: `/seances/${sessionId}`, label: 'Ouvrir la séance' };
  return null;
}

/**
 * Why a document or a batch was refused: the handler's message, every missing mention it
 * details, and a link to each place where they are completed.
 */
export function Refusal({
  title,
  error,
  sessionId,
}: {
  title: string;
  error: { message: string; details?: readonly unknown[] };
  sessionId: number;
}) {
  const details = (error.details ?? []).filter(isDetail);
  const fixes = [
    ...new Map(
      details.flatMap((d) => {
        const fix = fixOf(d.field, sessionId);
        return fix ? [[fix.to.split('?')[0], fix] as const] : [];
      }),
    ).values(),
  ];
  return (
    <Alert
      severity="error"
      title={title}
      description={
        <>
          <p>{error.message}</p>
          {details.length > 0 && (
            <ul>
              {details.map((d, i) => (
                <li key={i}>{d.message}</li>
              ))}
            </ul>
          )}
          {fixes.length > 0 && (
            <p className="app-actions fr-mb-0">
              {fixes.map((fix) => (
                <Link key={fix.to} to={fix.to} className="fr-link fr-icon-arrow-right-line fr-link--icon-right">
                  {fix.label}
                </Link>
              ))}
            </p>
          )}
        </>
      }
    />
  );
}
