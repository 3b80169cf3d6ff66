import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { FrIconClassName } from '@codegouvfr/react-dsfr';
import type { Output, Region } from '../../../../shared/contract';
import type { StructureType } from '../../../../shared/dossier';
import { civilities } from '../../../../shared/people';
import type { DistanceDelay } from '../../../../shared/settings';
import { call } from '../../api';
import { refusedOutcome, SaveOutcomeMessage, type SaveOutcome } from '../../components/SaveOutcome';
import { Section, SelectField, TextField } from '../../components/fields';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { Page } from '../../components/Page';
import { fieldId, toFieldErrors, withoutErrorsUnder, type FieldErrors } from '../../forms';
import { CompositionRules } from './CompositionRules';
import { DepartmentContacts } from './DepartmentContacts';
import { GridSummary } from './GridSummary';
import { SessionRulesFields } from './SessionRulesFields';
import {
  fromSettings,
  toUpdate,
  withVersions,
  type CompositionRow,
  type DepartmentRow,
  type SettingsForm,
  type TextPath,
} from './form';
import { ZoningImport } from './ZoningImport';
import { EnvelopesForm } from './EnvelopesForm';
import { OrganisationsForm } from './OrganisationsForm';
import { PatternsForm } from './PatternsForm';

type Settings = Output<'settings.get'>;

type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; settings: Settings; regions: Region[] };

export function SettingsPage() {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  // Read again after a save refused because the settings were saved elsewhere meanwhile.
  const [reads, setReads] = useState(0);
  const reload = () => setReads((n) => n + 1);

  useEffect(() => {
    let current = true;
    void Promise.all([call('settings.get', {}), call('reference.regions', {})]).then(([settings, regions]) => {
      if (!current) return;
      if (!settings.ok) setLoaded({ status: 'failed', message: settings.error.message });
      else if (!regions.ok) setLoaded({ status: 'failed', message: regions.error.message });
      else setLoaded({ status: 'ready', settings: settings.value, regions: regions.value });
    });
    return () => {
      current = false;
    };
  }, [reads]);

  return (
    <Page
      title="Paramètres"
      lead="L'identité de l'agence, son signataire et les contacts des départements figurent sur les courriers de décision, les conventions de financement et les procès-verbaux. Les règles de composition et le zonage servent au contrôle d'éligibilité des dossiers."
    >
      {loaded.status === 'loading' && <p aria-live="polite">Chargement des paramètres…</p>}
      {loaded.status === 'failed' && (
        <Alert severity="error" title="Les paramètres n'ont pas pu être chargés" description={loaded.message} />
      )}
      {loaded.status === 'ready' && (
        <>
          <SettingsEditor key={reads} settings={loaded.settings} regions={loaded.regions} onReload={reload} />
          <hr className="fr-mt-6w fr-pb-4w" />
          <ZoningImport />
          <hr className="fr-mt-6w fr-pb-4w" />
          <EnvelopesForm key={reads} envelopes={loaded.settings.envelopes} versions={loaded.settings.versions} onReload={reload} />
          <hr className="fr-mt-6w fr-pb-4w" />
          <section className="app-section" aria-labelledby="members-title">
            <h2 id="members-title" className="fr-h5">
              Membres de la commission
            </h2>
            <p>Les membres, leur organisme et leur voix, repris à chaque nouvelle séance.</p>
            <Button priority="secondary" iconId="fr-icon-team-line" linkProps={{ to: '/seances/membres' }}>
              Gérer les membres de la commission
            </Button>
          </section>
          <hr className="fr-mt-6w fr-pb-4w" />
          <OrganisationsForm key={reads} organisations={loaded.settings.organisations} versions={loaded.settings.versions} onReload={reload} />
          <hr className="fr-mt-6w fr-pb-4w" />
          <PatternsForm key={reads} patterns={loaded.settings.patterns} versions={loaded.settings.versions} onReload={reload} />
          <LinkSection id="templates-title" title="Textes des documents" to="/parametres/modeles" iconId="fr-icon-file-text-line" label="Modifier les textes des documents">
            Les paragraphes types des courriers, des conventions et des procès-verbaux, avec leurs champs.
          </LinkSection>
          <GridSummary />
          <LinkSection id="config-link-title" title="Configuration de l'agence" to="/parametres/configuration" iconId="fr-icon-file-download-line" label="Exporter ou importer la configuration">
            Toute la configuration en un fichier, pour la transmettre à une autre installation ou reprendre la sienne, avec l'aperçu de chaque différence avant l'import.
          </LinkSection>
          <LinkSection id="backups-link-title" title="Sauvegardes et données personnelles" to="/parametres/sauvegardes" iconId="fr-icon-save-3-line" label="Sauvegardes et données personnelles">
            Le dossier des sauvegardes, la sauvegarde et l'archive complète à la demande, la restauration, la durée de conservation des données personnelles.
          </LinkSection>
          <LinkSection id="accounts-link-title" title="Comptes" to="/parametres/comptes" iconId="fr-icon-account-circle-line" label="Gérer les comptes">
            Qui se connecte et avec quel rôle : secrétariat, instruction (ses départements), membre de la commission (ses séances), lecture seule.
          </LinkSection>
          <LinkSection id="shared-base-link-title" title="Base partagée" to="/parametres/base-partagee" iconId="fr-icon-database-line" label="Choisir la base de données">
            Travailler en équipe sur la base PostgreSQL de l'agence, ou revenir à la base de ce poste.
          </LinkSection>
        </>
      )}
    </Page>
  );
}


