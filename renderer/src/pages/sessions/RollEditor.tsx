import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState } from 'react';
import { Link } from 'react-router';
import type { RosterMember, SessionDetail } from '../../../../shared/session';
import {
  fullName,
  memberVoiceLabels,
  quorum,
  type Attendance,
  type MemberVoice,
  type QuorumResult,
  type SessionRules,
} from '../../../../shared/session-rules';
import { useConfirm } from '../../components/ConfirmModal';
import { DataTable } from '../../components/DataTable';
import { ErrorSummary, type ErrorItem } from '../../components/ErrorSummary';
import { SelectField } from '../../components/fields';
import { StaleVersionAlert, staleVersionMessage } from '../../components/StaleVersion';
import { useFocusRequest } from '../../components/focus';
import { fieldId, toFieldErrors, type FieldErrors } from '../../forms';
import { countOf } from '../../format';
import { memberLabel } from './labels';
import type { ChangeSession, ReloadSession } from './useSession';

/** « Présent à distance » is a presence of its own on screen; the handler hears present + remote. */
const presences = ['present', 'remote', 'excused', 'absent', 'represented'] as const;
type Presence = (typeof presences)[number];
const presenceLabels: Record<Presence, string> = {
  present: 'Présent',
  remote: 'Présent à distance',
  excused: 'Excusé',
  absent: 'Absent',
  represented: 'Représenté (procuration)',
};

export interface RollRow {
  memberId: number;
  presence: Presence;
  /** The holder's id, or '' while none is chosen. */
  proxyHolderId: string;
}

/** Unsaved presences and the session's version they began from, sent with the save. */
export interface RollDraft {
  rows: RollRow[];
  version: number;
}

interface Seat {
  firstName: string;
  lastName: string;
  organisation: string;
  title: string;
  voice: MemberVoice;
}

const seatOf = ({ firstName, lastName, organisation, title, voice }: Seat): Seat => ({
  firstName,
  lastName,
  organisation,
  title,
  voice,
});

const ADD_ID = 'roll-add-member';
const rowPath = (index: number, field: 'status' | 'proxyHolderId') => `members.${index}.${field}`;

function rowsOf(session: SessionDetail): RollRow[] {
  return session.members.map((m) => ({
    memberId: m.memberId,
    presence: m.status === 'present' && m.remote ? 'remote' : m.status,
    proxyHolderId: m.proxyHolderId === null ? '' : String(m.proxyHolderId),
  }));
}

/** What `sessions.setRoll` takes, every default spelled out, and what the quorum is counted from. */
function toInput(rows: RollRow[]): Attendance[] {
  return rows.map(({ memberId, presence, proxyHolderId }) => ({
    memberId,
    status: presence === 'remote' ? 'present' : presence,
    remote: presence === 'remote',
    proxyHolderId: presence === 'represented' && proxyHolderId ? Number(proxyHolderId) : null,
  }));
}

const isPresent = (row: RollRow) => row.presence === 'present' || row.presence === 'remote';

/** « 3 présents dont 1 à distance, 1 représenté, 1 excusé ». */
function tally(rows: RollRow[]): string {
  const count = (...p: Presence[]) => rows.filter((r) => p.includes(r.presence)).length;
  const remote = count('remote');
  return [
    countOf(count('present', 'remote'), 'présent') + (remote ? ` dont ${remote} à distance` : ''),
    countOf(count('represented'), 'représenté'),
    countOf(count('excused'), 'excusé'),
    countOf(count('absent'), 'absent'),
  ].join(', ');
}

function QuorumAlert({ result, note }: { result: QuorumResult; note?: string }) {
  return (
    <Alert
      className="fr-mb-3w"
      severity={result.reached ? 'success' : 'warning'}
      title={result.reached ? 'Quorum atteint' : 'Quorum non atteint'}
      description={
        <>
          {result.details}
          {note && <span className="fr-hint-text fr-mb-0 fr-mt-1v">{note}</span>}
        </>
      }
    />
  );
}

/**
 * The roll: who sits, present (on site or remotely), excused, absent, or represented by a present
 * voting member. The quorum follows what is on screen, before and after it is saved.
 */
