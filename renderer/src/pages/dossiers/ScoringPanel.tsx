import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { useEffect, useState, type ReactNode } from 'react';
import type { ErrorDetail } from '../../../../shared/result';
import {
  computeScore,
  readScoreInput,
  type Criterion,
  type ScoreResult,
  type ScoreSheet,
  type ScoringGrid,
} from '../../../../shared/scoring';
import type { RosterMember, ScoresView } from '../../../../shared/session';
import { fullName, opinionKindLabels } from '../../../../shared/session-rules';
import { call } from '../../api';
import { AxesChart } from '../../components/AxesChart';
import { DataTable } from '../../components/DataTable';
import { StaleVersionAlert, staleVersionMessage } from '../../components/StaleVersion';
import { ErrorSummary, type ErrorItem } from '../../components/ErrorSummary';
import { SelectField, TextField } from '../../components/fields';
import { fieldId, type FieldErrors } from '../../forms';
import { countOf, formatInstant, formatNumber } from '../../format';
import { memberLabel } from '../sessions/labels';
import { useAuth } from '../../auth';
import type { Account } from '../../../../shared/accounts';

/** The sheet as typed: points per criterion ('' while not scored), the optional axes set aside. */
interface SheetDraft {
  values: Record<string, string>;
  setAside: string[];
}

const draftOf = (sheet: ScoreSheet | undefined): SheetDraft => ({
  values: Object.fromEntries(Object.entries(sheet?.values ?? {}).map(([id, v]) => [id, String(v)])),
  setAside: sheet?.setAside ?? [],
});

/**
 * The draft read against the grid: the values that are notes of their criterion (what the live
 * total counts and what is saved), and a message naming the criterion for each one that is not.
 */
function readDraft(grid: ScoringGrid, draft: SheetDraft): { sheet: ScoreSheet; problems: Map<string, string> } {
  const values: Record<string, number> = {};
  const problems = new Map<string, string>();
  for (const criterion of grid.axes.flatMap((axis) => axis.criteria)) {
    const read = readScoreInput(criterion, draft.values[criterion.id] ?? '');
    if (read && 'value' in read) values[criterion.id] = read.value;
    else if (read) problems.set(criterion.id, read.problem);
  }
  return { sheet: { values, setAside: draft.setAside }, problems };
}

const valuePath = (criterionId: string) => `sheet.values.${criterionId}`;

function scorerLabel(scorer: string, members: RosterMember[]): string {
  if (scorer === 'instructor') return 'Instructeur';
  if (scorer === 'consensus') return 'Consensus retenu';
  const id = Number(scorer.slice('member:'.length));
  const member = members.find((m) => m.id === id);
  return member ? fullName(member) : `Membre n° ${id}`;
}

/** « 58 / 100 (58 %) ». */
const totalText = (result: ScoreResult) =>
  `${formatNumber(result.total)} / ${formatNumber(result.max)} (${formatNumber(Math.round(result.percentage))} %)`;

function SuggestedOpinion({ result }: { result: ScoreResult }) {
  if (!result.opinion) {
    return (
      <Badge as="span" small severity="warning">
        {countOf(result.missing.length, 'critère non noté', 'critères non notés')}
      </Badge>
    );
  }
  return <span>Avis suggéré : {opinionKindLabels[result.opinion]}</span>;
}

/** The sheets an account saves: an instructor the instructor's, a member their own; null: every one (the secretariat, or no account). */
function ownScorers(account: Account | null): string[] | null {
  if (account?.role === 'instructor') return ['instructor'];
  if (account?.role === 'member') return [`member:${account.memberId}`];
  return null;
}

/**
 * The dossier's evaluation on the session's grid: the values suggested from the dossier stay
 * suggestions until someone confirms them; each scorer's sheet, the consensus and where the
 * scorers disagree. Read-only once the dossier's session is closed.
 */
