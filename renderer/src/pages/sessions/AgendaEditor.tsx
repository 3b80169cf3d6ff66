import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { dossierStatuses, type DossierSummary } from '../../../../shared/dossier';
import type { AgendaItemView, SessionDetail } from '../../../../shared/session';
import { decisionOutcomeLabels } from '../../../../shared/session-rules';
import { call } from '../../api';
import { useConfirm } from '../../components/ConfirmModal';
import { DataTable } from '../../components/DataTable';
import { SelectField, TextField } from '../../components/fields';
import { useFocusRequest } from '../../components/focus';
import { countOf, formatDay, formatEuros } from '../../format';
import { pointsText, StatusBadge, VerdictBadge } from '../dossiers/labels';
import { nameOf, OpinionBadge } from './labels';
import { DecisionForm } from './DecisionForm';
import type { ChangeSession, ReloadSession } from './useSession';

const SEARCH_ID = 'agenda-search';
const SEARCH_DELAY_MS = 300;
const RESULTS_LIMIT = 100;

type Entry = { dossierId: number; rapporteurMemberId: number | null };
const entriesOf = (items: AgendaItemView[]): Entry[] =>
  items.map((item) => ({ dossierId: item.dossier.id, rapporteurMemberId: item.rapporteurMemberId }));

/** « n° 24001101 · ESP · Chauny (02) ». */
function dossierLine(dossier: AgendaItemView['dossier']): string {
  const place = dossier.departmentCode ? `${dossier.communeName} (${dossier.departmentCode})` : dossier.communeName;
  return [dossier.dsNumber && `n° ${dossier.dsNumber}`, dossier.structureType, place].filter(Boolean).join(' · ');
}

/** Only what needs a look: an ineligible or unchecked dossier. */
function AgendaEligibility({ eligible }: { eligible: boolean | null }) {
  if (eligible === true) return null;
  return (
    <Badge as="span" small severity={eligible === false ? 'error' : 'warning'}>
      {eligible === false ? 'Non éligible' : 'Non contrôlé'}
    </Badge>
  );
}

/** Eligible dossiers first, then those not checked, the ineligible last; each group by number. */
const rank = (d: DossierSummary) => (d.eligible === false ? 2 : d.eligible === null ? 1 : 0);

/**
 * The agenda in the order of examination. Every change is saved at once: the agenda is the
 * list of the session, not a draft.
 */
