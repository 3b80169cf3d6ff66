/**
 * A closed session's decisions sent to Démarches Simplifiées: what a dry run lists and leaves
 * out, and the push itself against the local server built from the platform's schema: the
 * letter uploaded with its checksum, each decision, instruction first, never twice, never a
 * stale letter, nothing recorded as sent when the token is refused, a retry after a failure.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import type { Output } from '../../shared/contract';
import { formatDate } from '../../shared/french';
import { localDay } from '../../services/dates';
import { dsPushSdl } from '../support/ds-sdl';
import { fixtureDossier, INSTRUCTEUR, useDsServer, VALID_TOKEN, type DsServer } from '../support/ds-server';
import { testKeychain } from '../support/keychain';
import { useRuntime, type TestRuntime } from '../support/runtime';
import { useTempDir } from '../support/temp';

const runtime = useRuntime({ secrets: testKeychain() });
const tempDir = useTempDir();
const startServer = useDsServer({ extraSdl: dsPushSdl });
const PROCEDURE = 104_233;

const THIERACHE = 24001101;
const SANTERRE = 24001105;
const REFUSED = 24001103;
const POSTPONED = 24001104;
const today = localDay(new Date());

type Session = Output<'sessions.get'>;
const itemOf = (session: Session, dsNumber: number) => session.items.find((i) => i.dossier.dsNumber === dsNumber)!;

async function decidedSession(r: TestRuntime): Promise<Session> {
  const session = await scriptDemoSession(caller(r));
  await r.call('documents.generate', { sessionId: session.id, ...r.outputFolder(join(tempDir(), 'documents')), kinds: ['decision_letter'] });
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
    expect(byNumber.get(POSTPONED)).toMatchObject({ action: 'postpone', motivation: expect.stringMatching(/^Le diagnostic territorial/) });
    expect(Number((await r.query<{ n: number }>('SELECT count(*) AS n FROM ds_pushes'))[0]!.n)).toBe(0);
  });

  it('says why a dossier is left out: session not closed, no letter, stale letter, no DS number', async () => {
    const r = await runtime();
    let session = await scriptDemoSession(caller(r));
    const noLetter = await r.call('ds.push.preview', { sessionId: session.id });
    expect(noLetter.entries.every((e) => e.skip?.reason === 'no_letter')).toBe(true);
    expect(noLetter.entries[0]!.skip!.message).toMatch(/produisez les documents de la séance/);

    await r.call('documents.generate', { sessionId: session.id, ...r.outputFolder(join(tempDir(), 'documents')), kinds: ['decision_letter'] });
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

const DS_NUMBERS = [THIERACHE, 24001102, SANTERRE, REFUSED, POSTPONED];

/** The platform holding the session's five dossiers, en instruction unless told, and the app connected to it. */
async function connected(r: TestRuntime, states: Record<number, string> = {}): Promise<DsServer> {
  const server = await startServer();
  server.addProcedure(PROCEDURE, 'Aide au démarrage des ESP et MSP 2026');
  for (const number of DS_NUMBERS) {
    server.putDossier(PROCEDURE, fixtureDossier(number, (d) => (d.state = states[number] ?? 'en_instruction')));
  }
  await r.call('ds.connection.save', { connection: { instanceUrl: server.url, procedureNumber: PROCEDURE, instructorGroup: null }, token: VALID_TOKEN });
  return server;
}

const actionsOf = (server: DsServer, number: number) => server.actions.filter((a) => a.dossierNumber === number).map((a) => a.field);
const pushRows = (r: TestRuntime) =>
  r.query<{ ds_number: number; completed_at: string | null; decided_at: string | null; attempts: number; last_error: string }>('SELECT * FROM ds_pushes ORDER BY id');

