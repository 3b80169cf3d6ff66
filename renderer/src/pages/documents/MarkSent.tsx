import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState, type FormEvent } from 'react';
import type { Result } from '../../../../shared/result';
import { TextField } from '../../components/fields';
import { localToday } from './labels';

/**
 * « Marquer comme envoyé », then the date of sending (today unless told otherwise): a letter's
 * notification, a member's convocation. `what` names it for screen readers (« le courrier de… »),
 * `form` names the form (« Envoi du courrier de… »).
 */
export function MarkSent({
  id,
  action,
  what,
  form,
  save,
  onMarked,
}: {
  id: string;
  action: string;
  what: string;
  form: string;
  save: (sentAt: string) => Promise<Result<unknown>>;
  onMarked: (sentAt: string) => Promise<void>;
}) {
  const [sentAt, setSentAt] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  if (sentAt === null) {
    return (
      <Button
        size="small"
        priority="secondary"
        iconId="fr-icon-mail-line"
        nativeButtonProps={{ 'aria-label': `${action} ${what}` }}
        onClick={() => setSentAt(localToday())}
      >
        {action}
      </Button>
    );
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const result = await save(sentAt);
    setSaving(false);
    if (result.ok) await onMarked(sentAt);
    else setError(result.error.details?.[0]?.message ?? result.error.message);
  };
  return (
    <form noValidate onSubmit={submit} className="app-mark-sent" aria-label={form}>
      <TextField id={id} label="Date d'envoi" type="date" value={sentAt} error={error} onChange={setSentAt} />
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
