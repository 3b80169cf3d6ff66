import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { useState, type FormEvent } from 'react';
import { useConfirm } from '../../components/ConfirmModal';
import type { SessionDetail } from '../../../../shared/session';
import { fullName } from '../../../../shared/session-rules';
import { DataTable } from '../../components/DataTable';
import { SelectField, TextField } from '../../components/fields';
import { useFocusRequest } from '../../components/focus';
import { fieldId, type FieldErrors } from '../../forms';
import { nameOf } from './labels';
import type { ChangeSession } from './useSession';
import { useAuth } from '../../auth';

type Withdrawal = { memberId: number; itemId: number; reason: string };
type NewWithdrawal = { memberId: string; itemId: string; reason: string };
const emptyWithdrawal: NewWithdrawal = { memberId: '', itemId: '', reason: '' };

const path = (field: keyof NewWithdrawal) => `withdrawal.${field}`;

/**
 * Declared conflicts of interest: a member linked to a project withdraws from its debate and its
 * vote (CRPA R133-12). Each one is saved at once, with the item's quorum recounted.
 */
export function WithdrawalsEditor({
  session,
  readOnly,
  change,
}: {
  session: SessionDetail;
  readOnly: boolean;
  change: ChangeSession;
}) {
  const [draft, setDraft] = useState<NewWithdrawal>(emptyWithdrawal);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const requestFocus = useFocusRequest();
  const confirm = useConfirm();
  const { status, can } = useAuth();
  // A member declares their own interests; the secretariat keeps everyone's.
  const self = status.account?.role === 'member' ? status.account.memberId : null;
  const editable = (memberId: number) => !readOnly && (can('conflicts.set') || memberId === self);
  const declaring = !readOnly && (can('conflicts.set') || self !== null);

  const current: Withdrawal[] = session.items.flatMap((item) =>
    item.withdrawals.map((w) => ({ memberId: w.memberId, itemId: item.id, reason: w.reason })),
  );
  const itemOf = (id: number) => session.items.find((i) => i.id === id);

  const save = async (next: Withdrawal[]) => {
    setBusy(true);
    const error = await change('conflicts.set', { sessionId: session.id, withdrawals: next, expectedVersion: session.version });
    setBusy(false);
    return error;
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (self !== null) return declare();
    const missing: FieldErrors = {
      [path('memberId')]: draft.memberId ? undefined : 'Choisissez le membre qui se déporte.',
      [path('itemId')]: draft.itemId ? undefined : 'Choisissez le dossier concerné.',
    };
    if (!draft.memberId || !draft.itemId) {
      setErrors(missing);
      requestFocus(fieldId(path(draft.memberId ? 'itemId' : 'memberId')));
      return;
    }
    const added = { memberId: Number(draft.memberId), itemId: Number(draft.itemId), reason: draft.reason };
    const error = await save([...current, added]);
    if (!error) {
      setDraft(emptyWithdrawal);
      setErrors({});
      setFailure(null);
      return;
    }
    // The new declaration is the last of the list the handler checked.
    const prefix = `withdrawals.${current.length}`;
    const own = (error.details ?? []).filter((d) => d.field.startsWith(prefix));
    const field = (name: string) => own.find((d) => d.field === `${prefix}.${name}`)?.message;
    setErrors({
      [path('memberId')]: field('memberId'),
      [path('itemId')]: field('itemId'),
      [path('reason')]: field('reason') ?? own.find((d) => d.field === prefix)?.message,
    });
    setFailure(own.length ? null : error.message);
  };

  /** A member's own declaration, kept with the others of the session. */
  const declare = async () => {
    if (!draft.itemId) {
      setErrors({ [path('itemId')]: 'Choisissez le dossier concerné.' });
      requestFocus(fieldId(path('itemId')));
      return;
    }
    setBusy(true);
    const error = await change('conflicts.declare', { itemId: Number(draft.itemId), reason: draft.reason });
    setBusy(false);
    setFailure(error ? error.message : null);
    if (!error) {
      setDraft(emptyWithdrawal);
      setErrors({});
    }
  };

  const remove = async (index: number) => {
    const withdrawal = current[index]!;
    const item = itemOf(withdrawal.itemId);
    const ok = await confirm({
      title: 'Retirer ce déport ?',
      body: `${nameOf(session.members, withdrawal.memberId)} reprendra part aux débats et au vote sur « ${item?.dossier.name ?? 'ce dossier'} » ; le nombre de votants et le quorum de ce point seront recalculés (aujourd'hui ${item?.voters.count ?? 0} votants).`,
      confirmLabel: 'Retirer le déport',
    });
    if (!ok) return;
    const error =
      self !== null
        ? await change('conflicts.declare', { itemId: withdrawal.itemId, declared: false })
        : await save(current.filter((_, i) => i !== index));
    setFailure(error ? error.message : null);
    if (!error) requestFocus(fieldId(path('memberId')));
  };

  return (
    <section aria-labelledby="withdrawals-title">
      <h2 id="withdrawals-title" className="fr-h4">
        Déports et conflits d'intérêts
      </h2>
      <p>
        Un membre lié à un projet (porteur, associé, professionnel de l'équipe…) se déporte : il ne prend part ni aux
        débats ni au vote sur ce dossier, et le procès-verbal le mentionne.
      </p>
      <div aria-live="polite">
        {failure && <Alert className="fr-mb-2w" severity="error" small description={`Les déports n'ont pas été modifiés : ${failure}`} />}
      </div>
      {current.length === 0 ? (
        <p className="app-missing">Aucun déport n'est déclaré.</p>
      ) : (
        <DataTable
          caption="Déports déclarés"
          hideCaption
          headers={['Membre', 'Dossier', 'Motif', 'Sur ce dossier', ...(declaring ? [<span className="fr-sr-only">Actions</span>] : [])]}
          rows={current.map((w, index) => {
            const item = itemOf(w.itemId);
            const name = nameOf(session.members, w.memberId);
            return {
              key: `${w.memberId}/${w.itemId}`,
              cells: [
                name,
                item ? `${item.position + 1}. ${item.dossier.name}` : '',
                w.reason || <span className="app-missing">Non précisé</span>,
                item && (
                  <>
                    <Badge as="span" small severity={item.quorum.reached ? 'success' : 'warning'}>
                      {item.quorum.reached ? 'Quorum atteint' : 'Quorum non atteint'}
                    </Badge>
                    <span className="fr-hint-text fr-mb-0">{item.voters.count} votants</span>
                  </>
                ),
                ...(!declaring
                  ? []
                  : !editable(w.memberId)
                    ? ['']
                    : [
                      <Button
                        size="small"
                        priority="tertiary"
                        iconId="fr-icon-delete-line"
                        disabled={busy}
                        nativeButtonProps={{ 'aria-label': `Retirer le déport de ${name}` }}
                        onClick={() => void remove(index)}
                      >
                        Retirer
                      </Button>,
                    ]),
              ],
            };
          })}
        />
      )}
      {declaring && (
        <form noValidate onSubmit={add} className="app-attach" aria-labelledby="withdrawal-form-title">
          <h3 id="withdrawal-form-title" className="fr-h6">
            {self !== null ? 'Déclarer un lien d’intérêts avec un dossier' : 'Déclarer un déport'}
          </h3>
          <div className="fr-grid-row fr-grid-row--gutters">
            {self === null && (
            <SelectField
              className="fr-col-12 fr-col-md-4"
              id={fieldId(path('memberId'))}
              label="Membre"
              placeholder="Choisir le membre"
              options={session.members.map((m) => ({ value: String(m.memberId), label: fullName(m) }))}
              value={draft.memberId}
              error={errors[path('memberId')]}
              onChange={(memberId) => setDraft((d) => ({ ...d, memberId }))}
              required
            />
            )}
            <SelectField
              className="fr-col-12 fr-col-md-4"
              id={fieldId(path('itemId'))}
              label="Dossier"
              hint={session.items.length ? undefined : "Inscrivez d'abord les dossiers à l'ordre du jour."}
              placeholder="Choisir le dossier"
              options={session.items.map((i) => ({ value: String(i.id), label: `${i.position + 1}. ${i.dossier.name}` }))}
              value={draft.itemId}
              error={errors[path('itemId')]}
              onChange={(itemId) => setDraft((d) => ({ ...d, itemId }))}
              required
            />
            <TextField
              className="fr-col-12 fr-col-md-4"
              id={fieldId(path('reason'))}
              label="Motif (facultatif)"
              hint="Ex. : associé de la SISA porteuse"
              value={draft.reason}
              error={errors[path('reason')]}
              onChange={(reason) => setDraft((d) => ({ ...d, reason }))}
            />
          </div>
          <Button className="fr-mt-2w" type="submit" priority="secondary" iconId="fr-icon-add-line" disabled={busy}>
            Enregistrer le déport
          </Button>
        </form>
      )}
    </section>
  );
}
