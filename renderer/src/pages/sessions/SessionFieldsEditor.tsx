import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ChangedElsewhere } from '../../components/ChangedElsewhere';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import type { AppErrorData } from '../../../../shared/result';
import type { RosterMember, SessionDetail, SessionFieldsInput } from '../../../../shared/session';
import { refusedOutcome, SaveOutcomeMessage, type SaveOutcome } from '../../components/SaveOutcome';
import { Section, SelectField, TextField } from '../../components/fields';
import { fieldId, type FieldErrors } from '../../forms';
import {
  fromSession,
  placeSessionErrors,
  sessionFieldPath,
  toFields,
  type SessionFieldsForm,
  type SessionTextField,
} from './fieldsForm';
import { memberLabel } from './labels';


const third = 'fr-col-12 fr-col-md-4';
const half = 'fr-col-12 fr-col-md-6';

/**
 * The session's date, times, place and chair: « Nouvelle séance » and the information tab share
 * it; only the call behind `onSubmit` differs.
 */
export function SessionFieldsEditor({
  session,
  roster,
  submitLabel,
  onSubmit,
  secondaryAction,
  onReload,
}: {
  session?: SessionDetail;
  roster: RosterMember[];
  submitLabel: string;
  /** The handler's error, or null once saved; `expectedVersion`: the session's version the form was filled from. */
  onSubmit: (fields: SessionFieldsInput, expectedVersion?: number) => Promise<AppErrorData | null>;
  /** Reads the session again, after a save refused because it was saved elsewhere meanwhile. */
  onReload?: () => Promise<unknown>;
  secondaryAction?: ReactNode;
}) {
  const [form, setForm] = useState<SessionFieldsForm>(() => fromSession(session));
  const [saved, setSaved] = useState(form);
  const dirty = JSON.stringify(form) !== JSON.stringify(saved);
  const [leaveGuard, release] = useUnsavedChanges(dirty);
  // The session as saved now, here or on another machine: taken up unless the form holds input.
  const current = JSON.stringify(fromSession(session));
  const changedElsewhere = dirty && current !== JSON.stringify(saved);
  // The version the form's values come from: sent with the save, so that one made over a newer session is refused.
  const version = session?.version;
  const [savedVersion, setSavedVersion] = useState(version);
  useEffect(() => {
    if (dirty) return;
    const latest = JSON.parse(current) as SessionFieldsForm;
    setForm(latest);
    setSaved(latest);
    setSavedVersion(version);
  }, [current, dirty, version]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [saving, setSaving] = useState(false);
  const outcomeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  const bind = (name: SessionTextField) => ({
    id: fieldId(sessionFieldPath(name)),
    value: form[name],
    error: errors[sessionFieldPath(name)],
    onChange: (value: string) => {
      setForm((f) => ({ ...f, [name]: value }));
      setOutcome((o) => (o?.kind === 'saved' ? null : o));
    },
  });

  // The chair is chosen among the active members, or stays the one already chosen.
  const chairs = roster.filter((m) => m.active || String(m.id) === form.chairMemberId);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    // A creation goes to the new session's page once saved.
    release();
    const error = await onSubmit(toFields(form), savedVersion);
    setSaving(false);
    if (!error) {
      setSaved(form);
      setErrors({});
      setOutcome({ kind: 'saved' });
      return;
    }
    release(false);
    const placed = placeSessionErrors(error.details ?? []);
    setErrors(placed.errors);
    setOutcome(refusedOutcome(error, placed.items));
  };

  return (
    <form noValidate onSubmit={save}>
      {leaveGuard}
      {changedElsewhere && <ChangedElsewhere subject="La séance" gender="f" />}
      <SaveOutcomeMessage
        outcome={outcome}
        outcomeRef={outcomeRef}
        saved={session ? { description: 'Les informations de la séance sont enregistrées.' } : null}
        refusedTitle="La séance n'a pas été enregistrée"
        onReload={
          onReload &&
          (() => {
            // The input given up: the form takes the session as it is read again.
            setForm(saved);
            setOutcome(null);
            void onReload();
          })
        }
      />

      <Section title="Date et numéro">
        <TextField {...bind('number')} className={third} label="Numéro de la séance" hint="Ex. : 2026-04" required />
        <TextField
          {...bind('title')}
          className="fr-col-12 fr-col-md-8"
          label="Intitulé (facultatif)"
          hint="Ex. : Commission de sélection des projets d'exercice coordonné"
        />
        <TextField {...bind('date')} className={third} label="Date" type="date" required />
        <TextField {...bind('startTime')} className={third} label="Heure de début (facultatif)" type="time" />
        <TextField {...bind('endTime')} className={third} label="Heure de fin (facultatif)" type="time" />
      </Section>

      <Section title="Lieu" hint="Indiquez le lieu, le lien de visioconférence, ou les deux pour une séance mixte.">
        <TextField
          {...bind('place')}
          className={half}
          label="Lieu"
          hint="Ex. : ARS Hauts-de-France, salle du conseil, Lille"
        />
        <TextField
          {...bind('videoLink')}
          className={half}
          label="Lien de visioconférence"
          hint="Pour les membres qui participent à distance"
        />
      </Section>

      <Section title="Présidence et secrétariat">
        <SelectField
          {...bind('chairMemberId')}
          className={half}
          label="Président de séance"
          hint={roster.length ? 'Choisi parmi les membres de la commission' : "Ajoutez d'abord les membres de la commission."}
          placeholder="Non désigné"
          allowEmpty
          options={chairs.map((m) => ({ value: String(m.id), label: memberLabel(m) }))}
        />
        <TextField {...bind('secretary')} className={half} label="Secrétaire de séance" hint="Ex. : Julie Perrin" />
        <Checkbox
          className="fr-col-12"
          id={fieldId(sessionFieldPath('reconvened'))}
          options={[
            {
              label: 'Nouvelle convocation après un quorum non atteint',
              hintText:
                "La commission, convoquée à nouveau sur le même ordre du jour, délibère alors sans condition de quorum (article R133-10 du code des relations entre le public et l'administration).",
              nativeInputProps: {
                checked: form.reconvened,
                onChange: (event) => {
                  const reconvened = event.target.checked;
                  setForm((f) => ({ ...f, reconvened }));
                },
              },
            },
          ]}
        />
      </Section>

      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <Button type="submit" iconId="fr-icon-save-line" disabled={saving}>
            {saving ? 'Enregistrement…' : submitLabel}
          </Button>
        </li>
        {secondaryAction && <li>{secondaryAction}</li>}
      </ul>
    </form>
  );
}
