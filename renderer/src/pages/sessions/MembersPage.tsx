import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { RosterMemberInput, VersionedMember } from '../../../../shared/session';
import { fullName, memberVoiceLabels, memberVoices, type MemberVoice } from '../../../../shared/session-rules';
import type { Organisation } from '../../../../shared/settings';
import { call } from '../../api';
import { DataTable } from '../../components/DataTable';
import { StaleVersionAlert, staleVersionMessage } from '../../components/StaleVersion';
import { ErrorSummary, type ErrorItem } from '../../components/ErrorSummary';
import { Section, SelectField, TextField } from '../../components/fields';
import { useFocusRequest } from '../../components/focus';
import { Page } from '../../components/Page';
import { MergeMembers } from './MergeMembers';
import { fieldId, toFieldErrors, type FieldErrors } from '../../forms';

type TextName = 'civility' | 'firstName' | 'lastName' | 'organisation' | 'title' | 'email';
type MemberForm = Record<TextName, string> & { voice: MemberVoice; active: boolean };

const emptyForm: MemberForm = {
  civility: '',
  firstName: '',
  lastName: '',
  organisation: '',
  title: '',
  email: '',
  voice: 'deliberative',
  active: true,
};

const path = (name: keyof MemberForm) => `member.${name}`;
const FORM_TITLE_ID = 'member-form-title';
const ORGANISATIONS_ID = 'organisations';
/** Suggestions only: each ARS composes its commission its own way. */

const voiceHints: Record<MemberVoice, string> = {
  deliberative: 'Vote, compte pour le quorum, peut détenir un mandat.',
  advisory: 'Participe aux débats sans voter : expert, invité permanent.',
};

type Outcome =
  | { kind: 'saved'; name: string }
  | { kind: 'invalid'; items: ErrorItem[] }
  | { kind: 'failed'; message: string }
  /** Saved elsewhere since it was opened here. */
  | { kind: 'stale'; message: string }
  /** A member of the same name exists: saved only once the user confirms it is another person. */
  | { kind: 'namesake'; message: string };