/** A part of Paramètres that has a screen of its own: what it holds, and the way there. */
function LinkSection({ id, title, to, iconId, label, children }: { id: string; title: string; to: string; iconId: FrIconClassName; label: string; children: ReactNode }) {
  return (
    <section className="app-section fr-mt-4w" aria-labelledby={id}>
      <h2 id={id} className="fr-h5">
        {title}
      </h2>
      <p>{children}</p>
      <Button priority="secondary" iconId={iconId} linkProps={{ to }}>
        {label}
      </Button>
    </section>
  );
}

const half = 'fr-col-12 fr-col-md-6';
const third = 'fr-col-12 fr-col-md-4';
const quarter = 'fr-col-12 fr-col-md-3';
const narrow = 'fr-col-12 fr-col-md-2';

const civilityOptions = civilities.map((c) => ({ value: c, label: c }));

const distanceDelayChoices: { value: DistanceDelay; label: string; hint: string }[] = [
  {
    value: 'none',
    label: 'Aucun délai de distance',
    hint: 'Les courriers indiquent le délai de deux mois, sans autre mention.',
  },
  {
    value: 'overseas',
    label: "Délais de distance de l'outre-mer (article R421-7 du code de justice administrative)",
    hint: "Les courriers ajoutent qu'un mois de plus est accordé aux personnes qui demeurent outre-mer quand le tribunal siège en métropole, ou en métropole quand il siège outre-mer, et deux mois de plus à celles qui demeurent à l'étranger.",
  },
];

