import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { TextField } from '../../components/fields';
import { fieldId, type FieldErrors } from '../../forms';
import type { SessionRuleChoices, TextPath } from './form';

type Binder = (path: TextPath) => { id: string; value: string; error?: string; onChange: (value: string) => void };
type Toggle = 'countRepresentedInQuorum' | 'withdrawnHolderCastsProxy' | 'withdrawalReducesComposition';

const toggles: { name: Toggle; label: string; hint: string }[] = [
  {
    name: 'countRepresentedInQuorum',
    label: 'Les membres représentés comptent pour le quorum',
    hint: "Un membre qui a donné procuration compte comme présent pour le quorum (article R133-10 du CRPA : « y compris les membres ayant donné mandat »).",
  },
  {
    name: 'withdrawnHolderCastsProxy',
    label: 'Un mandataire déporté vote quand même pour son mandant',
    hint: 'Sinon, quand le mandataire se déporte sur un dossier, la voix de son mandant est perdue pour ce dossier.',
  },
  {
    name: 'withdrawalReducesComposition',
    label: 'Un déport réduit le nombre de membres pris en compte pour le quorum',
    hint: 'Sinon, le quorum se calcule toujours sur l’ensemble des membres à voix délibérative, déportés compris.',
  },
];

/** How the commission counts: quorum, proxies, withdrawals; each choice says what it changes. */
export function SessionRulesFields({
  bind,
  choices,
  errors,
  onChange,
}: {
  bind: Binder;
  choices: SessionRuleChoices;
  errors: FieldErrors;
  onChange: (choices: SessionRuleChoices) => void;
}) {
  return (
    <>
      <TextField
        {...bind('sessionRules.quorumPercent')}
        className="fr-col-12 fr-col-md-4"
        label="Quorum (en % des membres)"
        hint="La part des membres à voix délibérative qui doivent être présents pour délibérer. Ex. : 50"
        inputMode="numeric"
        autoComplete="off"
        required
      />
      <RadioButtons
        id={fieldId('sessionRules.quorumComparison')}
        className="fr-col-12 fr-col-md-8"
        legend="Le quorum est atteint avec"
        state={errors['sessionRules.quorumComparison'] ? 'error' : 'default'}
        stateRelatedMessage={errors['sessionRules.quorumComparison']}
        options={[
          {
            label: 'Au moins ce pourcentage',
            hintText: '« La moitié au moins des membres » (article R133-10 du CRPA) : 5 membres sur 10 suffisent.',
            nativeInputProps: {
              name: 'quorum-comparison',
              checked: choices.quorumComparison === 'at_least',
              onChange: () => onChange({ ...choices, quorumComparison: 'at_least' }),
            },
          },
          {
            label: 'Plus de ce pourcentage',
            hintText: '« Plus de la moitié des membres » : il en faut 6 sur 10.',
            nativeInputProps: {
              name: 'quorum-comparison',
              checked: choices.quorumComparison === 'more_than',
              onChange: () => onChange({ ...choices, quorumComparison: 'more_than' }),
            },
          },
        ]}
      />
      <TextField
        {...bind('sessionRules.maxProxiesPerHolder')}
        className="fr-col-12 fr-col-md-4"
        label="Procurations par membre, au plus"
        hint="1 : « nul ne peut détenir plus d'un mandat » (article R133-9 du CRPA) ; 0 : pas de procuration."
        inputMode="numeric"
        autoComplete="off"
        required
      />
      {toggles.map(({ name, label, hint }) => (
        <Checkbox
          key={name}
          className="fr-col-12"
          id={fieldId(`sessionRules.${name}`)}
          options={[
            {
              label,
              hintText: hint,
              nativeInputProps: {
                checked: choices[name],
                onChange: (event) => onChange({ ...choices, [name]: event.target.checked }),
              },
            },
          ]}
        />
      ))}
    </>
  );
}