export function ScoringPanel({ dossierId }: { dossierId: number }) {
  const [view, setView] = useState<ScoresView | null>(null);
  const [members, setMembers] = useState<RosterMember[]>([]);
  const [failed, setFailed] = useState<string | null>(null);
  const { status, can } = useAuth();
  const scorers = ownScorers(status.account);
  const [scorer, setScorer] = useState(scorers?.[0] ?? 'instructor');
  const [draft, setDraft] = useState<SheetDraft>({ values: {}, setAside: [] });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problems, setProblems] = useState<ErrorItem[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [stale, setStale] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void Promise.all([call('scores.get', { dossierId }), call('members.list', {})]).then(([scores, roster]) => {
      if (!current) return;
      if (!scores.ok) return setFailed(scores.error.message);
      setView(scores.value);
      setDraft(draftOf(scores.value.sheets.find((s) => s.scorer === (scorers?.[0] ?? 'instructor'))?.sheet));
      if (roster.ok) setMembers(roster.value);
    });
    return () => {
      current = false;
    };
  }, [dossierId]);

  if (failed) return <Alert className="fr-mb-6w" severity="error" title="L'évaluation n'a pas pu être chargée" description={failed} />;
  if (!view) return <p aria-live="polite">Chargement de l'évaluation…</p>;

  const { grid } = view;
  // A read-only account sees the sheets as a closed session's.
  const locked = view.locked || !can('scores.save');
  const suggestion = new Map(view.suggestions.map((s) => [s.criterionId, s]));
  const saved = view.sheets.find((s) => s.scorer === scorer);
  const read = readDraft(grid, draft);
  const live = computeScore(grid, read.sheet);

  const chooseScorer = (next: string) => {
    setScorer(next);
    setDraft(draftOf(view.sheets.find((s) => s.scorer === next)?.sheet));
    setErrors({});
    setProblems(null);
    setNotice(null);
  };
  // A message goes with the next action: typing in a field drops its error and the last notice.
  const setValue = (criterionId: string, value: string) => {
    setDraft((d) => ({ ...d, values: { ...d.values, [criterionId]: value } }));
    setNotice(null);
    const path = valuePath(criterionId);
    if (errors[path]) {
      setErrors(({ [path]: _dropped, ...rest }) => rest);
      setProblems((items) => {
        const left = items?.filter((item) => item.fieldId !== fieldId(path)) ?? [];
        return left.length ? left : null;
      });
    }
  };
  /** Refuses what is not a note before asking the services, each message next to its field. */
  const saveDraft = () => {
    if (read.problems.size === 0) {
      void save(scorer, read.sheet, `Notes enregistrées : ${scorerLabel(scorer, members)}.`);
      return;
    }
    setNotice(null);
    setErrors(Object.fromEntries([...read.problems].map(([id, message]) => [valuePath(id), message])));
    setProblems([...read.problems].map(([id, message]) => ({ message, fieldId: fieldId(valuePath(id)) })));
  };
  const retainAll = () => {
    const values = { ...draft.values };
    for (const s of view.suggestions) if (s.value !== null && !values[s.criterionId]) values[s.criterionId] = String(s.value);
    setDraft((d) => ({ ...d, values }));
  };

  const save = async (who: string, sheet: ScoreSheet, done: string) => {
    setBusy(true);
    // Version 0 is the default grid not saved yet: the handler saves it as the first version.
    const gridVersion = view.gridVersion > 0 ? view.gridVersion : undefined;
    // The sheet as loaded (0: none yet): saved elsewhere since, the save is refused.
    const expectedVersion = view.sheets.find((s) => s.scorer === who)?.version ?? 0;
    const result = await call('scores.save', { dossierId, gridVersion, scorer: who, sheet, expectedVersion });
    setBusy(false);
    setStale(result.ok ? null : staleVersionMessage(result.error));
    if (!result.ok && staleVersionMessage(result.error)) {
      setErrors({});
      setProblems(null);
      return;
    }
    if (result.ok) {
      setView(result.value);
      setErrors({});
      setProblems(null);
      setNotice(done);
      return;
    }
    const details: ErrorDetail[] = result.error.details ?? [];
    const placed: FieldErrors = {};
    for (const d of details) placed[d.field] ??= d.message;
    setErrors(placed);
    setProblems(
      details.length
        ? details.map((d) => ({ message: d.message, fieldId: d.field.startsWith('sheet.values.') ? fieldId(d.field) : undefined }))
        : [{ message: result.error.message }],
    );
  };

  /** The sheets read again; the scorer's input given up for their sheet as saved now. */
  const reload = async () => {
    const scores = await call('scores.get', { dossierId });
    if (!scores.ok) return setFailed(scores.error.message);
    setStale(null);
    setView(scores.value);
    setDraft(draftOf(scores.value.sheets.find((s) => s.scorer === scorer)?.sheet));
  };

  const scorerOptions = [
    { value: 'instructor', label: 'Instructeur (service instructeur)' },
    ...members.map((m) => ({ value: `member:${m.id}`, label: `Membre : ${memberLabel(m)}` })),
    { value: 'consensus', label: 'Consensus retenu par la commission' },
  ].filter((option) => scorers === null || scorers.includes(option.value));

  return (
    <section id="evaluation" className="fr-mb-6w" aria-labelledby="scoring-title">
      <h2 id="scoring-title" className="fr-h3">
        Évaluation
      </h2>
      <p className="app-meta fr-mb-2w">
        <span>
          Grille version {view.gridVersion}
          {view.gridVersion > 0 && view.currentVersion !== view.gridVersion
            ? ` : notes établies avec cette version ; la grille en vigueur est la version ${view.currentVersion}`
            : ''}
        </span>
        <span>
          Avis favorable suggéré dès {grid.thresholds.favorable} % des points, favorable sous réserve dès{' '}
          {grid.thresholds.reservations} %
        </span>
        {view.locked && (
          <Badge as="span" small severity="info">
            Verrouillée
          </Badge>
        )}
      </p>
      {view.locked && (
        <Alert
          className="fr-mb-3w"
          severity="info"
          small
          description="Le dossier a été examiné dans une séance clôturée : ses notes ne peuvent plus changer sans rouvrir la séance."
        />
      )}

      <div className="app-panel fr-mb-3w">
        <p className="app-score fr-mb-1w">
          <span className="app-score-total">{totalText(live)}</span> <SuggestedOpinion result={live} />
        </p>
        <AxesChart axes={live.axes} />
        <p className="fr-hint-text fr-mt-1w fr-mb-0">
          {locked ? 'Notes de' : 'Total en direct des notes de'} : {scorerLabel(scorer, members)}
          {saved ? ` — enregistrées le ${formatInstant(saved.updatedAt)} par ${saved.updatedBy}` : ' — non enregistrées'}.
        </p>
      </div>

      <div className="fr-grid-row fr-grid-row--gutters app-filters fr-mb-2w">
        <SelectField
          className="fr-col-12 fr-col-md-6"
          id="scoring-scorer"
          label="Notes saisies pour"
          placeholder="Choisir"
          options={scorerOptions}
          value={scorer}
          onChange={chooseScorer}
        />
        {!locked && (
          <div className="fr-col-12 fr-col-md-6">
            <Button priority="secondary" iconId="fr-icon-check-line" onClick={retainAll}>
              Retenir toutes les suggestions
            </Button>
          </div>
        )}
      </div>

      {problems && <ErrorSummary title="Les notes n'ont pas été enregistrées" items={problems} />}
      {stale && <StaleVersionAlert message={stale} onReload={() => void reload()} />}

      {grid.axes.map((axis, a) => {
        const axisScore = live.axes[a]!;
        const aside = axisScore.setAside;
        return (
          <fieldset key={axis.id} className="app-axis-sheet" disabled={locked}>
            <legend className="app-axis-sheet-legend">
              <span className="fr-h6 fr-mb-0">{axis.label}</span>
              <span className="app-axis-sheet-total">
                {aside ? 'Axe écarté' : `${formatNumber(axisScore.score)} / ${formatNumber(axisScore.max)}`}
              </span>
            </legend>
            {axis.optional && (
              <Checkbox
                small
                id={`set-aside-${axis.id}`}
                state={errors[`sheet.setAside.${draft.setAside.indexOf(axis.id)}`] ? 'error' : 'default'}
                stateRelatedMessage={errors[`sheet.setAside.${draft.setAside.indexOf(axis.id)}`]}
                options={[
                  {
                    label: 'Écarter cet axe pour ce dossier',
                    hintText: 'Axe facultatif : écarté, ses points sortent du total et du maximum.',
                    nativeInputProps: {
                      checked: aside,
                      onChange: (event) => {
                        const checked = event.target.checked;
                        setDraft((d) => ({
                          ...d,
                          setAside: checked ? [...d.setAside, axis.id] : d.setAside.filter((id) => id !== axis.id),
                        }));
                      },
                    },
                  },
                ]}
              />
            )}
            {!aside && (
              <DataTable
                caption={`Critères de l'axe « ${axis.label} »`}
                hideCaption
                className="app-criteria"
                headers={['Critère', 'Suggestion tirée du dossier', 'Note']}
                rows={axis.criteria.map((criterion) => ({
                  key: criterion.id,
                  cells: [
                    <>
                      <span className="fr-text--bold">{criterion.label}</span>
                      <span className="fr-hint-text fr-mb-0">
                        {criterion.help ? `${criterion.help} ` : ''}
                        {criterion.max} points au plus.
                      </span>
                    </>,
                    <SuggestionCell
                      suggestion={suggestion.get(criterion.id)}
                      value={draft.values[criterion.id] ?? ''}
                      locked={locked}
                      onRetain={(value) => setValue(criterion.id, value)}
                    />,
                    <ValueInput
                      criterion={criterion}
                      value={draft.values[criterion.id] ?? ''}
                      error={errors[valuePath(criterion.id)]}
                      locked={locked}
                      onChange={(value) => setValue(criterion.id, value)}
                    />,
                  ],
                }))}
              />
            )}
          </fieldset>
        );
      })}

      {!locked && (
        <div className="app-actions fr-mb-4w">
          <Button
            iconId="fr-icon-save-line"
            disabled={busy}
            onClick={saveDraft}
          >
            Enregistrer les notes
          </Button>
          <span aria-live="polite">{notice && <span className="fr-message fr-message--valid">{notice}</span>}</span>
        </div>
      )}

      <Comparison
        view={view}
        members={members}
        onRetainConsensus={
          // The consensus is the secretariat's (scorers null: every sheet is this account's to save).
          locked || !view.consensus || scorers !== null
            ? undefined
            : () => void save('consensus', view.consensus!.sheet, 'Le consensus est enregistré : il sert de note en séance.')
        }
      />
    </section>
  );
}