describe('« Transmettre les décisions » on the platform', () => {
  it('uploads each letter with its checksum, accepts, refuses, and leaves a postponed dossier in instruction with its letter as a message', async () => {
    const r = await runtime();
    const session = await decidedSession(r);
    const server = await connected(r, { [THIERACHE]: 'en_construction', [POSTPONED]: 'en_construction' });
    const run = await r.call('ds.push.run', { sessionId: session.id });
    expect(run).toMatchObject({ sent: 5, skipped: 0, failed: 0 });
    expect(Object.fromEntries(run.results.map((x) => [x.dsNumber, [x.action, x.platformState]]))).toEqual({
      [THIERACHE]: ['accept', 'accepte'],
      24001102: ['accept', 'accepte'],
      [SANTERRE]: ['accept', 'accepte'],
      [REFUSED]: ['refuse', 'refuse'],
      [POSTPONED]: ['postpone', 'en_instruction'],
    });
    expect(actionsOf(server, THIERACHE)).toEqual(['dossierPasserEnInstruction', 'dossierAccepter']);
    expect(actionsOf(server, REFUSED)).toEqual(['dossierRefuser']);
    // Not asked for messages: only the postponed dossier gets one, its only way to the letter.
    expect(actionsOf(server, POSTPONED)).toEqual(['dossierPasserEnInstruction', 'dossierEnvoyerMessage']);
    expect(server.dossiers.get(POSTPONED)!.node.state).toBe('en_instruction');

    // The letter as the register holds it: its bytes and MD5 received, then named as the justificatif.
    const letters = (await r.call('documents.list', { sessionId: session.id })).filter((d) => d.kind === 'decision_letter');
    const letter = letters.find((d) => d.dsNumber === REFUSED)!;
    const refusal = server.actions.find((a) => a.field === 'dossierRefuser')!;
    const upload = server.uploads.get(String(refusal.input.justificatif))!;
    const bytes = readFileSync(await r.localFile(letter));
    expect(upload.bytes!.equals(bytes)).toBe(true);
    expect(upload).toMatchObject({ checksum: createHash('md5').update(bytes).digest('base64'), byteSize: bytes.length, contentType: 'application/pdf' });
    expect(upload.filename).toBe(letter.filePath.split('/').at(-1));
    expect(refusal.input).toMatchObject({ instructeurId: INSTRUCTEUR.id, motivation: expect.stringMatching(/^L'équipe ne comprend aucun médecin généraliste/) });
    expect(server.dossiers.get(REFUSED)!.node.motivation).toMatch(/Courrier de décision joint \(réf\. CS-2026-04\/04\)\.$/);

    // Recorded: the platform state, the letters notified, each push in the audit log with its letter's sha256.
    expect((await r.call('dossiers.get', { dsNumber: POSTPONED })).data.dsState).toBe('en_instruction');
    const postponement = server.actions.find((a) => a.field === 'dossierEnvoyerMessage')!.input;
    expect(postponement.body).toBe('Veuillez trouver ci-joint le courrier d’ajournement relatif à votre dossier (réf. CS-2026-04/05).');
    const postponedLetter = letters.find((d) => d.dsNumber === POSTPONED)!;
    expect(server.uploads.get(String(postponement.attachment))!.bytes!.equals(readFileSync(await r.localFile(postponedLetter)))).toBe(true);
    expect(letters.every((d) => d.sentAt !== null)).toBe(true);
    const sent = (await r.call('audit.list', {})).filter((e) => e.action === 'ds.push.sent');
    expect(sent).toHaveLength(5);
    expect(sent.find((e) => (e.after as { dsNumber: number }).dsNumber === REFUSED)!.after).toMatchObject({ action: 'refuse', letter: 'CS-2026-04/04', version: 1, sha256: letter.sha256, dsState: 'refuse' });
  });

  it('never sends the same letter version twice, nor a stale letter; a new version after a changed decision is sent again', async () => {
    const r = await runtime();
    let session = await decidedSession(r);
    const server = await connected(r);
    await r.call('ds.push.run', { sessionId: session.id, dossierIds: [itemOf(session, SANTERRE).dossier.id] });
    const requests = server.graphqlRequests.length;
    const again = await r.call('ds.push.run', { sessionId: session.id, dossierIds: [itemOf(session, SANTERRE).dossier.id] });
    expect(again).toMatchObject({ sent: 0, skipped: 1 });
    expect(again.results[0]!.message).toMatch(/^Déjà transmis le .* avec le courrier CS-2026-04\/03\.$/);
    expect(server.graphqlRequests.length).toBe(requests);
    expect(actionsOf(server, SANTERRE)).toEqual(['dossierAccepter']);

    // The decision changes after a reopening: its letter is stale, and nothing goes until a new version.
    session = await r.call('sessions.reopen', { id: session.id, reason: 'Statuts non déposés' });
    const reason = 'Les statuts de l’association ne sont pas déposés : l’article L1435-8 du code de la santé publique réserve l’aide à une personne morale.';
    await r.call('items.recordDecision', { itemId: itemOf(session, SANTERRE).id, outcome: 'unfavorable', grant: null, reason, date: '2026-11-30' });
    session = await r.call('sessions.close', { id: session.id });
    const stale = await r.call('ds.push.run', { sessionId: session.id, dossierIds: [itemOf(session, SANTERRE).dossier.id] });
    expect(stale.results[0]).toMatchObject({ status: 'skipped', message: expect.stringMatching(/^Le courrier CS-2026-04\/03 est à refaire/) });
    expect(actionsOf(server, SANTERRE)).toEqual(['dossierAccepter']);

    await r.call('documents.generate', { sessionId: session.id, ...r.outputFolder(join(tempDir(), 'v2')), kinds: ['decision_letter'], onlyMissing: true });
    const redone = await r.call('ds.push.run', { sessionId: session.id, dossierIds: [itemOf(session, SANTERRE).dossier.id] });
    expect(redone.results[0]).toMatchObject({ status: 'sent', action: 'refuse', platformState: 'refuse', message: 'Refuser : transmis avec le courrier CS-2026-04/03-v2.' });
    expect(actionsOf(server, SANTERRE)).toEqual(['dossierAccepter', 'dossierRepasserEnInstruction', 'dossierRefuser']);
  });

  it('records nothing as sent when the token is refused, and stops there', async () => {
    const r = await runtime();
    const session = await decidedSession(r);
    const server = await connected(r);
    server.tokens.set(VALID_TOKEN, { expired: true });
    const run = await r.call('ds.push.run', { sessionId: session.id });
    expect(run).toMatchObject({ sent: 0, failed: 1, skipped: 4 });
    expect(run.results[0]!.message).toMatch(/refuse le jeton d'accès/);
    expect(run.results[1]!.message).toMatch(/^Non tenté : Démarches Simplifiées refuse le jeton/);
    expect(server.actions).toEqual([]);
    expect((await pushRows(r)).map((p) => [p.completed_at, p.decided_at])).toEqual([[null, null]]);
    expect((await r.call('documents.list', { sessionId: session.id })).every((d) => d.sentAt === null)).toBe(true);
    expect((await r.call('audit.list', {})).filter((e) => e.action === 'ds.push.failed')).toHaveLength(1);
    expect((await r.call('ds.push.preview', { sessionId: session.id })).entries[0]!.resumes).toMatch(/^Tentative précédente \(1\) : arrêtée — Démarches Simplifiées refuse le jeton/);
  });

  it('never starts a letter another post is sending; an attempt silent for ten minutes is taken over', async () => {
    const r = await runtime();
    const session = await decidedSession(r);
    const server = await connected(r);
    const only = { sessionId: session.id, dossierIds: [itemOf(session, THIERACHE).dossier.id] };
    server.tokens.set(VALID_TOKEN, { expired: true });
    await r.call('ds.push.run', only);
    server.tokens.set(VALID_TOKEN, { expired: false });
    // Another post has just begun the same letter (its row as that post writes it).
    await r.query("UPDATE ds_pushes SET last_error = '', attempts = 2, actor = 'poste-2', updated_at = ?", [new Date().toISOString()]);
    expect((await r.call('ds.push.preview', { sessionId: session.id })).entries[0]!.resumes).toBe('Transmission commencée par poste-2 (sans fin enregistrée) : en cours sur un autre poste, ou interrompue.');
    const held = await r.call('ds.push.run', only);
    expect(held.results[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/^Le courrier CS-2026-04\/01 est en cours de transmission depuis un autre poste/) });
    expect(server.actions).toEqual([]);
    expect((await pushRows(r))[0]).toMatchObject({ attempts: 2, completed_at: null });

    // That post crashed: ten minutes later, the push is taken over.
    await r.query('UPDATE ds_pushes SET updated_at = ?', [new Date(Date.now() - 11 * 60_000).toISOString()]);
    const taken = await r.call('ds.push.run', only);
    expect(taken.results[0]).toMatchObject({ status: 'sent' });
    expect(actionsOf(server, THIERACHE)).toEqual(['dossierAccepter']);
    expect((await pushRows(r))[0]).toMatchObject({ attempts: 3, last_error: '' });
  });

  it('resumes a push stopped part-way without taking a step twice', async () => {
    const r = await runtime();
    const session = await decidedSession(r);
    const server = await connected(r, { [THIERACHE]: 'en_construction' });
    const only = { sessionId: session.id, dossierIds: [itemOf(session, THIERACHE).dossier.id] };
    // En instruction, then the connection is cut while the decision is sent.
    server.failNext({ drop: true }, (q) => q.operationName === 'commissionDossierAccepter');
    const cut = await r.call('ds.push.run', only);
    expect(cut.results[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/a échoué ou a été coupée/) });
    expect(actionsOf(server, THIERACHE)).toEqual(['dossierPasserEnInstruction']);
    expect((await pushRows(r))[0]).toMatchObject({ completed_at: null, decided_at: null, attempts: 1 });

    const resumed = await r.call('ds.push.run', only);
    expect(resumed.results[0]).toMatchObject({ status: 'sent', platformState: 'accepte' });
    expect(actionsOf(server, THIERACHE)).toEqual(['dossierPasserEnInstruction', 'dossierAccepter']);
    expect((await pushRows(r))[0]).toMatchObject({ attempts: 2, last_error: '' });
  });

  it('does not decide again when the platform took the decision but its answer was lost', async () => {
    const r = await runtime();
    const session = await decidedSession(r);
    const server = await connected(r);
    const only = { sessionId: session.id, dossierIds: [itemOf(session, 24001102).dossier.id] };
    // The platform accepts the dossier, then the connection closes before its answer.
    server.failNext({ lost: true }, (q) => q.operationName === 'commissionDossierAccepter');
    expect((await r.call('ds.push.run', only)).results[0]!.status).toBe('failed');
    expect(actionsOf(server, 24001102)).toEqual(['dossierAccepter']);
    const uploads = server.uploads.size;

    const resumed = await r.call('ds.push.run', only);
    expect(resumed.results[0]).toMatchObject({ status: 'sent', platformState: 'accepte' });
    expect(actionsOf(server, 24001102)).toEqual(['dossierAccepter']);
    expect(server.uploads.size).toBe(uploads);
  });

  it('takes a postponed dossier back to instruction from a final state, resumes at its message, and never sends it twice', async () => {
    const r = await runtime();
    const session = await decidedSession(r);
    const server = await connected(r, { [POSTPONED]: 'sans_suite' });
    const only = { sessionId: session.id, dossierIds: [itemOf(session, POSTPONED).dossier.id] };
    expect((await r.call('ds.push.preview', { sessionId: session.id })).entries.find((e) => e.dsNumber === POSTPONED)).toMatchObject({ action: 'postpone', skip: null });
    server.failNext({ drop: true }, (q) => q.operationName === 'commissionEnvoyerMessage');
    expect((await r.call('ds.push.run', only)).results[0]!.status).toBe('failed');
    expect(actionsOf(server, POSTPONED)).toEqual(['dossierRepasserEnInstruction']);
    expect((await pushRows(r))[0]).toMatchObject({ completed_at: null, decided_at: null, attempts: 1 });

    const resumed = await r.call('ds.push.run', only);
    expect(resumed.results[0]).toMatchObject({ status: 'sent', action: 'postpone', platformState: 'en_instruction', message: 'Laisser en instruction (ajourné) : transmis avec le courrier CS-2026-04/05.' });
    expect(actionsOf(server, POSTPONED)).toEqual(['dossierRepasserEnInstruction', 'dossierEnvoyerMessage']);
    expect((await pushRows(r))[0]).toMatchObject({ decided_at: null, attempts: 2, last_error: '' });

    const again = await r.call('ds.push.run', only);
    expect(again.results[0]).toMatchObject({ status: 'skipped', message: expect.stringMatching(/^Déjà transmis le .* avec le courrier CS-2026-04\/05\.$/) });
    expect(actionsOf(server, POSTPONED)).toEqual(['dossierRepasserEnInstruction', 'dossierEnvoyerMessage']);
  });

  it('does not send a message again when the platform posted it but its answer was lost', async () => {
    const r = await runtime();
    const session = await decidedSession(r);
    const server = await connected(r, { [POSTPONED]: 'en_instruction' });
    const only = { sessionId: session.id, dossierIds: [itemOf(session, POSTPONED).dossier.id] };
    server.failNext({ lost: true }, (q) => q.operationName === 'commissionEnvoyerMessage');
    expect((await r.call('ds.push.run', only)).results[0]!.status).toBe('failed');
    expect(actionsOf(server, POSTPONED)).toEqual(['dossierEnvoyerMessage']);
    expect((await pushRows(r))[0]).toMatchObject({ completed_at: null, message_at: null });
    const uploads = server.uploads.size;

    // The message is on the platform with the letter's bytes: the retry finds it there.
    const resumed = await r.call('ds.push.run', only);
    expect(resumed.results[0]).toMatchObject({ status: 'sent', action: 'postpone', platformState: 'en_instruction' });
    expect(actionsOf(server, POSTPONED)).toEqual(['dossierEnvoyerMessage']);
    expect(server.uploads.size).toBe(uploads);
    expect((await pushRows(r))[0]).toMatchObject({ attempts: 2, last_error: '', message_at: expect.any(String), completed_at: expect.any(String) });
  });

  it('sends the letter as a message too when asked, and names the instructor by e-mail when the group has several', async () => {
    const r = await runtime();
    const session = await decidedSession(r);
    const server = await startServer();
    const other = { id: 'SW5zdHJ1Y3RldXItMg==', email: 'autre@ars.sante.fr' };
    server.addProcedure(PROCEDURE, 'Aide au démarrage', [{ number: 1, label: 'DD02', instructeurs: [other, INSTRUCTEUR] }]);
    server.putDossier(PROCEDURE, fixtureDossier(REFUSED, (d) => (d.state = 'en_instruction')));
    await r.call('ds.connection.save', { connection: { instanceUrl: server.url, procedureNumber: PROCEDURE, instructorGroup: null }, token: VALID_TOKEN });
    const only = { sessionId: session.id, dossierIds: [itemOf(session, REFUSED).dossier.id], sendMessage: true };
    const unnamed = await r.call('ds.push.run', only);
    expect(unnamed.results[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/a 2 instructeurs : indiquez l'adresse électronique/) });
    const named = await r.call('ds.push.run', { ...only, instructeurEmail: 'INSTRUCTION@ars.sante.fr' });
    expect(named.results[0]).toMatchObject({ status: 'sent' });
    expect(actionsOf(server, REFUSED)).toEqual(['dossierRefuser', 'dossierEnvoyerMessage']);
    const message = server.actions.at(-1)!.input;
    expect(message).toMatchObject({ instructeurId: INSTRUCTEUR.id, body: expect.stringMatching(/réf\. CS-2026-04\/04/) });
    expect(server.uploads.get(String(message.attachment))!.bytes).not.toBeNull();
  });
});

describe('a withdrawn dossier on the platform', () => {
  const reason = 'Le projet est abandonné';
  async function withdrawn(r: TestRuntime, dsNumber: number): Promise<number> {
    const { id } = await r.call('dossiers.get', { dsNumber });
    await r.call('dossiers.withdraw', { dossierId: id, date: today, reason });
    return id;
  }

  it('is classé sans suite with its withdrawal as the motivation, instruction first, and only once', async () => {
    const r = await runtime();
    await decidedSession(r);
    const server = await connected(r, { [POSTPONED]: 'en_construction' });
    const dossierId = await withdrawn(r, POSTPONED);
    const result = await r.call('ds.withdrawal.push', { dossierId });
    expect(result).toMatchObject({ dossierId, dsNumber: POSTPONED, platformState: 'sans_suite', sent: true });
    expect(actionsOf(server, POSTPONED)).toEqual(['dossierPasserEnInstruction', 'dossierClasserSansSuite']);
    const motivation = `Désistement des porteurs le ${formatDate(today)} : Le projet est abandonné.`;
    expect(server.actions.at(-1)!.input).toMatchObject({ instructeurId: INSTRUCTEUR.id, motivation });
    expect((await r.call('dossiers.get', { id: dossierId })).data.dsState).toBe('sans_suite');
    const audit = (await r.call('audit.list', {})).find((e) => e.action === 'ds.withdrawal.sent');
    expect(audit).toMatchObject({ entityId: String(dossierId), after: { dsNumber: POSTPONED, motivation, dsState: 'sans_suite', sent: true } });

    const again = await r.call('ds.withdrawal.push', { dossierId });
    expect(again).toMatchObject({ sent: false, platformState: 'sans_suite', message: expect.stringMatching(/était déjà classé sans suite/) });
    expect(actionsOf(server, POSTPONED)).toEqual(['dossierPasserEnInstruction', 'dossierClasserSansSuite']);
  });

  it('is not closed twice when the platform closed it but its answer was lost', async () => {
    const r = await runtime();
    await decidedSession(r);
    const server = await connected(r);
    const dossierId = await withdrawn(r, POSTPONED);
    server.failNext({ lost: true }, (q) => q.operationName === 'commissionDossierClasserSansSuite');
    const lost = await r.refuse('ds.withdrawal.push', { dossierId });
    expect(lost.message).toMatch(/a échoué ou a été coupée/);
    expect((await r.call('dossiers.get', { id: dossierId })).data.dsState).not.toBe('sans_suite');
    expect(await r.call('ds.withdrawal.push', { dossierId })).toMatchObject({ sent: false, platformState: 'sans_suite' });
    expect(actionsOf(server, POSTPONED)).toEqual(['dossierClasserSansSuite']);
  });

  it('is refused without a withdrawal, and leaves a dossier the platform accepted as it is', async () => {
    const r = await runtime();
    await decidedSession(r);
    const server = await connected(r, { [THIERACHE]: 'accepte' });
    const { id: notWithdrawn } = await r.call('dossiers.get', { dsNumber: SANTERRE });
    expect(await r.refuse('ds.withdrawal.push', { dossierId: notWithdrawn })).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^Aucun désistement n'est enregistré pour « ESP du Santerre »/),
    });
    const accepted = await withdrawn(r, THIERACHE);
    expect(await r.refuse('ds.withdrawal.push', { dossierId: accepted })).toMatchObject({
      code: 'CONFLICT',
      message: 'Le dossier n° 24001101 est accepté sur Démarches Simplifiées : une décision prise ne s\'y classe pas sans suite. Le désistement reste enregistré ici.',
    });
    expect(server.actions).toEqual([]);
  });
});
