import { Button } from '@codegouvfr/react-dsfr/Button';
import type { Region } from '../../../../shared/contract';
import { SelectField, TextField } from '../../components/fields';
import { useFocusRequest } from '../../components/focus';
import { fieldId, type FieldErrors } from '../../forms';
import { departmentPath, newDepartmentRow, type DepartmentRow } from './form';

const ADD_BUTTON_ID = 'add-department';

/** The départements the ARS covers, each with the contact and the officer its documents name. */
export function DepartmentContacts({
  rows,
  region,
  errors,
  onChange,
}: {
  rows: DepartmentRow[];
  region: Region | undefined;
  errors: FieldErrors;
  onChange: (rows: DepartmentRow[]) => void;
}) {
  const setFocusId = useFocusRequest();

  const options = (region?.departments ?? []).map((d) => ({ value: d.code, label: `${d.code} — ${d.name}` }));
  const update = (index: number, change: Partial<DepartmentRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));

  const listError = errors['identity.departments'];
  return (
    <div className="fr-col-12">
      {rows.length === 0 && <p>Aucun département n'est encore renseigné.</p>}
      {rows.map((row, index) => {
        const number = index + 1;
        return (
          <fieldset key={row.key} className="app-department-row">
            <legend className="fr-sr-only">Contact n° {number}</legend>
            <div className="fr-grid-row fr-grid-row--gutters">
              <SelectField
                className="fr-col-12 fr-col-md-5"
                id={fieldId(departmentPath(index, 'code'))}
                label="Département"
                hint={region ? undefined : "Choisissez d'abord la région."}
                placeholder="Choisir un département"
                options={options}
                value={row.code}
                error={errors[departmentPath(index, 'code')]}
                onChange={(code) => update(index, { code })}
                required
              />
              <TextField
                className="fr-col-12 fr-col-md-5"
                id={fieldId(departmentPath(index, 'email'))}
                label="Courriel de contact"
                type="email"
                autoComplete="off"
                value={row.email}
                error={errors[departmentPath(index, 'email')]}
                onChange={(email) => update(index, { email })}
                required
              />
              <div className="fr-col-12 fr-col-md-2 app-row-action">
                <Button
                  type="button"
                  priority="tertiary"
                  iconId="fr-icon-delete-line"
                  nativeButtonProps={{ 'aria-label': `Retirer le contact n° ${number}` }}
                  onClick={() => {
                    onChange(rows.filter((_, i) => i !== index));
                    setFocusId(ADD_BUTTON_ID);
                  }}
                >
                  Retirer
                </Button>
              </div>
              <TextField
                className="fr-col-12 fr-col-md-5"
                id={fieldId(departmentPath(index, 'officerName'))}
                label="Affaire suivie par (facultatif)"
                hint="Prénom et nom de la personne qui suit les dossiers du département"
                autoComplete="off"
                value={row.officerName}
                error={errors[departmentPath(index, 'officerName')]}
                onChange={(officerName) => update(index, { officerName })}
              />
              <TextField
                className="fr-col-12 fr-col-md-5"
                id={fieldId(departmentPath(index, 'phone'))}
                label="Téléphone de contact (facultatif)"
                hint="Ex. : 03 23 26 89 00"
                type="tel"
                autoComplete="off"
                value={row.phone}
                error={errors[departmentPath(index, 'phone')]}
                onChange={(phone) => update(index, { phone })}
              />
            </div>
          </fieldset>
        );
      })}
      {listError && (
        <p id={fieldId('identity.departments')} className="fr-message fr-message--error fr-mb-2w">
          {listError}
        </p>
      )}
      <Button
        id={ADD_BUTTON_ID}
        type="button"
        priority="secondary"
        iconId="fr-icon-add-line"
        onClick={() => {
          onChange([...rows, newDepartmentRow()]);
          setFocusId(fieldId(departmentPath(rows.length, 'code')));
        }}
      >
        Ajouter un département
      </Button>
    </div>
  );
}
