import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { agree, type Gender } from '../../../shared/grammar';

/**
 * Said above a form whose record another machine changed while it held unsaved input: the input
 * is kept, never replaced by what was saved elsewhere.
 */
export function ChangedElsewhere({ subject, gender }: { subject: string; gender: Gender }) {
  return (
    <Alert
      className="fr-mb-3w"
      severity="warning"
      small
      description={`${subject} a été ${agree('modifié', gender)} sur un autre poste pendant votre saisie. Vos changements ne sont pas encore enregistrés et sont conservés : vérifiez-les avant d'enregistrer.`}
    />
  );
}
