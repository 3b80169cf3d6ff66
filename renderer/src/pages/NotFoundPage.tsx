import { Button } from '@codegouvfr/react-dsfr/Button';
import { Page } from '../components/Page';

export function NotFoundPage() {
  return (
    <Page title="Page introuvable" lead="Cette page n'existe pas dans l'application.">
      <Button linkProps={{ to: '/' }}>Revenir au tableau de bord</Button>
    </Page>
  );
}
