import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { Output } from '../../../../../shared/contract';
import {
  defaultTemplates,
  fillTemplate,
  placeholders,
  templateKeys,
  templateLabels,
  unknownPlaceholders,
  type Placeholder,
  type TemplateKey,
} from '../../../../../shared/templates';
import { call } from '../../../api';
import { useSectionVersion } from '../useSectionVersion';
import { refusedOutcome, SaveOutcomeMessage, type SaveOutcome } from '../../../components/SaveOutcome';
import { TextAreaField } from '../../../components/fields';
import { useUnsavedChanges } from '../../../components/useUnsavedChanges';
import { focusField } from '../../../components/focus';
import { Page } from '../../../components/Page';
import { fieldId, toFieldErrors, type FieldErrors } from '../../../forms';
import { listOf } from '../../../format';
import { documentKindLabels } from '../../../../../shared/documents';
import { useLoad } from '../../documents/useLoad';
import { sampleValues } from './samples';
import './templates.css';

type Settings = Output<'settings.get'>;
type Texts = Record<TemplateKey, string>;

const groups = [
  { title: documentKindLabels.decision_letter, prefix: 'letter' },
  { title: documentKindLabels.funding_agreement, prefix: 'agreement' },
  { title: documentKindLabels.minutes, prefix: 'minutes' },
  { title: 'Convocation des membres', prefix: 'convocation' },
  { title: 'Courriels', prefix: 'mail' },
] as const;

/** Without it no decision letter is produced: the appeal deadline would never start. */
const APPEAL: TemplateKey = 'letterAppeal';

const pathOf = (key: TemplateKey) => `templates.${key}`;
const isTemplateKey = (value: string | null): value is TemplateKey =>
  (templateKeys as readonly string[]).includes(value ?? '');

/** What the handler would refuse, said while typing. */
function unknownMessage(text: string): string | undefined {
  const names = unknownPlaceholders(text).map((name) => `« {{${name}}} »`);
  if (names.length === 0) return undefined;
  const verdict = names.length > 1 ? 'ces champs ne sont pas connus' : "ce champ n'est pas connu";
  return `${listOf(names)} : ${verdict}. Choisissez parmi les champs disponibles.`;
}

export function TemplatesPage() {
  const { loaded, reload } = useLoad(() => call('settings.get', {}), []);
  return (
    <>
      <Breadcrumb
        className="fr-mt-0 fr-mb-2w"
        segments={[{ label: 'Paramètres', linkProps: { to: '/parametres' } }]}
        currentPageLabel="Modèles de documents"
        homeLinkProps={{ to: '/' }}
      />
      <Page
        title="Modèles de documents"
        lead="Les paragraphes types des courriers de décision, des conventions de financement et des procès-verbaux. Les champs entre doubles accolades, comme {{dossier.nom}}, sont remplacés dans chaque document."
      >
        {loaded.status === 'loading' && <p aria-live="polite">Chargement des modèles…</p>}
        {loaded.status === 'failed' && (
          <Alert severity="error" title="Les modèles n'ont pas pu être chargés" description={loaded.message} />
        )}
        {loaded.status === 'ready' && (
          <TemplatesEditor key={loaded.value.versions.templates} settings={loaded.value} onReload={() => void reload()} />
        )}
      </Page>
    </>
  );
}


