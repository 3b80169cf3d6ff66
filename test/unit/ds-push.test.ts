/**
 * A closed session's decisions sent to Démarches Simplifiées: what a dry run lists, and what it
 * leaves out and why.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import type { Output } from '../../shared/contract';
import { useRuntime, type TestRuntime } from '../support/runtime';
import { useTempDir } from '../support/temp';

const runtime = useRuntime();
const tempDir = useTempDir();

const THIERACHE = 24001101;
const SANTERRE = 24001105;
const REFUSED = 24001103;
const POSTPONED = 24001104;

type Session = Output<'sessions.get'>;
const itemOf = (session: Session, dsNumber: number) => session.items.find((i) => i.dossier.dsNumber === dsNumber)!;

async function decidedSession(r: TestRuntime): Promise<Session> {
  const session = await scriptDemoSession(caller(r));
  await r.call('documents.generate', { sessionId: session.id, folder: join(tempDir(), 'documents'), kinds: ['decision_letter'] });
  return session;
}

describe('the dry run of « Transmettre les décisions »', () => {
  it('lists each decision with its action, motivation and letter, sending nothing', async () => {
    const r = await runtime();
    const session = await decidedSession(r);
    const preview = await r.call('ds.push.preview', { sessionId: session.id });
    expect(preview).toMatchObject({ sessionNumber: '2026-04', toSend: 5, skipped: 0 });
    const byNumber = new Map(preview.entries.map((e) => [e.dsNumber, e]));
    expect(byNumber.get(THIERACHE)).toMatchObject({
      action: 'accept',
      outcome: 'favorable',
      skip: null,
      letter: { version: 1, reference: 'CS-2026-04/01', fileName: expect.stringMatching(/_decision\.pdf$/) },
    });
    expect(byNumber.get(THIERACHE)!.motivation).toMatch(/Aide au démarrage accordée : 20\s000\s€\.\n\nCourrier de décision joint \(réf\. CS-2026-04\/01\)\./);
    expect(byNumber.get(SANTERRE)).toMatchObject({ action: 'accept', outcome: 'favorable_with_reservations' });
    expect(byNumber.get(SANTERRE)!.motivation).toMatch(/Réserves :\n- Transmettre les statuts de l’association/);
    expect(byNumber.get(REFUSED)).toMatchObject({ action: 'refuse', motivationExcerpt: expect.stringMatching(/^L'équipe ne comprend aucun médecin généraliste.*…$/) });
    expect(byNumber.get(REFUSED)!.motivationExcerpt.length).toBeLessThanOrEqual(160);
    expect(byNumber.get(POSTPONED)).toMatchObject({ action: 'close', motivation: expect.stringMatching(/^Le diagnostic territorial/) });
    expect(Number((await r.query<{ n: number }>('SELECT count(*) AS n FROM ds_pushes'))[0]!.n)).toBe(0);
  });

  it('says why a dossier is left out: session not closed, no letter, stale letter, no DS number', async () => {
    const r = await runtime();
    let session = await scriptDemoSession(caller(r));
    const noLetter = await r.call('ds.push.preview', { sessionId: session.id });
    expect(noLetter.entries.every((e) => e.skip?.reason === 'no_letter')).toBe(true);
    expect(noLetter.entries[0]!.skip!.message).toMatch(/produisez les documents de la séance/);

    await r.call('documents.generate', { sessionId: session.id, folder: join(tempDir(), 'documents'), kinds: ['decision_letter'] });
    session = await r.call('sessions.reopen', { id: session.id, reason: 'Erreur sur la décision' });
    const open = await r.call('ds.push.preview', { sessionId: session.id });
    expect(open).toMatchObject({ toSend: 0, skipped: 5 });
    expect(open.entries[0]!.skip).toEqual({ reason: 'session_not_closed', message: "La séance n° 2026-04 n'est pas clôturée : ses décisions ne sont pas arrêtées." });

    const reason = 'Les statuts de l’association ne sont pas déposés : l’article L1435-8 du code de la santé publique réserve l’aide à une personne morale.';
    await r.call('items.recordDecision', { itemId: itemOf(session, SANTERRE).id, outcome: 'unfavorable', grant: null, reason, date: '2026-11-30' });
    const dossier = await r.call('dossiers.get', { dsNumber: POSTPONED });
    await r.call('dossiers.update', { id: dossier.id, data: { ...dossier.data, dsNumber: null } });
    session = await r.call('sessions.close', { id: session.id });

    const preview = await r.call('ds.push.preview', { sessionId: session.id });
    const reasons = Object.fromEntries(preview.entries.map((e) => [e.dossierName, e.skip?.reason ?? null]));
    expect(reasons).toEqual({
      [itemOf(session, THIERACHE).dossier.name]: null,
      [itemOf(session, 24001102).dossier.name]: null,
      [itemOf(session, SANTERRE).dossier.name]: 'stale_letter',
      [itemOf(session, REFUSED).dossier.name]: null,
      [dossier.data.name]: 'no_ds_number',
    });
    const stale = preview.entries.find((e) => e.skip?.reason === 'stale_letter')!;
    expect(stale.skip!.message).toBe('Le courrier CS-2026-04/03 est à refaire : La décision a changé : accord sous réserve puis refus. Produisez-en une nouvelle version.');
    expect(stale.action).toBe('refuse');
  });

});