export function RollEditor({
  session,
  roster,
  rules,
  readOnly,
  change,
  reload,
  draft,
  onDraft,
}: {
  session: SessionDetail;
  roster: RosterMember[];
  rules: SessionRules;
  readOnly: boolean;
  change: ChangeSession;
  reload: ReloadSession;
  /** The roll being edited, kept by the page while another tab is open; null: the saved one. */
  draft: RollDraft | null;
  onDraft: (draft: RollDraft | null) => void;
}) {
  // A locked session shows what was saved, whatever was left unsaved.
  const rows = (!readOnly && draft?.rows) || rowsOf(session);
  const [adding, setAdding] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problems, setProblems] = useState<ErrorItem[] | null>(null);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const [stale, setStale] = useState<string | null>(null);
  const requestFocus = useFocusRequest();
  const confirm = useConfirm();

  // The session keeps the voice each member sat with; a member added now takes the roster's.
  const seats = new Map<number, Seat>(roster.map((m) => [m.id, seatOf(m)]));
  for (const m of session.members) seats.set(m.memberId, seatOf(m));
  const seat = (id: number) => seats.get(id)!;
  const dirty = JSON.stringify(toInput(rows)) !== JSON.stringify(toInput(rowsOf(session)));

  const quorumOf = (members: RollRow[]) =>
    quorum(
      {
        members: members.map((r) => ({ id: r.memberId, ...seat(r.memberId) })),
        attendance: toInput(members),
        withdrawals: [],
        reconvened: session.reconvened,
      },
      null,
      rules,
    );
  const liveQuorum = quorumOf(rows);

  // The quorum before and after, in the question: « 5 → 4 » is what the secretariat must not miss.
  const removeRow = async (index: number, name: string) => {
    const next = rows.filter((_, i) => i !== index);
    const after = quorumOf(next);
    const change =
      after.counted === liveQuorum.counted
        ? `Le quorum ne change pas : ${countOf(after.counted, 'membre compté', 'membres comptés')}.`
        : `Le quorum passe de ${liveQuorum.counted} à ${after.counted} ${after.counted > 1 ? 'membres comptés' : 'membre compté'}${after.required ? ` (il en faut ${after.required})` : ''}${liveQuorum.reached && !after.reached ? ' : il ne sera plus atteint' : ''}.`;
    const ok = await confirm({
      title: 'Retirer ce membre de la séance ?',
      body: (
        <>
          <p>{`${name} ne siégera plus à cette séance (à enregistrer avec les présences).`}</p>
          <p className="fr-text--bold">{change}</p>
        </>
      ),
      confirmLabel: 'Retirer de la séance',
    });
    if (!ok) return;
    edit(next);
    requestFocus(ADD_ID);
  };

  const edit = (next: RollRow[]) => {
    // Errors name rows by index: once a row is added or removed they would point at another one.
    if (next.length !== rows.length) setErrors({});
    onDraft({ rows: next, version: draft?.version ?? session.version });
    setSaved(false);
  };
  const update = (index: number, change: Partial<RollRow>) =>
    edit(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));

  const holders = (self: number) =>
    rows
      .filter((r) => r.memberId !== self && isPresent(r) && seat(r.memberId).voice === 'deliberative')
      .map((r) => ({ value: String(r.memberId), label: fullName(seat(r.memberId)) }));

  const addable = roster.filter((m) => !rows.some((r) => r.memberId === m.id));

  const save = async () => {
    setSaving(true);
    const expectedVersion = draft?.version ?? session.version;
    const error = await change('sessions.setRoll', { sessionId: session.id, members: toInput(rows), expectedVersion });
    setSaving(false);
    const staleMessage = error && staleVersionMessage(error);
    setStale(staleMessage);
    if (!error || staleMessage) {
      if (!error) onDraft(null);
      setErrors({});
      setProblems(null);
      setSaved(!error);
      return;
    }
    const details = error.details ?? [];
    setErrors(toFieldErrors(details));
    setProblems(
      details.length
        ? details.map((d) => {
            const row = /^members\.(\d+)\./.exec(d.field);
            const member = row ? rows[Number(row[1])] : undefined;
            return {
              message: member ? `${fullName(seat(member.memberId))} : ${d.message}` : d.message,
              fieldId: row ? fieldId(d.field.replace(/\.remote$/, '.status')) : undefined,
            };
          })
        : [{ message: error.message }],
    );
  };

  const errorAt = (index: number, field: 'status' | 'proxyHolderId') =>
    errors[rowPath(index, field)] ?? (field === 'status' ? errors[`members.${index}.remote`] : undefined);

  return (
    <section aria-labelledby="roll-title">
      <h2 id="roll-title" className="fr-h4">
        Présences et quorum
      </h2>
      <QuorumAlert
        result={dirty ? liveQuorum : session.quorum}
        note={dirty ? "D'après les présences saisies ci-dessous, pas encore enregistrées." : undefined}
      />
      <p className="fr-mb-2w" aria-live="polite">
        {countOf(rows.length, 'membre siège', 'membres siègent')} : {tally(rows)}.
      </p>
      {stale && (
        <StaleVersionAlert
          message={stale}
          onReload={() => {
            // The draft given up for the roll as saved now.
            setStale(null);
            onDraft(null);
            void reload();
          }}
        />
      )}
      {problems && <ErrorSummary title="Les présences n'ont pas été enregistrées" items={problems} />}
      {rows.length === 0 ? (
        <p>Aucun membre ne siège à cette séance.</p>
      ) : (
        <DataTable
          caption="Présences des membres"
          hideCaption
          className="app-roll"
          headers={[
            'Membre',
            'Voix',
            'Présence',
            'Représenté par',
            ...(readOnly ? [] : [<span className="fr-sr-only">Actions</span>]),
          ]}
          rows={rows.map((row, index) => {
            const member = seat(row.memberId);
            const name = fullName(member);
            const options = presences
              .filter((p) => p !== 'represented' || member.voice === 'deliberative')
              .map((p) => ({ value: p, label: presenceLabels[p] }));
            const holder = row.proxyHolderId ? fullName(seat(Number(row.proxyHolderId))) : '';
            return {
              key: row.memberId,
              cells: [
                <>
                  <span className="fr-text--bold">{name}</span>
                  <span className="fr-hint-text fr-mb-0">
                    {[member.organisation, member.title].filter(Boolean).join(' — ')}
                  </span>
                </>,
                member.voice === 'advisory' ? (
                  <Badge as="span" small noIcon>
                    {memberVoiceLabels.advisory}
                  </Badge>
                ) : (
                  memberVoiceLabels.deliberative
                ),
                readOnly ? (
                  presenceLabels[row.presence]
                ) : (
                  <SelectField
                    id={fieldId(rowPath(index, 'status'))}
                    label={`Présence de ${name}`}
                    hideLabel
                    placeholder="Choisir"
                    options={options}
                    value={row.presence}
                    error={errorAt(index, 'status')}
                    onChange={(value) => update(index, { presence: value as Presence })}
                  />
                ),
                row.presence !== 'represented' ? (
                  ''
                ) : readOnly ? (
                  holder
                ) : (
                  <SelectField
                    id={fieldId(rowPath(index, 'proxyHolderId'))}
                    label={`Mandataire de ${name}`}
                    hideLabel
                    placeholder="Choisir le mandataire"
                    options={holders(row.memberId)}
                    value={row.proxyHolderId}
                    error={errorAt(index, 'proxyHolderId')}
                    onChange={(value) => update(index, { proxyHolderId: value })}
                  />
                ),
                ...(readOnly
                  ? []
                  : [
                      <Button
                        size="small"
                        priority="tertiary"
                        iconId="fr-icon-delete-line"
                        nativeButtonProps={{ 'aria-label': `Retirer ${name} de la séance` }}
                        onClick={() => void removeRow(index, name)}
                      >
                        Retirer
                      </Button>,
                    ]),
              ],
            };
          })}
        />
      )}
      {!readOnly && (
        <>
          <div className="fr-grid-row fr-grid-row--gutters app-filters fr-mb-3w">
            <SelectField
              className="fr-col-12 fr-col-md-6"
              id={ADD_ID}
              label="Ajouter un membre à la séance"
              hint={addable.length ? undefined : 'Tous les membres de la liste siègent déjà.'}
              placeholder="Choisir un membre"
              options={addable.map((m) => ({
                value: String(m.id),
                label: `${memberLabel(m)}${m.active ? '' : ' — inactif'}`,
              }))}
              value={adding}
              onChange={setAdding}
            />
            <div className="fr-col-12 fr-col-md-6">
              <Button
                priority="secondary"
                iconId="fr-icon-add-line"
                disabled={!adding}
                onClick={() => {
                  const memberId = Number(adding);
                  edit([...rows, { memberId, presence: 'absent', proxyHolderId: '' }]);
                  setAdding('');
                  requestFocus(fieldId(rowPath(rows.length, 'status')));
                }}
              >
                Ajouter à la séance
              </Button>
            </div>
          </div>
          <div className="app-actions">
            <Button iconId="fr-icon-save-line" disabled={saving || !dirty} onClick={() => void save()}>
              {saving ? 'Enregistrement…' : 'Enregistrer les présences'}
            </Button>
            <span aria-live="polite">
              {dirty ? (
                <Badge as="span" small severity="warning">
                  Modifications non enregistrées
                </Badge>
              ) : (
                saved && (
                  <Badge as="span" small severity="success">
                    Présences enregistrées
                  </Badge>
                )
              )}
            </span>
          </div>
          <p className="fr-hint-text fr-mt-2w">
            Un membre représenté confie son vote à un membre présent à voix délibérative. La voix de chaque membre et
            son organisme se modifient dans la{' '}
            <Link to="/seances/membres">liste des membres de la commission</Link>.
          </p>
        </>
      )}
    </section>
  );
}