function TemplatesEditor({ settings, onReload }: { settings: Settings; onReload: () => void }) {
  const version = useSectionVersion('templates', settings.versions);
  const [texts, setTexts] = useState<Texts>(settings.templates);
  const [saved, setSaved] = useState(texts);
  const [leaveGuard] = useUnsavedChanges(JSON.stringify(texts) !== JSON.stringify(saved));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [saving, setSaving] = useState(false);
  /** The paragraph a placeholder goes into: the last one the cursor was in. */
  const [current, setCurrent] = useState<TemplateKey | null>(null);
  /** Where the cursor goes once an inserted placeholder is on screen. */
  const [cursor, setCursor] = useState<{ key: TemplateKey; at: number } | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const [params] = useSearchParams();
  const samples = sampleValues(settings.identity);

  // A refusal's link leads to the paragraph to complete.
  useEffect(() => {
    const asked = params.get('paragraphe');
    if (isTemplateKey(asked)) focusField(fieldId(pathOf(asked)));
  }, [params]);

  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  useEffect(() => {
    if (!cursor) return;
    const area = document.getElementById(fieldId(pathOf(cursor.key)));
    if (area instanceof HTMLTextAreaElement) {
      area.focus();
      area.setSelectionRange(cursor.at, cursor.at);
    }
    setCursor(null);
  }, [cursor]);

  const edit = (key: TemplateKey, text: string) => {
    setTexts((t) => ({ ...t, [key]: text }));
    // The handler's message on this paragraph described the text before the edit.
    setErrors((e) => ({ ...e, [pathOf(key)]: undefined }));
    setOutcome((o) => (o?.kind === 'saved' ? null : o));
  };

  const insert = (name: Placeholder) => {
    if (!current) return;
    const area = document.getElementById(fieldId(pathOf(current)));
    const text = texts[current];
    const [start, end] =
      area instanceof HTMLTextAreaElement ? [area.selectionStart, area.selectionEnd] : [text.length, text.length];
    const token = `{{${name}}}`;
    edit(current, text.slice(0, start) + token + text.slice(end));
    setCursor({ key: current, at: start + token.length });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const result = await call('settings.update', { templates: texts, expectedVersions: version.expectedVersions });
    setSaving(false);
    if (result.ok) {
      version.saved(result.value);
      setTexts(result.value.templates);
      setSaved(result.value.templates);
      setErrors({});
      setOutcome({ kind: 'saved' });
      return;
    }
    const details = result.error.details ?? [];
    setErrors(toFieldErrors(details));
    setOutcome(refusedOutcome(result.error, details.map((d) => ({ message: d.message, fieldId: fieldId(d.field) }))));
  };

  return (
    <div className="fr-grid-row fr-grid-row--gutters">
      {leaveGuard}
      <form noValidate onSubmit={save} className="fr-col-12 fr-col-lg-8">
        <SaveOutcomeMessage
          outcome={outcome}
          outcomeRef={outcomeRef}
          saved={{
            title: 'Modèles enregistrés.',
            description: 'Ils seront repris dans les prochains documents produits et dans les aperçus.',
          }}
          refusedTitle="Les modèles n'ont pas été enregistrés"
          onReload={onReload}
        />
        {groups.map((group) => (
          <fieldset key={group.prefix} className="fr-fieldset app-section">
            <legend className="fr-fieldset__legend">
              <h2 className="fr-h5 fr-mb-0">{group.title}</h2>
            </legend>
            {templateKeys
              .filter((key) => key.startsWith(group.prefix))
              .map((key) => (
                <TemplateParagraph
                  key={key}
                  templateKey={key}
                  text={texts[key]}
                  error={errors[pathOf(key)] ?? unknownMessage(texts[key])}
                  preview={fillTemplate(texts[key], samples)}
                  onChange={(text) => edit(key, text)}
                  onFocus={() => setCurrent(key)}
                />
              ))}
          </fieldset>
        ))}
        <Button type="submit" iconId="fr-icon-save-line" disabled={saving}>
          {saving ? 'Enregistrement…' : 'Enregistrer les modèles'}
        </Button>
      </form>
      <aside className="fr-col-12 fr-col-lg-4" aria-labelledby="placeholders-title">
        <div className="app-placeholders">
          <h2 id="placeholders-title" className="fr-h6 fr-mb-1w">
            Champs disponibles
          </h2>
          <p className="fr-text--sm fr-mb-2w" aria-live="polite">
            {current
              ? `Un clic insère le champ à l'emplacement du curseur dans « ${templateLabels[current]} ».`
              : "Placez le curseur dans un paragraphe, puis cliquez sur un champ pour l'y insérer."}
          </p>
          <ul className="app-placeholder-list">
            {(Object.keys(placeholders) as Placeholder[]).map((name) => (
              <li key={name}>
                <button
                  type="button"
                  className="app-placeholder"
                  disabled={!current}
                  // Keeps the cursor's place in the paragraph until the click inserts there.
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => insert(name)}
                >
                  <code>{`{{${name}}}`}</code>
                  <span className="fr-hint-text fr-mb-0">{placeholders[name]}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      </aside>
    </div>
  );
}

function TemplateParagraph({
  templateKey,
  text,
  error,
  preview,
  onChange,
  onFocus,
}: {
  templateKey: TemplateKey;
  text: string;
  error: string | undefined;
  preview: string;
  onChange: (text: string) => void;
  onFocus: () => void;
}) {
  const isDefault = text === defaultTemplates[templateKey];
  return (
    <div className="fr-fieldset__element app-template" onFocus={onFocus}>
      <TextAreaField
        id={fieldId(pathOf(templateKey))}
        label={templateLabels[templateKey]}
        value={text}
        error={error}
        onChange={onChange}
        rows={Math.min(10, Math.max(3, Math.ceil(text.length / 90)))}
      />
      {templateKey === APPEAL && !text.trim() && (
        <Alert
          small
          severity="warning"
          className="fr-mb-2w"
          description="Sans ce paragraphe, aucun courrier de décision ne peut être produit : les voies et délais de recours sont une mention obligatoire."
        />
      )}
      <div className="app-template-preview">
        <p className="fr-hint-text fr-mb-1v">Aperçu avec des valeurs d'exemple</p>
        <p className="fr-mb-0">{preview || <span className="app-missing">Paragraphe vide</span>}</p>
      </div>
      <Button
        type="button"
        size="small"
        priority="tertiary no outline"
        iconId="fr-icon-arrow-go-back-line"
        disabled={isDefault}
        nativeButtonProps={{ 'aria-label': `Rétablir le texte par défaut : ${templateLabels[templateKey]}` }}
        onClick={() => onChange(defaultTemplates[templateKey])}
      >
        Rétablir le texte par défaut
      </Button>
    </div>
  );
}
