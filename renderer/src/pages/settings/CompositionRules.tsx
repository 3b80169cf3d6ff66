import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { structureTypeLabels, structureTypes, type StructureType } from '../../../../shared/dossier';
import { TextField } from '../../components/fields';
import { fieldId, type FieldErrors } from '../../forms';
import { compositionPath, type CompositionMinimum, type CompositionRow } from './form';

const minimums: { field: CompositionMinimum; label: string }[] = [
  { field: 'minHealthProfessionals', label: 'Professionnels de santé, au moins' },
  { field: 'minGeneralPractitioners', label: 'Dont médecins généralistes, au moins' },
  { field: 'minParamedical', label: 'Dont paramédicaux, au moins' },
];

/** What each type of team must count to be eligible; the check of every dossier follows it. */
export function CompositionRules({
  rules,
  errors,
  onChange,
}: {
  rules: Record<StructureType, CompositionRow>;
  errors: FieldErrors;
  onChange: (type: StructureType, row: CompositionRow) => void;
}) {
  return (
    <>
      {structureTypes.map((type) => {
        const row = rules[type];
        return (
          <fieldset key={type} className="fr-col-12 app-subsection">
            <legend className="fr-text--bold fr-mb-2w">{structureTypeLabels[type]}</legend>
            <div className="fr-grid-row fr-grid-row--gutters">
              {minimums.map(({ field, label }) => (
                <TextField
                  key={field}
                  className="fr-col-12 fr-col-md-4"
                  id={fieldId(compositionPath(type, field))}
                  label={label}
                  inputMode="numeric"
                  autoComplete="off"
                  value={row[field]}
                  error={errors[compositionPath(type, field)]}
                  onChange={(value) => onChange(type, { ...row, [field]: value })}
                  required
                />
              ))}
              <Checkbox
                className="fr-col-12"
                id={fieldId(compositionPath(type, 'pharmacistCountsAsParamedical'))}
                options={[
                  {
                    label: 'Un pharmacien compte comme paramédical',
                    nativeInputProps: {
                      checked: row.pharmacistCountsAsParamedical,
                      onChange: (event) =>
                        onChange(type, { ...row, pharmacistCountsAsParamedical: event.target.checked }),
                    },
                  },
                ]}
              />
            </div>
          </fieldset>
        );
      })}
    </>
  );
}
