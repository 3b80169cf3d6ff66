import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { focusField } from './focus';

export interface ErrorItem {
  message: string;
  /** The field to focus from the summary, when the error belongs to one. */
  fieldId?: string;
}

/** The list of what to correct, at the top of a form; each error leads to its field. */
export function ErrorSummary({ title, items }: { title: string; items: readonly ErrorItem[] }) {
  return (
    <Alert
      severity="error"
      title={title}
      description={
        <>
          {items.length > 1 ? 'Corrigez les champs signalés :' : 'Corrigez le champ signalé :'}
          <ul>
            {items.map(({ message, fieldId }, i) => (
              <li key={i}>
                {fieldId ? (
                  // The app routes on the hash: the link only moves the focus.
                  <a
                    href={`#${fieldId}`}
                    onClick={(event) => {
                      event.preventDefault();
                      focusField(fieldId);
                    }}
                  >
                    {message}
                  </a>
                ) : (
                  message
                )}
              </li>
            ))}
          </ul>
        </>
      }
    />
  );
}
