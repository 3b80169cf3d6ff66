import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import type { ReactNode } from 'react';

/** A warning that asks, in the page, before an action that cannot be undone. */
export function InlineConfirmation({ title, children, confirm, onConfirm, onCancel }: {
  title: string;
  children: ReactNode;
  confirm: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Alert
      severity="warning"
      title={title}
      description={
        <>
          <span>{children}</span>
          <span className="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
            <Button type="button" onClick={onConfirm}>
              {confirm}
            </Button>
            <Button type="button" priority="secondary" onClick={onCancel}>
              Annuler
            </Button>
          </span>
        </>
      }
    />
  );
}
