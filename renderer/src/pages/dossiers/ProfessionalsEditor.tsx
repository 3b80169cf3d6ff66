import { Button } from '@codegouvfr/react-dsfr/Button';
import { classifyProfession, isHealthProfession, professionCategoryLabels } from '../../../../shared/professions';
import { TextField } from '../../components/fields';
import { useFocusRequest } from '../../components/focus';
import { fieldId, type FieldErrors } from '../../forms';
import {
  newProfessionalRow,
  PROFESSIONALS_PATH,
  professionalPath,
  type ProfessionalField,
  type ProfessionalRow,
} from './form';

const ADD_BUTTON_ID = 'add-professional';
const PROFESSIONS_LIST_ID = 'professions-list';

/** Suggestions only: any profession may be typed, and the check classifies what it reads. */
const commonProfessions = [
  'Médecin généraliste',
  'Infirmier',
  'Infirmier en pratique avancée',
  'Masseur-kinésithérapeute',
  'Pharmacien',
  'Sage-femme',
  'Chirurgien-dentiste',
  'Orthophoniste',
  'Pédicure-podologue',
  'Diététicien',
  'Ergothérapeute',
  'Psychomotricien',
  'Orthoptiste',
  'Médecin spécialiste',
  'Psychologue',
  'Assistant de service social',
  'Coordinateur',
  'Secrétaire médicale',
];

/** What the eligibility check will make of the profession, shown while it is typed. */
function professionNote(text: string): string | undefined {
  if (!text.trim()) return undefined;
  const { category, label, precise } = classifyProfession(text);
  if (category === 'unknown') return 'Profession non reconnue : elle ne comptera pas dans la composition.';
  if (!precise) return `${label} : précisez s'il s'agit d'un médecin généraliste.`;
  const family = professionCategoryLabels[category];
  const what = label === family ? label : `${label} — ${family.charAt(0).toLowerCase()}${family.slice(1)}`;
  return isHealthProfession(category) ? `Reconnue : ${what}.` : `${what} : ne compte pas dans la composition.`;
}

const fields: { field: ProfessionalField; label: string; className: string; hint?: string; required?: true }[] = [
  { field: 'lastName', label: 'Nom', className: 'fr-col-12 fr-col-md-3', required: true },
  { field: 'firstName', label: 'Prénom (facultatif)', className: 'fr-col-12 fr-col-md-3' },
  { field: 'profession', label: 'Profession', className: 'fr-col-12 fr-col-md-6', required: true },
  {
    field: 'identifier',
    label: 'N° RPPS ou ADELI (facultatif)',
    className: 'fr-col-12 fr-col-md-3',
    hint: 'RPPS : 11 chiffres ; ADELI : 9 chiffres',
  },
  {
    field: 'communeCode',
    label: "Code INSEE d'exercice (facultatif)",
    className: 'fr-col-12 fr-col-md-3',
    hint: 'Ex. : 02173',
  },
  {
    field: 'communeName',
    label: "Commune d'exercice (facultatif)",
    className: 'fr-col-12 fr-col-md-3',
    hint: 'Ex. : Chauny',
  },
  {
    field: 'role',
    label: 'Rôle (facultatif)',
    className: 'fr-col-12 fr-col-md-3',
    hint: 'Ex. : coordinateur, maître de stage',
  },
];

/** The team, one fieldset per professional; adding or removing one moves the focus sensibly. */
export function ProfessionalsEditor({
  rows,
  errors,
  onChange,
}: {
  rows: ProfessionalRow[];
  errors: FieldErrors;
  onChange: (rows: ProfessionalRow[]) => void;
}) {
  const requestFocus = useFocusRequest();
  const update = (index: number, change: Partial<ProfessionalRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const listError = errors[PROFESSIONALS_PATH];

  return (
    <div className="fr-col-12" id={fieldId(PROFESSIONALS_PATH)} tabIndex={-1}>
      <datalist id={PROFESSIONS_LIST_ID}>
        {commonProfessions.map((profession) => (
          <option key={profession} value={profession} />
        ))}
      </datalist>
      {rows.length === 0 && <p>Aucun professionnel n'est encore listé.</p>}
      {rows.map((row, index) => {
        const number = index + 1;
        return (
          <fieldset key={row.key} className="app-professional">
            <legend className="fr-text--bold fr-mb-2w">Professionnel n° {number}</legend>
            <div className="fr-grid-row fr-grid-row--gutters">
              {fields.map(({ field, label, className, hint, required }) => (
                <TextField
                  key={field}
                  className={className}
                  id={fieldId(professionalPath(index, field))}
                  label={label}
                  hint={hint}
                  note={field === 'profession' ? professionNote(row.profession) : undefined}
                  list={field === 'profession' ? PROFESSIONS_LIST_ID : undefined}
                  inputMode={field === 'identifier' ? 'numeric' : undefined}
                  autoComplete="off"
                  value={row[field]}
                  error={errors[professionalPath(index, field)]}
                  onChange={(value) => update(index, { [field]: value })}
                  required={required}
                />
              ))}
            </div>
            <Button
              type="button"
              priority="tertiary"
              size="small"
              iconId="fr-icon-delete-line"
              className="fr-mt-2w"
              onClick={() => {
                onChange(rows.filter((_, i) => i !== index));
                requestFocus(ADD_BUTTON_ID);
              }}
            >
              Retirer le professionnel n° {number}
            </Button>
          </fieldset>
        );
      })}
      {listError && <p className="fr-message fr-message--error fr-mb-2w">{listError}</p>}
      <Button
        id={ADD_BUTTON_ID}
        type="button"
        priority="secondary"
        iconId="fr-icon-add-line"
        onClick={() => {
          onChange([...rows, newProfessionalRow()]);
          requestFocus(fieldId(professionalPath(rows.length, 'lastName')));
        }}
      >
        Ajouter un professionnel
      </Button>
    </div>
  );
}