function SettingsEditor({ settings, regions, onReload }: { settings: Settings; regions: Region[]; onReload: () => void }) {
  const [form, setForm] = useState<SettingsForm>(() => fromSettings(settings));
  const [saved, setSaved] = useState(form);
  const [versions, setVersions] = useState(settings.versions);
  const [leaveGuard, release] = useUnsavedChanges(JSON.stringify(form) !== JSON.stringify(saved));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [saving, setSaving] = useState(false);
  const outcomeRef = useRef<HTMLDivElement>(null);

  // The outcome is announced, and shown even when the form was submitted from the bottom.
  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  const region = regions.find((r) => r.code === form.text['identity.regionCode']);

  const edit = (change: (form: SettingsForm) => SettingsForm) => {
    setForm(change);
    // "Paramètres enregistrés." would no longer describe what is on screen; errors stay until the next save.
    setOutcome((o) => (o?.kind === 'saved' ? null : o));
  };

  const bind = (path: TextPath) => ({
    id: fieldId(path),
    value: form.text[path],
    error: errors[path],
    onChange: (value: string) => edit((f) => ({ ...f, text: { ...f.text, [path]: value } })),
  });

  /** Civility, first name, last name and title: how the documents name the director and the signatory. */
  const personFields = (who: 'directorGeneral' | 'signatory') => (
    <>
      <SelectField
        {...bind(`identity.${who}.civility`)}
        className={narrow}
        label="Civilité"
        placeholder="Choisir"
        options={civilityOptions}
        required
      />
      <TextField {...bind(`identity.${who}.firstName`)} className={quarter} label="Prénom" required />
      <TextField {...bind(`identity.${who}.lastName`)} className={quarter} label="Nom" required />
      <TextField {...bind(`identity.${who}.title`)} className={third} label="Qualité" required />
    </>
  );

  const changeRegion = (code: string) => {
    const kept = new Set(regions.find((r) => r.code === code)?.departments.map((d) => d.code));
    edit((f) => ({
      ...f,
      text: { ...f.text, 'identity.regionCode': code },
      departments: f.departments.map((row) => (kept.has(row.code) ? row : { ...row, code: '' })),
    }));
  };

  const changeDepartments = (departments: DepartmentRow[]) => {
    // Row errors are indexed: once a row is added or removed they would point at the wrong one.
    if (departments.length !== form.departments.length) {
      setErrors((e) => withoutErrorsUnder(e, 'identity.departments'));
    }
    edit((f) => ({ ...f, departments }));
  };

  const changeComposition = (type: StructureType, row: CompositionRow) =>
    edit((f) => ({ ...f, composition: { ...f.composition, [type]: row } }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const result = await call('settings.update', withVersions(toUpdate(form), versions));
    setSaving(false);
    if (result.ok) {
      setVersions(result.value.versions);
      const stored = fromSettings(result.value);
      setForm(stored);
      setSaved(stored);
      setErrors({});
      setOutcome({ kind: 'saved' });
      return;
    }
    const details = result.error.details ?? [];
    setErrors(toFieldErrors(details));
    setOutcome(refusedOutcome(result.error, details.map((d) => ({ message: d.message, fieldId: fieldId(d.field) }))));
  };

  return (
    <form noValidate onSubmit={save} aria-describedby="settings-mandatory">
      {leaveGuard}
      <SaveOutcomeMessage
        outcome={outcome}
        outcomeRef={outcomeRef}
        saved={{ title: 'Paramètres enregistrés.', description: 'Ils seront repris dans les prochains documents produits.' }}
        refusedTitle="Les paramètres n'ont pas été enregistrés"
        onReload={() => {
          release();
          onReload();
        }}
      />

      <p id="settings-mandatory" className="fr-hint-text fr-mb-4w">
        Sauf mention contraire, tous les champs sont obligatoires.
      </p>

      <Section title="Identité de l'agence">
        <SelectField
          {...bind('identity.regionCode')}
          onChange={changeRegion}
          className={half}
          label="Région"
          hint="Ses départements sont proposés plus bas."
          placeholder="Choisir une région"
          options={regions.map((r) => ({ value: r.code, label: r.name }))}
          required
        />
        <TextField
          {...bind('identity.agencyName')}
          className={half}
          label="Nom de l'agence"
          hint="Ex. : Agence régionale de santé Hauts-de-France"
          required
        />
        <TextField
          {...bind('identity.direction')}
          className={half}
          label="Direction"
          hint="Ex. : Direction de l'offre de soins"
          required
        />
        <TextField
          {...bind('identity.unit')}
          className={half}
          label="Service (facultatif)"
          hint="Ex. : Service premier recours"
        />
      </Section>

      <Section title="Adresse postale">
        <TextField
          {...bind('identity.address.street')}
          className="fr-col-12"
          label="Adresse"
          hint="Numéro et voie, éventuellement boîte postale"
          autoComplete="street-address"
          required
        />
        <TextField
          {...bind('identity.address.postalCode')}
          className={third}
          label="Code postal"
          hint="5 chiffres"
          inputMode="numeric"
          autoComplete="postal-code"
          required
        />
        <TextField
          {...bind('identity.address.city')}
          className="fr-col-12 fr-col-md-8"
          label="Commune"
          hint="Ex. : Lille"
          autoComplete="address-level2"
          required
        />
        <TextField
          {...bind('identity.phone')}
          className={half}
          label="Téléphone (facultatif)"
          hint="Ex. : 03 62 72 77 00"
          type="tel"
          autoComplete="tel"
        />
        <TextField
          {...bind('identity.email')}
          className={half}
          label="Courriel (facultatif)"
          hint="Adresse générique du service, ex. : ars-hdf-premier-recours@ars.sante.fr"
          type="email"
          autoComplete="email"
        />
      </Section>

      <Section
        title="Directeur général"
        hint="Il représente l'agence dans les conventions de financement ; sa civilité accorde sa qualité (« la directrice générale »)."
      >
        {personFields('directorGeneral')}
      </Section>

      <Section
        title="Signataire"
        hint="La personne qui signe les courriers de décision, par exemple la directrice de l'offre de soins ; ses prénom, nom et qualité y figurent en toutes lettres."
      >
        {personFields('signatory')}
        <Checkbox
          id={fieldId('identity.signatory.byDelegation')}
          className="fr-col-12"
          options={[
            {
              label: 'Signe par délégation du directeur général',
              hintText: 'Les courriers porteront la mention « Pour le directeur général et par délégation ».',
              nativeInputProps: {
                checked: form.byDelegation,
                onChange: (event) => {
                  const byDelegation = event.target.checked;
                  edit((f) => ({ ...f, byDelegation }));
                },
              },
            },
          ]}
        />
      </Section>

      <Section
        title="Voies et délais de recours"
        hint="Les courriers de décision indiquent le tribunal devant lequel la décision peut être contestée dans les deux mois (articles R421-1 et R421-5 du code de justice administrative)."
      >
        <TextField
          {...bind('identity.appeal.court')}
          className="fr-col-12 fr-col-md-8"
          label="Tribunal administratif compétent"
          hint="ex. : tribunal administratif de Lille"
          autoComplete="off"
          required
        />
        <RadioButtons
          id={fieldId('identity.appeal.distanceDelay')}
          className="fr-col-12"
          legend="Délais de distance"
          state={errors['identity.appeal.distanceDelay'] ? 'error' : 'default'}
          stateRelatedMessage={errors['identity.appeal.distanceDelay']}
          options={distanceDelayChoices.map(({ value, label, hint }) => ({
            label,
            hintText: hint,
            nativeInputProps: {
              name: 'distance-delay',
              value,
              checked: form.distanceDelay === value,
              onChange: () => edit((f) => ({ ...f, distanceDelay: value })),
            },
          }))}
        />
      </Section>

      <Section
        title="Affaire suivie par"
        hint="La personne que les courriers nomment comme interlocuteur des équipes quand leur département n'en indique pas (facultatif)."
      >
        <TextField
          {...bind('identity.caseOfficer.name')}
          className={third}
          label="Prénom et nom (facultatif)"
          hint="Ex. : Julie Caron"
          autoComplete="off"
        />
        <TextField
          {...bind('identity.caseOfficer.email')}
          className={third}
          label="Courriel (facultatif)"
          hint="Sinon, celui du département ou de l'agence"
          type="email"
          autoComplete="off"
        />
        <TextField
          {...bind('identity.caseOfficer.phone')}
          className={third}
          label="Téléphone (facultatif)"
          hint="Sinon, celui du département ou de l'agence"
          type="tel"
          autoComplete="off"
        />
      </Section>

      <Section
        title="Départements et contacts"
        hint="Les départements de la région suivis par le service, avec le contact indiqué aux équipes et, s'il y a lieu, la personne qui suit leurs dossiers."
      >
        <DepartmentContacts rows={form.departments} region={region} errors={errors} onChange={changeDepartments} />
      </Section>

      <Section title="Aide au démarrage">
        <TextField
          {...bind('grants.defaultStartupGrant')}
          className={third}
          label="Montant par défaut (en euros)"
          hint="Proposé pour chaque équipe retenue, modifiable dossier par dossier. Ex. : 20 000"
          inputMode="decimal"
          autoComplete="off"
          required
        />
        <TextField
          {...bind('grants.ceiling')}
          className={third}
          label="Plafond (en euros)"
          hint="Aucun avis ni aucune décision ne peut accorder davantage. Ex. : 50 000"
          inputMode="decimal"
          autoComplete="off"
          required
        />
      </Section>

      <Section
        title="Règles de séance"
        hint="Comment la commission compte son quorum, les procurations et les déports. Par défaut, les règles des commissions administratives consultatives (articles R133-9 à R133-12 du code des relations entre le public et l'administration)."
      >
        <SessionRulesFields
          bind={bind}
          choices={form.sessionRules}
          errors={errors}
          onChange={(sessionRules) => edit((f) => ({ ...f, sessionRules }))}
        />
      </Section>

      <Section
        title="Composition des équipes"
        hint="Le nombre minimal de professionnels que chaque type de structure doit compter pour être éligible ; 0 signifie « pas de minimum ». Les psychologues, ostéopathes et autres professions hors du code de la santé publique ne comptent pas. Une modification met à jour le contrôle de tous les dossiers."
      >
        <CompositionRules rules={form.composition} errors={errors} onChange={changeComposition} />
      </Section>

      <Button type="submit" iconId="fr-icon-save-line" disabled={saving}>
        {saving ? 'Enregistrement…' : 'Enregistrer les paramètres'}
      </Button>
    </form>
  );
}
