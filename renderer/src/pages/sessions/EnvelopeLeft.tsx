import { call } from '../../api';
import { formatEuros } from '../../format';
import { localToday } from '../documents/labels';
import { useLoad } from '../documents/useLoad';

/**
 * Beside the grant being typed: what the year's start-up grant envelope has left once the
 * decisions already taken are counted, and what this grant would leave.
 */
export function EnvelopeLeft({ amount }: { amount: number }) {
  const year = Number(localToday().slice(0, 4));
  const { loaded } = useLoad(() => call('envelope.get', { year }), [year]);
  if (loaded.status !== 'ready') return null;
  const { budget, remaining } = loaded.value;
  if (budget === null || remaining === null) {
    return <p className="fr-hint-text fr-mb-1w">Aucune enveloppe annuelle n'est fixée pour {year} dans les Paramètres.</p>;
  }
  const after = Number.isNaN(amount) ? null : remaining - amount;
  return (
    <p className="fr-hint-text fr-mb-1w" data-testid="envelope-left">
      Enveloppe {year} : reste {formatEuros(remaining)} à engager sur {formatEuros(budget)}
      {after !== null && (after < 0 ? ` ; cette aide la dépasserait de ${formatEuros(-after)}.` : ` ; après cette aide : ${formatEuros(after)}.`)}
    </p>
  );
}
