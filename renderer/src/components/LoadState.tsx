import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';

/** A screen whose data is loading, or could not be: the reason and the way back. */
export function LoadState({
  failure,
  loading,
  failedTitle,
  back,
}: {
  /** null while loading. */
  failure: string | null;
  loading: string;
  failedTitle: string;
  back: { to: string; label: string };
}) {
  if (failure === null) return <p aria-live="polite">{loading}</p>;
  return (
    <>
      <Alert severity="error" title={failedTitle} description={failure} />
      <Button className="fr-mt-4w" priority="secondary" linkProps={{ to: back.to }}>
        {back.label}
      </Button>
    </>
  );
}