function SuggestionCell({
  suggestion,
  value,
  locked,
  onRetain,
}: {
  suggestion: ScoresView['suggestions'][number] | undefined;
  value: string;
  locked: boolean;
  onRetain: (value: string) => void;
}) {
  if (!suggestion) return null;
  if (suggestion.value === null) return <span className="fr-hint-text fr-mb-0">{suggestion.reason}</span>;
  const retained = value === String(suggestion.value);
  return (
    <>
      <span className="app-suggestion">{suggestion.reason}</span>
      {!locked &&
        (retained ? (
          <span className="fr-hint-text fr-mb-0">Suggestion retenue.</span>
        ) : (
          <Button type="button" size="small" priority="tertiary" onClick={() => onRetain(String(suggestion.value))}>
            Retenir ({countOf(suggestion.value, 'point')})
          </Button>
        ))}
    </>
  );
}

function ValueInput({
  criterion,
  value,
  error,
  locked,
  onChange,
}: {
  criterion: Criterion;
  value: string;
  error: string | undefined;
  locked: boolean;
  onChange: (value: string) => void;
}) {
  const id = fieldId(valuePath(criterion.id));
  if (locked) {
    const choice = criterion.scale?.find((c) => String(c.points) === value);
    return value === '' ? <span className="app-missing">Non noté</span> : `${choice ? `${choice.label} : ` : ''}${countOf(Number(value), 'point')}`;
  }
  if (criterion.scale) {
    return (
      <SelectField
        id={id}
        label={`Note : ${criterion.label}`}
        hideLabel
        placeholder="Non noté"
        allowEmpty
        options={criterion.scale.map((choice) => ({
          value: String(choice.points),
          label: `${choice.label} (${countOf(choice.points, 'point')})`,
        }))}
        value={value}
        error={error}
        onChange={onChange}
      />
    );
  }
  return (
    <TextField
      id={id}
      label={`Note : ${criterion.label}`}
      hideLabel
      hint={`De 0 à ${criterion.max}`}
      inputMode="numeric"
      autoComplete="off"
      value={value}
      error={error}
      onChange={onChange}
    />
  );
}