/** The commission's members, reused from one session to the next. */
export function MembersPage() {
  const [members, setMembers] = useState<VersionedMember[] | null>(null);
  // Paramètres › Organismes: proposed while typing, and a new member takes the organisation's voice.
  const [organisations, setOrganisations] = useState<Organisation[]>([]);
  const [failed, setFailed] = useState<string | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  // The edited member's version when opened: saved elsewhere since, the save is refused.
  const [editedVersion, setEditedVersion] = useState<number | undefined>(undefined);
  const [form, setForm] = useState<MemberForm>(emptyForm);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [saving, setSaving] = useState(false);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const requestFocus = useFocusRequest();

  const load = useCallback(async () => {
    const result = await call('members.list', {});
    if (result.ok) setMembers(result.value);
    else setFailed(result.error.message);
    return result.ok ? result.value : null;
  }, []);

  useEffect(() => {
    void load();
    void call('settings.get', {}).then((result) => result.ok && setOrganisations(result.value.organisations));
  }, [load]);

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  const edit = (member: VersionedMember) => {
    setEditing(member.id);
    setEditedVersion(member.version);
    const { civility, firstName, lastName, organisation, title, email, voice, active } = member;
    setForm({ civility, firstName, lastName, organisation, title, email, voice, active });
    setErrors({});
    setOutcome(null);
    requestFocus(fieldId(path('firstName')));
  };

  const reset = () => {
    setEditing(null);
    setForm(emptyForm);
    setErrors({});
  };

  const save = async (event: FormEvent | null, allowDuplicate = false) => {
    event?.preventDefault();
    setSaving(true);
    const member: RosterMemberInput = { ...form, civility: form.civility as RosterMemberInput['civility'] };
    const result = await call('members.save', {
      member: editing === null ? member : { ...member, id: editing },
      allowDuplicate,
      ...(editing === null ? {} : { expectedVersion: editedVersion }),
    });
    setSaving(false);
    if (result.ok) {
      await load();
      reset();
      setOutcome({ kind: 'saved', name: fullName(result.value) });
      return;
    }
    const { code, message, details = [] } = result.error;
    const stale = staleVersionMessage(result.error);
    if (stale) {
      setOutcome({ kind: 'stale', message: stale });
      return;
    }
    if (code === 'CONFLICT' && details.some((d) => d.field === path('lastName'))) {
      setOutcome({ kind: 'namesake', message });
      return;
    }
    setErrors(toFieldErrors(details));
    if (code !== 'VALIDATION') setOutcome({ kind: 'failed', message });
    else {
      const items = details.length ? details.map((d) => ({ message: d.message, fieldId: fieldId(d.field) })) : [{ message }];
      setOutcome({ kind: 'invalid', items });
    }
  };

  const bind = (name: TextName) => ({
    id: fieldId(path(name)),
    value: form[name],
    error: errors[path(name)],
    onChange: (value: string) => setForm((f) => ({ ...f, [name]: value })),
  });

  return (
    <>
      <Breadcrumb
        className="fr-mt-0 fr-mb-2w"
        segments={[{ label: 'Séances', linkProps: { to: '/seances' } }]}
        currentPageLabel="Membres de la commission"
        homeLinkProps={{ to: '/' }}
      />
      <Page
        title="Membres de la commission"
        lead="Les membres actifs siègent par défaut à chaque nouvelle séance ; leur présence se règle ensuite séance par séance."
      >
        {failed && <Alert severity="error" title="Les membres n'ont pas pu être chargés" description={failed} />}
        {members && members.length === 0 && <p>Aucun membre n'est encore saisi.</p>}
        {members && members.length > 0 && (
          <DataTable
            caption="Membres de la commission"
            hideCaption
            headers={['Membre', 'Organisme', 'Voix', 'Courriel', 'Statut', <span className="fr-sr-only">Actions</span>]}
            rows={members.map((member) => ({
              key: member.id,
              cells: [
                <>
                  {[member.civility, fullName(member)].filter(Boolean).join(' ')}
                  {member.title && <span className="fr-hint-text fr-mb-0">{member.title}</span>}
                </>,
                member.organisation,
                memberVoiceLabels[member.voice],
                member.email || <span className="app-missing">Non renseigné</span>,
                member.active ? (
                  <Badge as="span" small noIcon severity="success">
                    Actif
                  </Badge>
                ) : (
                  <Badge as="span" small noIcon>
                    Inactif
                  </Badge>
                ),
                <Button
                  size="small"
                  priority="secondary"
                  iconId="fr-icon-edit-line"
                  nativeButtonProps={{ 'aria-label': `Modifier ${fullName(member)}` }}
                  onClick={() => edit(member)}
                >
                  Modifier
                </Button>,
              ],
            }))}
          />
        )}

        <form noValidate onSubmit={save} className="app-attach" aria-labelledby={FORM_TITLE_ID}>
          <h2 id={FORM_TITLE_ID} className="fr-h4">
            {editing === null ? 'Ajouter un membre' : `Modifier ${fullName(form)}`}
          </h2>
          <div ref={outcomeRef} tabIndex={-1} className="app-outcome" aria-live="polite">
            {outcome?.kind === 'saved' && (
              <Alert severity="success" small description={`Membre enregistré : ${outcome.name}.`} />
            )}
            {outcome?.kind === 'invalid' && <ErrorSummary title="Le membre n'a pas été enregistré" items={outcome.items} />}
            {outcome?.kind === 'failed' && (
              <Alert severity="error" title="Le membre n'a pas été enregistré" description={outcome.message} />
            )}
            {outcome?.kind === 'stale' && (
              <StaleVersionAlert
                message={outcome.message}
                onReload={() => {
                  const id = editing;
                  void load().then((fresh) => {
                    const member = fresh?.find((m) => m.id === id);
                    if (member) edit(member);
                    else reset();
                  });
                }}
              />
            )}
            {outcome?.kind === 'namesake' && (
              <Alert
                severity="warning"
                title="Un membre porte déjà ce nom"
                description={
                  <>
                    <span>{outcome.message}</span>
                    <span className="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
                      <Button type="button" onClick={() => void save(null, true)}>
                        Enregistrer quand même
                      </Button>
                    </span>
                  </>
                }
              />
            )}
          </div>
          <datalist id={ORGANISATIONS_ID}>
            {organisations.map((o) => (
              <option key={o.name} value={o.name} />
            ))}
          </datalist>
          <Section title="Identité">
            <SelectField
              {...bind('civility')}
              className="fr-col-12 fr-col-md-3"
              label="Civilité"
              placeholder="Non renseignée"
              allowEmpty
              options={[
                { value: 'Mme', label: 'Mme' },
                { value: 'M.', label: 'M.' },
              ]}
            />
            <TextField {...bind('firstName')} className="fr-col-12 fr-col-md-4" label="Prénom" required />
            <TextField {...bind('lastName')} className="fr-col-12 fr-col-md-5" label="Nom" required />
            <TextField
              {...bind('organisation')}
              onChange={(organisation) => {
                const known = editing === null ? organisations.find((o) => o.name === organisation) : undefined;
                setForm((f) => ({ ...f, organisation, voice: known?.voice ?? f.voice }));
              }}
              className="fr-col-12 fr-col-md-4"
              label="Organisme"
              hint="Ex. : ARS, CPAM du Nord, URPS infirmiers"
              list={ORGANISATIONS_ID}
              autoComplete="off"
              required
            />
            <TextField
              {...bind('title')}
              className="fr-col-12 fr-col-md-4"
              label="Qualité (facultatif)"
              hint="Ex. : Directrice de l'offre de soins"
            />
            <TextField {...bind('email')} className="fr-col-12 fr-col-md-4" label="Courriel (facultatif)" type="email" />
          </Section>
          <Section title="Participation">
            <RadioButtons
              id={fieldId(path('voice'))}
              className="fr-col-12 fr-col-md-8"
              legend="Voix"
              state={errors[path('voice')] ? 'error' : 'default'}
              stateRelatedMessage={errors[path('voice')]}
              options={memberVoices.map((voice) => ({
                label: memberVoiceLabels[voice],
                hintText: voiceHints[voice],
                nativeInputProps: {
                  name: 'member-voice',
                  value: voice,
                  checked: form.voice === voice,
                  onChange: () => setForm((f) => ({ ...f, voice })),
                },
              }))}
            />
            <Checkbox
              className="fr-col-12 fr-col-md-4"
              id={fieldId(path('active'))}
              options={[
                {
                  label: 'Membre actif',
                  hintText: 'Siège par défaut aux nouvelles séances. Un membre inactif reste dans les séances passées.',
                  nativeInputProps: {
                    checked: form.active,
                    onChange: (event) => {
                      const active = event.target.checked;
                      setForm((f) => ({ ...f, active }));
                    },
                  },
                },
              ]}
            />
          </Section>
          <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <Button type="submit" iconId="fr-icon-save-line" disabled={saving}>
                {saving ? 'Enregistrement…' : editing === null ? 'Ajouter le membre' : 'Enregistrer les modifications'}
              </Button>
            </li>
            {editing !== null && (
              <li>
                <Button type="button" priority="secondary" onClick={reset}>
                  Annuler la modification
                </Button>
              </li>
            )}
          </ul>
        </form>
        {members && members.length > 1 && <MergeMembers members={members} onMerged={async () => void (await load())} />}
      </Page>
    </>
  );
}
