import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { DossierDetail } from '../../../../shared/contract';
import {
  dsStateLabels,
  dsStates,
  structureTypeLabels,
  structureTypes,
  zoningLabels,
  zonings,
} from '../../../../shared/dossier';
import { dossierFields } from '../../../../shared/import-mapping';
import { civilities } from '../../../../shared/people';
import { call } from '../../api';
import { ErrorSummary, type ErrorItem } from '../../components/ErrorSummary';
import { AnswerField, Section, SelectField, TextAreaField, TextField, type Option } from '../../components/fields';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { ChangedElsewhere } from '../../components/ChangedElsewhere';
import { StaleVersionAlert, staleVersionMessage } from '../../components/StaleVersion';
import { useChanges } from '../../useChanges';
import { useFocusRequest } from '../../components/focus';
import { Page } from '../../components/Page';
import { fieldId, parseDecimal, withoutErrorsUnder, type FieldErrors } from '../../forms';
import { formatEuros } from '../../format';
import {
  dataPath,
  fromData,
  kindOf,
  PROFESSIONALS_PATH,
  placeErrors,
  toInput,
  type DossierForm,
  type FormPath,
  type ProfessionalRow,
} from './form';
import type { SavedState } from './DossierPage';
import { ProfessionalsEditor } from './ProfessionalsEditor';

interface FieldSpec {
  path: FormPath;
  className: string;
  /** The import's label by default. */
  label?: string;
  hint?: string;
  required?: true;
  type?: 'email' | 'tel';
  multiline?: true;
}

const full = 'fr-col-12';
const half = 'fr-col-12 fr-col-md-6';
const third = 'fr-col-12 fr-col-md-4';
const quarter = 'fr-col-12 fr-col-md-3';

