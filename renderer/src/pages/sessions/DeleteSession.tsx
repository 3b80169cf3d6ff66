import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { SessionDetail } from '../../../../shared/session';
import { call } from '../../api';
import { InlineConfirmation } from '../../components/InlineConfirmation';

/** A session never held (no opinion recorded) can be deleted, once confirmed; its dossiers go back to instruction. */
export function DeleteSession({ session }: { session: SessionDetail }) {
  const navigate = useNavigate();
  const [asked, setAsked] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (session.status === 'closed' || session.items.some((i) => i.opinion)) return null;

  const remove = async () => {
    const result = await call('sessions.delete', { id: session.id });
    if (result.ok) void navigate('/seances', { state: { deleted: session.number } });
    else {
      setAsked(false);
      setFailure(result.error.message);
    }
  };

  return (
    <div className="fr-mb-3w">
      {failure && <Alert className="fr-mb-2w" severity="error" small description={failure} />}
      {asked ? (
        <InlineConfirmation title={`Supprimer la séance n° ${session.number} ?`} confirm="Confirmer la suppression" onConfirm={() => void remove()} onCancel={() => setAsked(false)}>
          Elle n'a pas été tenue : son ordre du jour, ses présences et ses déports sont supprimés, ses dossiers reviennent à l'instruction. La
          suppression est inscrite au journal.
        </InlineConfirmation>
      ) : (
        <Button type="button" priority="tertiary" iconId="fr-icon-delete-line" onClick={() => setAsked(true)}>
          Supprimer la séance
        </Button>
      )}
    </div>
  );
}
