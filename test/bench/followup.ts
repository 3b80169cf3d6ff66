/**
 * After the decision at scale: a closed session of 400 dossiers whose 200 grants are signed
 * (three reports each) and half of them paid, then what the dashboard reads:
 *   - dashboard.deadlines (400 notifications and 600 reports), median of 11 calls ≤ 100 ms;
 *   - envelope.get (the year's grants by département and structure type), median of 11 ≤ 50 ms.
 */
import { limitTarget, median, ms, timed } from './measure';
import { benchOpinion, sessionInProgress } from './session';

const DOSSIERS = 400;
const scan = { fileName: 'convention.pdf', contentBase64: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64') };

async function medianOf(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 11; i++) times.push((await timed(work))[1]);
  return median(times);
}

export async function benchFollowUp(dir: string): Promise<void> {
  const { runtime, call, session } = await sessionInProgress(dir, DOSSIERS);
  for (const [i, item] of session.items.entries()) await call('items.recordOpinion', { itemId: item.id, opinion: benchOpinion(i) });
  const closed = await call('sessions.close', { id: session.id });
  const granted = closed.items.filter((item) => item.decision?.grant);
  const [, signing] = await timed(async () => {
    for (const [i, item] of granted.entries()) {
      const followUp = await call('followup.recordAgreement', { itemId: item.id, signedOn: '2026-11-30', instalments: 1, scan });
      const agreement = followUp.grants.at(-1)!.agreement!;
      if (i % 2 === 0) await call('followup.recordPayment', { agreementId: agreement.id, paidOn: '2026-12-01', amount: agreement.remaining, reference: `MDT-${i}` });
    }
  });
  const deadlinesMs = await medianOf(() => call('dashboard.deadlines', { today: '2027-06-01' }));
  const envelopeMs = await medianOf(() => call('envelope.get', { year: 2026 }));
  await runtime.close();

  console.log(`Après la décision, ${DOSSIERS} dossiers dont ${granted.length} conventions signées (3 justificatifs chacune), la moitié versées :`);
  console.log(limitTarget('échéances du tableau de bord (dashboard.deadlines), médiane', deadlinesMs, 100));
  console.log(limitTarget("enveloppe de l'année (envelope.get), médiane", envelopeMs, 50));
  console.log(`  signatures et versements enregistrés un à un : ${ms(signing)} (${ms(signing / granted.length)} par convention)`);
}