/** Every sheet side by side, the consensus (median per criterion) and where the scorers disagree. */
function Comparison({
  view,
  members,
  onRetainConsensus,
}: {
  view: ScoresView;
  members: RosterMember[];
  onRetainConsensus?: () => void;
}) {
  const scorers = view.sheets.filter((s) => s.scorer !== 'consensus');
  if (scorers.length === 0) return null;
  const retained = view.sheets.find((s) => s.scorer === 'consensus');
  const { consensus, grid } = view;
  const spread = new Map(consensus?.spread.map((s) => [s.criterionId, s]));
  const value = (sheet: ScoreSheet, id: string): ReactNode => sheet.values[id] ?? '—';
  const consensusResult = consensus && computeScore(grid, consensus.sheet);
  const upToDate = retained && consensus && JSON.stringify(retained.sheet) === JSON.stringify(consensus.sheet);
  return (
    <section aria-labelledby="comparison-title">
      <h3 id="comparison-title" className="fr-h5">
        Notes des évaluateurs et consensus
      </h3>
      <p className="fr-text--sm">
        Le consensus retient, pour chaque critère, la note médiane des évaluateurs : un écart signale un critère à
        discuter en séance.
      </p>
      <DataTable
        caption="Notes de chaque évaluateur par critère"
        hideCaption
        headers={[
          'Critère',
          ...scorers.map((s) => scorerLabel(s.scorer, members)),
          'Consensus calculé',
          'Écart',
          ...(retained ? ['Consensus retenu'] : []),
        ]}
        rows={[
          ...grid.axes.flatMap((axis) =>
            axis.criteria.map((c) => {
              const gap = spread.get(c.id);
              return {
                key: c.id,
                cells: [
                  c.label,
                  ...scorers.map((s) => value(s.sheet, c.id)),
                  consensus ? value(consensus.sheet, c.id) : '—',
                  gap && gap.spread > 0 ? (
                    <Badge as="span" small severity="warning">
                      {countOf(gap.spread, 'point')}
                    </Badge>
                  ) : (
                    '—'
                  ),
                  ...(retained ? [value(retained.sheet, c.id)] : []),
                ],
              };
            }),
          ),
          {
            key: 'total',
            cells: [
              <span className="fr-text--bold">Total</span>,
              ...scorers.map((s) => <span className="fr-text--bold">{totalText(s.result)}</span>),
              consensusResult ? <span className="fr-text--bold">{totalText(consensusResult)}</span> : '—',
              '',
              ...(retained ? [<span className="fr-text--bold">{totalText(retained.result)}</span>] : []),
            ],
          },
        ]}
      />
      {upToDate ? (
        <p className="fr-hint-text">Le consensus retenu est le consensus calculé : il sert de note en séance.</p>
      ) : (
        onRetainConsensus && (
          <Button priority="secondary" iconId="fr-icon-check-line" onClick={onRetainConsensus}>
            Retenir le consensus calculé
          </Button>
        )
      )}
    </section>
  );
}