const sections: { id: string; title: string; hint?: string; fields: FieldSpec[] }[] = [
  {
    id: 'identification',
    title: 'Identification',
    fields: [
      { path: 'name', className: 'fr-col-12 fr-col-md-8', required: true, hint: 'Ex. : ESP de Thiérache' },
      { path: 'structureType', className: third, required: true, hint: 'ESP, MSP, CPTS ou centre de santé' },
      {
        path: 'dsNumber',
        className: third,
        label: 'N° de dossier Démarches Simplifiées (facultatif)',
        hint: 'Vide pour un dossier reçu hors de la plateforme',
      },
      {
        path: 'dsState',
        className: third,
        label: 'État sur Démarches Simplifiées (facultatif)',
        hint: 'Tel qu’affiché sur la plateforme',
      },
      { path: 'submittedAt', className: half, label: 'Déposé le (facultatif)' },
      { path: 'instructionAt', className: half, label: 'Passé en instruction le (facultatif)' },
    ],
  },
  {
    id: 'sponsor',
    title: 'Porteur du projet',
    hint: 'La personne qui dépose le projet au nom de l’équipe ; les courriers lui sont adressés.',
    fields: [
      { path: 'sponsor.civility', className: 'fr-col-12 fr-col-md-2', label: 'Civilité' },
      { path: 'sponsor.firstName', className: 'fr-col-12 fr-col-md-5', label: 'Prénom' },
      { path: 'sponsor.lastName', className: 'fr-col-12 fr-col-md-5', label: 'Nom' },
      { path: 'sponsor.email', className: half, label: 'Courriel', type: 'email' },
      { path: 'sponsor.phone', className: half, label: 'Téléphone', type: 'tel' },
    ],
  },
  {
    id: 'legal-entity',
    title: 'Structure juridique',
    hint: 'Une personne morale est nécessaire pour recevoir une aide ; son représentant légal signe la convention de financement.',
    fields: [
      {
        path: 'legalEntity.form',
        className: third,
        label: 'Forme juridique',
        hint: 'Ex. : Association loi 1901, SISA',
      },
      { path: 'legalEntity.siret', className: third, label: 'SIRET', hint: '14 chiffres' },
      {
        path: 'legalEntity.rna',
        className: third,
        label: 'Numéro RNA',
        hint: 'Pour une association, ex. : W022001234',
      },
      { path: 'legalEntity.representative.civility', className: quarter, label: 'Civilité du représentant légal' },
      { path: 'legalEntity.representative.firstName', className: third, label: 'Prénom du représentant légal' },
      { path: 'legalEntity.representative.lastName', className: 'fr-col-12 fr-col-md-5', label: 'Nom du représentant légal' },
      {
        path: 'legalEntity.representative.capacity',
        className: full,
        label: 'Qualité du représentant légal',
        hint: "Telle qu'elle figurera sur la convention, ex. : président de l'association, gérante de la SISA",
      },
    ],
  },
  {
    id: 'location',
    title: 'Localisation',
    fields: [
      { path: 'address', className: full, label: "Adresse du lieu principal d'exercice" },
      {
        path: 'communeCode',
        className: third,
        label: 'Code INSEE de la commune',
        hint: 'Pas le code postal. Ex. : 02173 pour Chauny',
      },
      { path: 'communeName', className: third, label: 'Commune', hint: 'Ex. : Chauny' },
      { path: 'departmentCode', className: third, label: 'Département', hint: 'Celui de la commune' },
      {
        path: 'zoning',
        className: half,
        label: 'Zonage médecins',
        hint: "Non renseigné : celui du zonage de l'ARS",
      },
      { path: 'apl', className: half, label: 'APL médecins généralistes', hint: 'Ex. : 2,4' },
    ],
  },
  {
    id: 'grant',
    title: 'Aide sollicitée',
    hint: 'Montants en euros, ex. : 20 000. La ventilation sur les trois postes doit égaler le montant sollicité.',
    fields: [
      { path: 'grant.requested', className: quarter, label: 'Montant sollicité' },
      { path: 'grant.engineering', className: quarter, label: 'Ingénierie de projet' },
      { path: 'grant.it', className: quarter, label: 'Investissement informatique' },
      { path: 'grant.furniture', className: quarter, label: 'Mobilier et logistique' },
    ],
  },
  {
    id: 'coordination',
    title: 'Exercice coordonné',
    fields: [
      {
        path: 'coordination.meetingFrequency',
        className: half,
        label: 'Réunions de concertation',
        hint: 'Ex. : mensuelles',
      },
      {
        path: 'coordination.protocolCount',
        className: half,
        label: 'Nombre de protocoles pluriprofessionnels',
        hint: 'Ex. : 2',
      },
      { path: 'coordination.informationSystem', className: half, label: 'Logiciel partagé', hint: 'Ex. : Weda' },
      { path: 'coordination.informationSystemLabelled', className: half, label: "Logiciel labellisé par l'ANS" },
      { path: 'coordination.secureMessaging', className: half, label: 'Messagerie sécurisée de santé (MSSanté)' },
      { path: 'coordination.coordinator', className: half, label: 'Coordinateur identifié' },
      { path: 'coordination.unscheduledCare', className: half, label: 'Soins non programmés' },
      { path: 'coordination.openingHours', className: full, label: "Horaires d'ouverture", multiline: true },
    ],
  },
  {
    id: 'project',
    title: 'Projet de santé',
    fields: [
      { path: 'project.summary', className: full, label: 'Présentation du projet', multiline: true },
      { path: 'project.themes', className: full, label: 'Thématiques', hint: 'Une thématique par ligne.' },
      { path: 'project.startDate', className: third, label: 'Date de démarrage prévue' },
      { path: 'project.declaredProfessionals', className: third, label: 'Nombre de professionnels déclarés' },
      { path: 'project.inPriorityZone', className: third, label: "Projet en zone d'intervention prioritaire" },
      {
        path: 'declaredFiles',
        className: full,
        label: 'Pièces déclarées sur Démarches Simplifiées',
        hint: 'Un nom de fichier par ligne. Les documents eux-mêmes se joignent depuis la page du dossier.',
      },
    ],
  },
];

const optionsOf = <T extends string>(values: readonly T[], labels: Record<T, string>): Option[] =>
  values.map((value) => ({ value, label: labels[value] }));

const civilityChoice = {
  options: civilities.map((c) => ({ value: c, label: c })),
  placeholder: 'Non renseignée',
  allowEmpty: true,
} as const;

const fixedOptions: Partial<Record<FormPath, { options: Option[]; placeholder: string; allowEmpty?: true }>> = {
  structureType: { options: optionsOf(structureTypes, structureTypeLabels), placeholder: 'Choisir un type' },
  dsState: { options: optionsOf(dsStates, dsStateLabels), placeholder: 'Non renseigné', allowEmpty: true },
  'sponsor.civility': civilityChoice,
  'legalEntity.representative.civility': civilityChoice,
  zoning: { options: optionsOf(zonings, zoningLabels), placeholder: 'Non renseigné', allowEmpty: true },
};

const LEGAL_FORMS_ID = 'legal-forms';
const legalForms = ['Association loi 1901', 'SISA', 'SCM', 'SEL', 'SCI', 'Centre de santé associatif', 'Aucune'];

type Loaded =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; dossier: DossierDetail | null; departments: Option[] };

