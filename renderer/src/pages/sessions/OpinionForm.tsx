import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useEffect, useRef, useState } from 'react';
import type { DossierData } from '../../../../shared/dossier';
import type { SuggestedOpinion } from '../../../../shared/scoring';
import type { AgendaItemView } from '../../../../shared/session';
import {
  breakdownText,
  describeVoters,
  grantAllowed,
  grantPartLabels,
  grantParts,
  opinionKindLabels,
  opinionKinds,
  opinionLabel,
  toCents,
  voteProblem,
} from '../../../../shared/session-rules';
import type { Grants } from '../../../../shared/settings';
import { useConfirm } from '../../components/ConfirmModal';
import { ErrorSummary, type ErrorItem } from '../../components/ErrorSummary';
import { StaleVersionAlert, staleVersionMessage } from '../../components/StaleVersion';
import { TextAreaField, TextField } from '../../components/fields';
import { focusField, useFocusRequest } from '../../components/focus';
import { editableNumber, fieldId, type FieldErrors } from '../../forms';
import { formatEuros, formatInstant } from '../../format';
import {
  breakdownCents,
  grantFields,
  grantOf,
  placeOpinionErrors,
  proposesGrant,
  toOpinion,
  voteFields,
  voteOf,
  type GrantField,
  type OpinionDraft,
  type OpinionInput,
  type VoteField,
} from './opinionForm';
import type { ChangeSession } from './useSession';
import { EnvelopeLeft } from './EnvelopeLeft';

const VOTE_FIRST_ID = fieldId('opinion.vote.for');
const KIND_ID = fieldId('opinion.kind');
const RESERVATION_ID = 'opinion-reservation';

/** Where the handler reports a problem with each part of the draft. */
const errorPaths: Record<keyof OpinionDraft, string> = {
  kind: 'opinion.kind',
  reservations: 'opinion.reservations',
  reservation: 'opinion.reservations',
  motivation: 'opinion.motivation',
  vote: 'opinion.vote',
  withGrant: 'opinion.grant',
  grant: 'opinion.grant',
  privateNotes: 'privateNotes',
};

const voteLabels: Record<VoteField, string> = { for: 'Pour', against: 'Contre', abstention: 'Abstention' };
const grantLabels: Record<GrantField, string> = { amount: "Montant de l'aide", ...grantPartLabels };

function requestedText(requested: DossierData['grant']): string {
  if (requested.requested === 0) return 'aucune aide';
  const parts = grantParts.reduce((sum, p) => sum + requested[p], 0);
  return parts ? breakdownText(requested) : `${formatEuros(requested.requested)}, sans ventilation`;
}

/** What the breakdown adds up to, against the amount, as the secretary types. */
function breakdownNote(draft: OpinionDraft): { ok: boolean; text: string } | null {
  const parts = breakdownCents(draft);
  const amount = grantOf(draft).amount;
  if (parts === null || Number.isNaN(amount)) return null;
  const sum = formatEuros(parts / 100);
  const gap = toCents(amount) - parts;
  if (gap === 0) return { ok: true, text: `La ventilation fait ${sum} : elle correspond au montant.` };
  return {
    ok: false,
    text:
      gap > 0
        ? `La ventilation fait ${sum} : il manque ${formatEuros(gap / 100)} pour atteindre ${formatEuros(amount)}.`
        : `La ventilation fait ${sum} : elle dépasse de ${formatEuros(-gap / 100)} le montant de ${formatEuros(amount)}.`,
  };
}

/**
 * The commission's opinion on the item on screen: the choice, reservations, motivation, vote,
 * grant and private notes. The handler has the last word; its errors come back next to the
 * fields, and the vote and the breakdown are checked as they are typed.
 */
