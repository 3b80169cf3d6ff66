import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import type { AppErrorData } from '../../../shared/result';

/**
 * The message of a save refused because someone saved the record since it was opened (its
 * details name `expectedVersion`, shared/versions.ts), else null.
 */
export function staleVersionMessage(error: AppErrorData): string | null {
  return error.code === 'CONFLICT' && error.details?.some((d) => d.field === 'expectedVersion') ? error.message : null;
}

/**
 * Said where such a save was refused: who saved the record and when, and « Recharger », which
 * reads it again. The user's input stays on screen until they choose it.
 */
export function StaleVersionAlert({ message, onReload }: { message: string; onReload: () => void }) {
  return (
    <Alert
      severity="error"
      title="Vos changements n'ont pas été enregistrés"
      description={
        <>
          <span className="fr-mb-2w" style={{ display: 'block' }}>
            {message}
          </span>
          <Button type="button" priority="secondary" size="small" iconId="fr-icon-refresh-line" onClick={onReload}>
            Recharger
          </Button>
        </>
      }
    />
  );
}