/** « Nouveau dossier » and « Modifier » share the form; only the call and the way back differ. */
export function DossierFormPage() {
  const param = useParams().id;
  const id = param === undefined ? null : Number(param);
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  // Read again when another machine changed the dossier and the form holds no input.
  const [reads, setReads] = useState(0);

  useEffect(() => {
    let current = true;
    void Promise.all([
      call('reference.regions', {}),
      id === null ? Promise.resolve(null) : call('dossiers.get', { id }),
    ]).then(([regions, dossier]) => {
      if (!current) return;
      if (dossier && !dossier.ok) return setLoaded({ status: 'failed', message: dossier.error.message });
      if (!regions.ok) return setLoaded({ status: 'failed', message: regions.error.message });
      const departments = regions.value
        .flatMap((r) => r.departments)
        .sort((a, b) => a.code.localeCompare(b.code))
        .map((d) => ({ value: d.code, label: `${d.code} — ${d.name}` }));
      setLoaded({ status: 'ready', dossier: dossier ? dossier.value : null, departments });
    });
    return () => {
      current = false;
    };
  }, [id, reads]);

  const edited = loaded.status === 'ready' ? loaded.dossier : null;
  return (
    <>
      <Breadcrumb
        className="fr-mt-0 fr-mb-2w"
        segments={[
          { label: 'Dossiers', linkProps: { to: '/dossiers' } },
          ...(edited ? [{ label: edited.data.name, linkProps: { to: `/dossiers/${edited.id}` } }] : []),
        ]}
        currentPageLabel={id === null ? 'Nouveau dossier' : 'Modifier'}
        homeLinkProps={{ to: '/' }}
      />
      <Page title={edited ? `Modifier « ${edited.data.name} »` : id === null ? 'Nouveau dossier' : 'Modifier'}>
        {loaded.status === 'loading' && <p aria-live="polite">Chargement…</p>}
        {loaded.status === 'failed' && (
          <Alert severity="error" title="Le dossier n'a pas pu être chargé" description={loaded.message} />
        )}
        {loaded.status === 'ready' && (
          <DossierEditor
            key={loaded.dossier ? `${loaded.dossier.id} ${loaded.dossier.updatedAt}` : 'new'}
            dossier={loaded.dossier}
            departments={loaded.departments}
            onStale={() => setReads((n) => n + 1)}
          />
        )}
      </Page>
    </>
  );
}

type Outcome = { kind: 'invalid'; items: ErrorItem[] } | { kind: 'failed' | 'stale'; message: string };