export function OpinionForm({
  item,
  draft,
  onDraft,
  onSaved,
  expectedVersion,
  onReload,
  dirty,
  open,
  closed = false,
  grants,
  requested,
  suggested,
  change,
}: {
  item: AgendaItemView;
  draft: OpinionDraft;
  onDraft: (draft: OpinionDraft) => void;
  onSaved: () => void;
  /** The item's version the draft began from. */
  expectedVersion: number;
  /** The draft given up and the session read again, after a save refused over a newer opinion. */
  onReload: () => void;
  /** The draft differs from what is recorded. */
  dirty: boolean;
  /** The session is in progress: opinions can be recorded. */
  open: boolean;
  /** The session is closed: what is shown is what was recorded. */
  closed?: boolean;
  grants: Grants;
  /** The breakdown the team asked for, once the dossier is loaded. */
  requested: DossierData['grant'] | null;
  suggested: SuggestedOpinion | null;
  change: ChangeSession;
}) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problems, setProblems] = useState<ErrorItem[] | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const requestFocus = useFocusRequest();
  const confirm = useConfirm();

  // A corrected field drops the handler's error on it: what is left is what still needs a look.
  const set = (change: Partial<OpinionDraft>) => {
    onDraft({ ...draft, ...change });
    const edited = Object.keys(change).map((key) => errorPaths[key as keyof OpinionDraft]);
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([path]) => !edited.some((p) => path.startsWith(p)))));
  };

  const send = async (opinion: OpinionInput) => {
    if (!open || busy) return;
    if (
      item.opinion &&
      !(await confirm({
        title: "Remplacer l'avis enregistré ?",
        body: `« ${item.dossier.name} » a déjà un avis enregistré : ${opinionLabel(item.opinion)}${item.opinionAt ? `, le ${formatInstant(item.opinionAt)}` : ''}. Il sera remplacé par l'avis saisi (${opinionLabel({ kind: opinion.kind, noQuorum: opinion.noQuorum ?? false })}) ; le journal gardera l'ancien.`,
        confirmLabel: "Remplacer l'avis",
      }))
    )
      return;
    setBusy(true);
    const error = await change('items.recordOpinion', { itemId: item.id, opinion, privateNotes: draft.privateNotes, expectedVersion });
    setBusy(false);
    setStale(error && staleVersionMessage(error));
    if (!error || staleVersionMessage(error)) {
      setErrors({});
      setProblems(null);
      if (!error) onSaved();
      return;
    }
    const placed = placeOpinionErrors(error.details ?? []);
    setErrors(placed.errors);
    setProblems(placed.items.length ? placed.items : [{ message: error.message }]);
    const first = placed.items.find((i) => i.fieldId)?.fieldId;
    if (first) requestFocus(first);
  };
  const record = () => send(toOpinion(draft));
  // No vote without a quorum; a motivation typed for « Ajourné » is kept, else the handler states the count.
  const postponeForLackOfQuorum = () =>
    send({ kind: 'postponed', noQuorum: true, motivation: draft.kind === 'postponed' ? draft.motivation : '' });

  // Ctrl+Entrée records from anywhere on the screen; Alt+V goes to the vote, Alt+A to the choice.
  const recordRef = useRef(record);
  recordRef.current = record;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
        event.preventDefault();
        void recordRef.current();
      } else if (event.altKey && !event.ctrlKey && event.code === 'KeyV') {
        event.preventDefault();
        focusField(VOTE_FIRST_ID);
      } else if (event.altKey && !event.ctrlKey && event.code === 'KeyA') {
        event.preventDefault();
        const checked = document.querySelector<HTMLInputElement>(`#${KIND_ID} input:checked`);
        if (checked) checked.focus();
        else focusField(KIND_ID);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const vote = voteOf(draft);
  const liveVote =
    vote && Object.values(vote).every(Number.isInteger) ? voteProblem(vote, item.voters) : null;
  const voteError = errors['opinion.vote'];
  const voteMessage = voteError ?? liveVote;
  const motivationRequired = draft.kind !== '' && draft.kind !== 'favorable';
  const note = proposesGrant(draft) ? breakdownNote(draft) : null;
  const amount = grantOf(draft).amount;
  const overCeiling = !Number.isNaN(amount) && amount > grants.ceiling;

  const addReservation = () => {
    const text = draft.reservation.trim();
    if (!text) return;
    set({ reservations: [...draft.reservations, text], reservation: '' });
  };

  const takeRequested = () => {
    if (!requested) return;
    const typed = (n: number) => editableNumber.format(n);
    set({
      grant: {
        amount: typed(requested.requested),
        engineering: typed(requested.engineering),
        it: typed(requested.it),
        furniture: typed(requested.furniture),
      },
    });
  };

  return (
    <form noValidate onSubmit={(event) => event.preventDefault()} aria-labelledby="opinion-title" className="app-opinion">
      <h2 id="opinion-title" className="fr-h4 fr-mb-2w">
        Avis de la commission
      </h2>
      {!open && (
        <Alert
          className="fr-mb-2w"
          severity="info"
          small
          description={
            closed
              ? 'La séance est clôturée : ses avis ne peuvent plus changer sans la rouvrir, depuis sa page.'
              : "La séance n'est pas ouverte : les avis s'enregistrent une fois la séance ouverte, depuis sa page."
          }
        />
      )}
      {!item.quorum.reached && (
        <div className="fr-mb-2w">
          <Alert severity="warning" small description={`Sur ce point : ${item.quorum.details}`} />
          <p className="fr-text--sm fr-mt-1w fr-mb-1w">
            Sans quorum, la commission ne peut pas délibérer : le dossier ne peut qu'être ajourné, sans vote. La motivation
            indique le quorum manquant ; celle saisie pour un avis « Ajourné » est reprise.
          </p>
          <Button type="button" priority="secondary" disabled={!open || busy} onClick={() => void postponeForLackOfQuorum()}>
            Ajourner faute de quorum
          </Button>
        </div>
      )}
      {problems && <ErrorSummary title="L'avis n'a pas été enregistré" items={problems} />}
      {stale && (
        <StaleVersionAlert
          message={stale}
          onReload={() => {
            setStale(null);
            onReload();
          }}
        />
      )}
      <fieldset className="app-bare" disabled={!open}>
        <RadioButtons
          id={KIND_ID}
          legend="Avis"
          hintText={suggested ? `Avis suggéré par la notation : ${opinionKindLabels[suggested]}.` : undefined}
          orientation="horizontal"
          state={errors['opinion.kind'] ? 'error' : 'default'}
          stateRelatedMessage={errors['opinion.kind']}
          options={opinionKinds.map((kind) => ({
            label: opinionKindLabels[kind],
            nativeInputProps: {
              name: 'opinion-kind',
              value: kind,
              checked: draft.kind === kind,
              onChange: () => set({ kind }),
            },
          }))}
        />

        {draft.kind === 'favorable_with_reservations' && (
          <div className="fr-mb-3w" id={fieldId('opinion.reservations')} tabIndex={-1}>
            <p className="fr-label fr-mb-1w">Réserves</p>
            {draft.reservations.length === 0 ? (
              <p className="fr-hint-text">Au moins une réserve : ce que l'équipe doit lever.</p>
            ) : (
              <ol className="app-reservations">
                {draft.reservations.map((reservation, i) => (
                  <li key={i}>
                    <span>{reservation}</span>
                    <Button
                      type="button"
                      size="small"
                      priority="tertiary no outline"
                      iconId="fr-icon-delete-line"
                      title={`Retirer la réserve « ${reservation} »`}
                      onClick={() => {
                        set({ reservations: draft.reservations.filter((_, j) => j !== i) });
                        requestFocus(RESERVATION_ID);
                      }}
                    />
                  </li>
                ))}
              </ol>
            )}
            <div className="app-inline-add">
              <TextField
                id={RESERVATION_ID}
                label="Nouvelle réserve"
                hint="Entrée l'ajoute à la liste. Ex. : transmettre les statuts signés de l'association"
                value={draft.reservation}
                error={errors['opinion.reservations']}
                onChange={(reservation) => set({ reservation })}
                onKeyDown={(event) => {
                  if (event.key !== 'Enter' || event.ctrlKey || event.metaKey) return;
                  event.preventDefault();
                  addReservation();
                }}
              />
              <Button type="button" priority="secondary" iconId="fr-icon-add-line" onClick={addReservation}>
                Ajouter la réserve
              </Button>
            </div>
          </div>
        )}

        <TextAreaField
          id={fieldId('opinion.motivation')}
          label={motivationRequired ? 'Motivation (obligatoire)' : 'Motivation (facultative pour un avis favorable)'}
          hint="Les faits et les motifs de l'avis : ils sont repris dans le courrier de décision."
          rows={3}
          value={draft.motivation}
          error={errors['opinion.motivation']}
          onChange={(motivation) => set({ motivation })}
          required={motivationRequired}
        />

        <fieldset
          id={fieldId('opinion.vote')}
          className={`fr-fieldset app-vote${voteError ? ' fr-fieldset--error' : ''}`}
          aria-labelledby="opinion-vote-legend opinion-vote-messages"
        >
          <legend id="opinion-vote-legend" className="fr-fieldset__legend">
            Vote (Alt+V)
            <span className="fr-hint-text">Sur ce point : {describeVoters(item.voters)}.</span>
          </legend>
          {voteFields.map((field) => (
            <div key={field} className="fr-fieldset__element fr-fieldset__element--inline">
              <TextField
                id={fieldId(`opinion.vote.${field}`)}
                label={voteLabels[field]}
                inputMode="numeric"
                autoComplete="off"
                value={draft.vote[field]}
                onChange={(value) => set({ vote: { ...draft.vote, [field]: value } })}
              />
            </div>
          ))}
          <div className="fr-messages-group" id="opinion-vote-messages" aria-live="polite">
            {voteMessage && (
              <p className={`fr-message ${voteError ? 'fr-message--error' : 'fr-message--warning'}`}>{voteMessage}</p>
            )}
          </div>
        </fieldset>

        {draft.kind !== '' && grantAllowed(draft.kind) && (
          <div className="fr-mb-3w">
            <Checkbox
              options={[
                {
                  label: 'Proposer une aide au démarrage',
                  hintText: requested ? `Demandé par l'équipe : ${requestedText(requested)}.` : undefined,
                  nativeInputProps: {
                    checked: draft.withGrant,
                    onChange: (event) => set({ withGrant: event.target.checked }),
                  },
                },
              ]}
            />
            {draft.withGrant && (
              <>
                <p className="fr-hint-text fr-mt-1w fr-mb-1w">
                  Montant par défaut : {formatEuros(grants.defaultStartupGrant)} ; plafond : {formatEuros(grants.ceiling)}.
                  La ventilation sur les trois postes doit égaler le montant.
                </p>
                <EnvelopeLeft amount={amount} />
                <div className="fr-grid-row fr-grid-row--gutters">
                  {grantFields.map((field) => (
                    <TextField
                      key={field}
                      className="fr-col-12 fr-col-md-3"
                      id={fieldId(`opinion.grant.${field}`)}
                      label={grantLabels[field]}
                      inputMode="decimal"
                      autoComplete="off"
                      value={draft.grant[field]}
                      error={errors[`opinion.grant.${field}`]}
                      onChange={(value) => set({ grant: { ...draft.grant, [field]: value } })}
                    />
                  ))}
                </div>
                <p aria-live="polite" className="fr-mt-1w fr-mb-1w">
                  {note && (
                    <span className={`fr-message ${note.ok ? 'fr-message--valid' : 'fr-message--warning'}`}>{note.text}</span>
                  )}
                  {overCeiling && (
                    <span className="fr-message fr-message--warning">
                      Le montant dépasse le plafond de l'aide au démarrage ({formatEuros(grants.ceiling)}).
                    </span>
                  )}
                </p>
                {requested && requested.requested > 0 && (
                  <Button type="button" size="small" priority="tertiary" onClick={takeRequested}>
                    Reprendre le montant et la ventilation demandés
                  </Button>
                )}
              </>
            )}
          </div>
        )}

        <TextAreaField
          id={fieldId('privateNotes')}
          label="Notes privées du secrétariat (facultatif)"
          hint="Jamais affichées dans la salle ni reprises dans les documents."
          rows={2}
          value={draft.privateNotes}
          error={errors.privateNotes}
          onChange={(privateNotes) => set({ privateNotes })}
        />
      </fieldset>

      <div className="app-actions fr-mt-2w">
        <Button type="button" iconId="fr-icon-save-line" disabled={!open || busy} onClick={() => void record()}>
          {busy ? 'Enregistrement…' : item.opinion ? "Enregistrer la modification de l'avis" : "Enregistrer l'avis"}
        </Button>
        <span className="fr-hint-text fr-mb-0">Ctrl+Entrée</span>
        <span aria-live="polite">
          {dirty ? (
            <span className="fr-message fr-message--warning">Modifications non enregistrées</span>
          ) : (
            item.opinionAt && (
              <span className="fr-message fr-message--valid">Avis enregistré le {formatInstant(item.opinionAt)}.</span>
            )
          )}
        </span>
      </div>
    </form>
  );
}