export function AgendaEditor({
  session,
  readOnly,
  change,
  reload,
}: {
  session: SessionDetail;
  readOnly: boolean;
  change: ChangeSession;
  reload: ReloadSession;
}) {
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const requestFocus = useFocusRequest();
  const confirm = useConfirm();
  const entries = entriesOf(session.items);
  const opinions = session.items.filter((i) => i.opinion).length;

  const save = async (next: Entry[], focus?: string) => {
    setBusy(true);
    const error = await change('agenda.set', { sessionId: session.id, items: next, expectedVersion: session.version });
    setBusy(false);
    setFailure(error ? error.message : null);
    if (!error && focus) requestFocus(focus);
  };

  const move = (index: number, by: -1 | 1) => {
    const next = [...entries];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved!);
    const target = index + by;
    // Once at either end the pressed button is disabled: the focus goes to the other one.
    const atEnd = by < 0 ? target === 0 : target === entries.length - 1;
    const direction = by < 0 !== atEnd ? 'up' : 'down';
    void save(next, `agenda-${direction}-${moved!.dossierId}`);
  };

  return (
    <section aria-labelledby="agenda-title">
      <h2 id="agenda-title" className="fr-h4">
        Ordre du jour
      </h2>
      <p>
        {countOf(entries.length, 'dossier')}
        {entries.length > 0 && `, ${countOf(opinions, 'avis rendu', 'avis rendus')}`}. Les dossiers sont examinés dans cet
        ordre{readOnly ? '.' : " ; les flèches changent la place d'un dossier."}
      </p>
      <div aria-live="polite">
        {failure && (
          <Alert className="fr-mb-2w" severity="error" small description={`L'ordre du jour n'a pas été modifié : ${failure}`} />
        )}
      </div>
      {session.items.length === 0 ? (
        <p className="app-missing">Aucun dossier n'est inscrit à l'ordre du jour.</p>
      ) : (
        <ol className="app-agenda">
          {session.items.map((item, index) => (
            <li key={item.id} className="app-agenda-item">
              <span className="app-agenda-position" aria-hidden="true">
                {index + 1}
              </span>
              <div className="app-agenda-body">
                <p className="fr-mb-1v">
                  <Link className="fr-text--bold" to={`/dossiers/${item.dossier.id}`}>
                    {item.dossier.name}
                  </Link>{' '}
                  <AgendaEligibility eligible={item.dossier.eligible} />{' '}
                  {item.opinion && <OpinionBadge kind={item.opinion.kind} noQuorum={item.opinion.noQuorum} />}
                </p>
                <p className="fr-hint-text fr-mb-1v">
                  {dossierLine(item.dossier)} · aide sollicitée {formatEuros(item.dossier.grantRequested)}
                </p>
                {item.decision && (
                  <p className="fr-text--sm fr-mb-1v">
                    Décision de l'ARS : {decisionOutcomeLabels[item.decision.outcome]}
                    {item.decision.grant && `, aide de ${formatEuros(item.decision.grant.amount)}`}, le{' '}
                    {formatDay(item.decision.date)}
                    {item.decision.reason && ` — motif : ${item.decision.reason}`}
                  </p>
                )}
                {/* Before closing, the decision may depart from the opinion; closing applies the opinion to the rest. */}
                {!readOnly && item.opinion && <DecisionForm item={item} sessionDate={session.date} change={change} reload={reload} />}
                {item.withdrawals.length > 0 && (
                  <p className="fr-text--sm fr-mb-1v">
                    Déport :{' '}
                    {item.withdrawals
                      .map((w) => `${nameOf(session.members, w.memberId)}${w.reason ? ` (${w.reason})` : ''}`)
                      .join(' ; ')}
                  </p>
                )}
                {readOnly ? (
                  item.rapporteurMemberId !== null && (
                    <p className="fr-text--sm fr-mb-0">Rapporteur : {nameOf(session.members, item.rapporteurMemberId)}</p>
                  )
                ) : (
                  <SelectField
                    className="app-agenda-rapporteur"
                    id={`agenda-rapporteur-${item.dossier.id}`}
                    label={`Rapporteur de « ${item.dossier.name} »`}
                    hideLabel
                    placeholder="Rapporteur : non désigné"
                    allowEmpty
                    options={session.members.map((m) => ({
                      value: String(m.memberId),
                      label: `Rapporteur : ${m.firstName} ${m.lastName}`,
                    }))}
                    value={item.rapporteurMemberId === null ? '' : String(item.rapporteurMemberId)}
                    onChange={(value) =>
                      void save(
                        entries.map((e, i) => (i === index ? { ...e, rapporteurMemberId: value ? Number(value) : null } : e)),
                      )
                    }
                  />
                )}
              </div>
              {!readOnly && (
                <div className="app-agenda-actions">
                  <Button
                    id={`agenda-up-${item.dossier.id}`}
                    size="small"
                    priority="tertiary"
                    iconId="fr-icon-arrow-up-line"
                    title={`Monter « ${item.dossier.name} »`}
                    disabled={busy || index === 0}
                    onClick={() => move(index, -1)}
                  />
                  <Button
                    id={`agenda-down-${item.dossier.id}`}
                    size="small"
                    priority="tertiary"
                    iconId="fr-icon-arrow-down-line"
                    title={`Descendre « ${item.dossier.name} »`}
                    disabled={busy || index === session.items.length - 1}
                    onClick={() => move(index, 1)}
                  />
                  <Button
                    size="small"
                    priority="tertiary"
                    iconId="fr-icon-delete-line"
                    title={
                      item.opinion
                        ? `« ${item.dossier.name} » a reçu un avis : ajournez-le plutôt que de le retirer`
                        : `Retirer « ${item.dossier.name} » de l'ordre du jour`
                    }
                    disabled={busy || item.opinion !== null}
                    onClick={() =>
                      void confirm({
                        title: "Retirer le dossier de l'ordre du jour ?",
                        body: `« ${item.dossier.name} » ne sera plus examiné à cette séance${item.rapporteurMemberId !== null ? ' et perdra son rapporteur' : ''}. Il pourra être inscrit de nouveau.`,
                        confirmLabel: "Retirer de l'ordre du jour",
                      }).then((ok) => (ok ? save(entries.filter((_, i) => i !== index), SEARCH_ID) : undefined))
                    }
                  />
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {!readOnly && (
        <DossierPicker
          exclude={new Set(entries.map((e) => e.dossierId))}
          busy={busy}
          onAdd={(dossier) => void save([...entries, { dossierId: dossier.id, rapporteurMemberId: null }])}
        />
      )}
    </section>
  );
}

/** What the picker offers unless asked for every dossier: those not decided yet. */
const undecided = dossierStatuses.filter((status) => dossierStatuses.indexOf(status) < dossierStatuses.indexOf('decided'));

/** The dossiers to add, searched by name, number or commune; the eligible ones first. */
function DossierPicker({
  exclude,
  busy,
  onAdd,
}: {
  exclude: Set<number>;
  busy: boolean;
  onAdd: (dossier: DossierSummary) => void;
}) {
  const [search, setSearch] = useState('');
  const [all, setAll] = useState(false);
  const [found, setFound] = useState<{ total: number; rows: DossierSummary[] } | { message: string } | null>(null);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      void call('dossiers.list', {
        search: search.trim(),
        sort: { field: 'dsNumber', direction: 'asc' },
        limit: RESULTS_LIMIT,
        statuses: all ? [] : undecided,
      }).then((result) => {
        if (current) setFound(result.ok ? result.value : { message: result.error.message });
      });
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [search, all]);

  const rows =
    found && 'rows' in found
      ? found.rows.filter((d) => !exclude.has(d.id)).sort((a, b) => rank(a) - rank(b))
      : [];
  return (
    <div className="app-attach">
      <h3 className="fr-h6">Ajouter des dossiers</h3>
      <TextField
        className="app-narrow"
        id={SEARCH_ID}
        label="Rechercher un dossier"
        hint="Nom, n° de dossier, commune ou porteur"
        type="search"
        autoComplete="off"
        value={search}
        onChange={setSearch}
      />
      <Checkbox
        small
        options={[
          {
            label: 'Montrer aussi les dossiers déjà décidés ou notifiés',
            hintText: "Un dossier ajourné est décidé : cochez pour l'inscrire de nouveau.",
            nativeInputProps: { checked: all, onChange: (event) => setAll(event.target.checked) },
          },
        ]}
      />
      {found && 'message' in found && (
        <Alert severity="error" small description={`La recherche a échoué : ${found.message}`} />
      )}
      {found && 'rows' in found && (
        <>
          <p className="fr-text--sm fr-mb-1w" aria-live="polite">
            {rows.length === 0
              ? 'Aucun dossier à ajouter ne correspond à la recherche.'
              : `${countOf(rows.length, 'dossier à ajouter', 'dossiers à ajouter')}, les éligibles en premier${found.total > RESULTS_LIMIT ? ` ; affinez la recherche pour voir les ${found.total - RESULTS_LIMIT} autres` : ''}.`}
          </p>
          {rows.length > 0 && (
            <div className="app-picker">
              <DataTable
                caption="Dossiers à ajouter à l'ordre du jour"
                hideCaption
                headers={['N° DS', 'Dossier', 'Éligibilité', 'Statut', <span className="fr-sr-only">Actions</span>]}
                rows={rows.map((dossier) => ({
                  key: dossier.id,
                  cells: [
                    dossier.dsNumber ?? '—',
                    <>
                      {dossier.name}
                      <span className="fr-hint-text fr-mb-0">
                        {[dossier.structureType, dossier.communeName].filter(Boolean).join(' · ')}
                      </span>
                    </>,
                    dossier.eligible === null ? (
                      <span className="fr-hint-text">Non contrôlé</span>
                    ) : (
                      <>
                        <VerdictBadge blocking={dossier.blocking} warnings={dossier.warnings} />
                        {dossier.blocking > 0 && (
                          <span className="fr-hint-text fr-mb-0">{pointsText({ blocking: dossier.blocking, warnings: 0 })}</span>
                        )}
                      </>
                    ),
                    <StatusBadge status={dossier.status} />,
                    <Button
                      size="small"
                      priority="secondary"
                      iconId="fr-icon-add-line"
                      disabled={busy}
                      nativeButtonProps={{ 'aria-label': `Ajouter « ${dossier.name} » à l'ordre du jour` }}
                      onClick={() => onAdd(dossier)}
                    >
                      Ajouter
                    </Button>,
                  ],
                }))}
              />
            </div>
          )}
        </>
      )}
    </div>
  );
}