function DossierEditor({
  dossier,
  departments,
  onStale,
}: {
  dossier: DossierDetail | null;
  departments: Option[];
  /** The dossier changed elsewhere while the form held no input: to be read again. */
  onStale: () => void;
}) {
  const navigate = useNavigate();
  const focusTarget = (useLocation().state as { focus?: string } | null)?.focus;
  const [form, setForm] = useState<DossierForm>(() => fromData(dossier?.data));
  const [initial] = useState(form);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const [leaveGuard, release] = useUnsavedChanges(dirty);
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  useChanges(dossier ? [{ kind: 'dossier', id: dossier.id }] : [], () => (dirty ? setChangedElsewhere(true) : onStale()));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [saving, setSaving] = useState(false);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const requestFocus = useFocusRequest();

  // Coming from a rule of the eligibility panel: straight to the field it names.
  useEffect(() => {
    if (focusTarget) requestFocus(focusTarget);
  }, [focusTarget, requestFocus]);

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  const setText = (path: FormPath, value: string) => setForm((f) => ({ ...f, text: { ...f.text, [path]: value } }));

  const changeProfessionals = (professionals: ProfessionalRow[]) => {
    // Row errors are indexed: once a row is added or removed they would point at the wrong one.
    if (professionals.length !== form.professionals.length) {
      setErrors((e) => withoutErrorsUnder(e, PROFESSIONALS_PATH));
    }
    setForm((f) => ({ ...f, professionals }));
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const data = toInput(form, dossier?.data);
    const result = dossier
      ? await call('dossiers.update', { id: dossier.id, data, expectedVersion: dossier.version })
      : await call('dossiers.create', { data });
    setSaving(false);
    if (result.ok) {
      const state: SavedState = { saved: dossier ? 'updated' : 'created' };
      release();
      navigate(`/dossiers/${result.value.id}`, { state });
      return;
    }
    const { code, message, details = [] } = result.error;
    const stale = staleVersionMessage(result.error);
    if (stale) {
      setOutcome({ kind: 'stale', message: stale });
      return;
    }
    if (details.length === 0) {
      setErrors({});
      setOutcome(code === 'VALIDATION' ? { kind: 'invalid', items: [{ message }] } : { kind: 'failed', message });
      return;
    }
    const placed = placeErrors(details, form.professionals.length);
    setErrors(placed.errors);
    setOutcome({ kind: 'invalid', items: placed.items });
  };

  const field = (spec: FieldSpec) => {
    const path = dataPath(spec.path);
    const common = {
      id: fieldId(path),
      className: spec.className,
      label: spec.label ?? dossierFields[spec.path].label,
      hint: spec.hint,
      value: form.text[spec.path],
      error: errors[path],
      onChange: (value: string) => setText(spec.path, value),
      required: spec.required,
    };
    const kind = kindOf(spec.path);
    const fixed = fixedOptions[spec.path];
    if (fixed) return <SelectField key={spec.path} {...common} {...fixed} />;
    if (kind === 'department') {
      return <SelectField key={spec.path} {...common} options={departments} placeholder="Non renseigné" allowEmpty />;
    }
    if (kind === 'boolean') return <AnswerField key={spec.path} {...common} />;
    if (kind === 'list' || spec.multiline) {
      return <TextAreaField key={spec.path} {...common} rows={spec.multiline ? 5 : 3} />;
    }
    if (kind === 'date') return <TextField key={spec.path} {...common} type="date" />;
    if (kind === 'instant') return <TextField key={spec.path} {...common} type="datetime-local" />;
    if (kind === 'amount' || kind === 'decimal') {
      return <TextField key={spec.path} {...common} inputMode="decimal" autoComplete="off" />;
    }
    if (kind === 'integer') return <TextField key={spec.path} {...common} inputMode="numeric" autoComplete="off" />;
    if (kind === 'legalForm') return <TextField key={spec.path} {...common} list={LEGAL_FORMS_ID} autoComplete="off" />;
    return <TextField key={spec.path} {...common} type={spec.type} />;
  };

  return (
    <form noValidate onSubmit={save} aria-describedby="dossier-mandatory">
      {leaveGuard}
      {changedElsewhere && <ChangedElsewhere subject="Ce dossier" gender="m" />}
      <div ref={outcomeRef} tabIndex={-1} className="app-outcome">
        {outcome?.kind === 'invalid' && (
          <ErrorSummary title="Le dossier n'a pas été enregistré" items={outcome.items} />
        )}
        {outcome?.kind === 'failed' && (
          <Alert severity="error" title="Le dossier n'a pas été enregistré" description={outcome.message} />
        )}
        {outcome?.kind === 'stale' && (
          <StaleVersionAlert
            message={outcome.message}
            onReload={() => {
              release();
              onStale();
            }}
          />
        )}
      </div>
      <p id="dossier-mandatory" className="fr-hint-text fr-mb-4w">
        Seuls le nom et le type de structure sont obligatoires : le reste peut être complété plus tard. Le contrôle
        d'éligibilité est refait à chaque enregistrement.
      </p>
      <datalist id={LEGAL_FORMS_ID}>
        {legalForms.map((form) => (
          <option key={form} value={form} />
        ))}
      </datalist>

      {sections.map((section) => (
        <Section key={section.id} title={section.title} hint={section.hint}>
          {section.fields.map(field)}
          {section.id === 'grant' && <GrantTotal text={form.text} />}
        </Section>
      ))}

      <Section
        title="Professionnels de l'équipe"
        hint="La composition de l'équipe décide de l'éligibilité : la catégorie reconnue s'affiche sous chaque profession."
      >
        <ProfessionalsEditor rows={form.professionals} errors={errors} onChange={changeProfessionals} />
      </Section>

      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <Button type="submit" iconId="fr-icon-save-line" disabled={saving}>
            {saving ? 'Enregistrement…' : dossier ? 'Enregistrer les modifications' : 'Créer le dossier'}
          </Button>
        </li>
        <li>
          <Button priority="secondary" linkProps={{ to: dossier ? `/dossiers/${dossier.id}` : '/dossiers' }}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  );
}

/** The breakdown as the user types it, against the amount requested. */
function GrantTotal({ text }: { text: Record<FormPath, string> }): ReactNode {
  const parts = ['grant.engineering', 'grant.it', 'grant.furniture'] as const;
  const amounts = parts.map((p) => parseDecimal(text[p] || '0'));
  const requested = parseDecimal(text['grant.requested'] || '0');
  if (requested === undefined || amounts.some((a) => a === undefined)) return null;
  const total = amounts.reduce<number>((sum, a) => sum + (a ?? 0), 0);
  const matches = Math.round(total * 100) === Math.round(requested * 100);
  return (
    <p
      className={`fr-col-12 fr-mb-0 ${matches ? 'fr-hint-text' : 'fr-message fr-message--warning'}`}
      aria-live="polite"
    >
      Total de la ventilation : {formatEuros(total)}
      {matches ? '.' : `, pour ${formatEuros(requested)} sollicités.`}
    </p>
  );
}
