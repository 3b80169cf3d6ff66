/**
 * What makes a session's documents signable as they are: the record frozen at closing, the
 * documents judged against the decision they were produced from, the grounds a letter gives,
 * its French, and the mentions without which it is refused.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caller, demoIdentity, scriptDemoSession } from '../../cli/demo-session';
import { latestDocument, latestDocuments } from '../../db/queries/documents';
import { localDay } from '../../services/dates';
import type { Output } from '../../shared/contract';
import { useRuntime, type TestRuntime } from '../support/runtime';
import { plansOnNewDatabase } from '../support/query-plans';
import { useTempDir } from '../support/temp';

const runtime = useRuntime();
const tempDir = useTempDir();

/** The text as pdftotext reads it, on one line, with no-break spaces as plain spaces. */
const pdfText = (path: string) =>
  execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/[\s\u00a0\u202f\u2009]+/g, ' ');

const THIERACHE = 24001101;
const SANTERRE = 24001105;

type Session = Output<'sessions.get'>;
const itemOf = (session: Session, dsNumber: number) => session.items.find((i) => i.dossier.dsNumber === dsNumber)!;

async function generate(r: TestRuntime, session: Session, kinds?: ('decision_letter' | 'funding_agreement' | 'minutes')[]) {
  return r.call('documents.generate', { sessionId: session.id, ...r.outputFolder(join(tempDir(), 'documents')), ...(kinds ? { kinds } : {}) });
}

async function preview(r: TestRuntime, session: Session, dsNumber: number, kind: 'decision_letter' | 'funding_agreement' = 'decision_letter') {
  const file = join(tempDir(), `${kind}-${dsNumber}.pdf`);
  const { contentBase64 } = await r.call('documents.preview', { sessionId: session.id, kind, itemId: itemOf(session, dsNumber).id });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, Buffer.from(contentBase64, 'base64'));
  return pdfText(file);
}

async function updateDossier(r: TestRuntime, dsNumber: number, change: (data: Output<'dossiers.get'>['data']) => Output<'dossiers.get'>['data']) {
  const dossier = await r.call('dossiers.get', { dsNumber });
  await r.call('dossiers.update', { id: dossier.id, data: change(dossier.data) });
}

describe('a closed session’s record', () => {
  it('keeps printing what was recorded at closing, whatever is edited afterwards, until it is reopened', async () => {
    const r = await runtime();
    const session = await scriptDemoSession(caller(r));
    await updateDossier(r, THIERACHE, (data) => ({ ...data, name: 'Pôle de santé de Thiérache' }));
    const { version, ...chair } = (await r.call('members.list', {})).find((m) => m.lastName === 'Vandenberghe')!;
    await r.call('members.save', { member: { ...chair, lastName: 'Vandenberghe-Roy' }, expectedVersion: version });
    await r.call('settings.update', { identity: { ...demoIdentity!, signatory: { ...demoIdentity!.signatory, firstName: 'Nadia', lastName: 'Benali' } } });

    const { documents } = await generate(r, session);
    const letter = pdfText(await r.localFile(documents.find((d) => d.kind === 'decision_letter' && d.dossierId === itemOf(session, THIERACHE).dossier.id)!));
    expect(letter).toMatch(/ESP de Thiérache/);
    expect(letter).not.toMatch(/Pôle de santé/);
    expect(letter).toMatch(/Claire Vandenberghe/);
    expect(letter).not.toMatch(/Benali/);
    const minutes = pdfText(await r.localFile(documents.find((d) => d.kind === 'minutes')!));
    expect(minutes).toMatch(/Présidence : Claire Vandenberghe\s/);
    expect(minutes).not.toMatch(/Vandenberghe-Roy/);

    // The audit log says which sessions keep what they had.
    const kept = (await r.call('audit.list', {})).filter((e) => e.action === 'record.kept');
    expect(kept.map((e) => e.entityType).sort()).toEqual(['dossier', 'member', 'settings']);
    expect(kept[0]!.after).toMatchObject({ sessions: ['2026-04'], message: expect.stringMatching(/La séance n° 2026-04, clôturée, garde/) });

    // Reopening gives the session back to the live data.
    await r.call('sessions.reopen', { id: session.id, reason: 'Nouveau signataire' });
    const closed = await r.call('sessions.close', { id: session.id });
    const again = await generate(r, closed, ['decision_letter']);
    const relettered = pdfText(await r.localFile(again.documents.find((d) => d.dossierId === itemOf(session, THIERACHE).dossier.id)!));
    expect(relettered).toMatch(/Pôle de santé de Thiérache/);
    expect(relettered).toMatch(/Nadia Benali/);
    expect(relettered).toMatch(/Référence : CS-2026-04\/01-v2/);
  });

  it('marks « à refaire » the documents whose decision changed after a reopening, and refuses to send them', async () => {
    const r = await runtime();
    let session = await scriptDemoSession(caller(r));
    const first = await generate(r, session);
    const thierache = itemOf(session, THIERACHE);
    expect(first.documents.every((d) => !d.stale)).toBe(true);

    session = await r.call('sessions.reopen', { id: session.id, reason: 'Erreur sur le vote' });
    await r.call('items.recordOpinion', {
      itemId: thierache.id,
      opinion: { kind: 'unfavorable', motivation: 'Aucun protocole pluriprofessionnel n’est formalisé (article L1411-11-1 du code de la santé publique).', vote: { for: 0, against: 4, abstention: 0 } },
    });
    session = await r.call('sessions.close', { id: session.id });

    const register = await r.call('documents.list', { sessionId: session.id });
    const stale = register.filter((d) => d.stale);
    expect(stale.map((d) => d.reference).sort()).toEqual(['CS-2026-04', 'CS-2026-04/01', 'CS-2026-04/01-CONV']);
    expect(stale.find((d) => d.kind === 'decision_letter')).toMatchObject({ staleReason: 'La décision a changé : accord puis refus.', void: false });
    expect(stale.find((d) => d.kind === 'funding_agreement')).toMatchObject({ staleReason: expect.stringMatching(/cette convention est caduque/), void: true });
    const letter = stale.find((d) => d.kind === 'decision_letter')!;
    const refused = await r.refuse('documents.markSent', { id: letter.id });
    expect(refused).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/CS-2026-04\/01 est à refaire/) });
    expect((await r.call('dashboard.deadlines', { today: '2026-12-01' })).find((d) => d.dsNumber === THIERACHE)!.state).toBe('redo');

    const csv = await r.call('sessions.export', { sessionId: session.id, format: 'csv' });
    expect(Buffer.from(csv.contentBase64, 'base64').toString('utf8')).toMatch(/à refaire \(CS-2026-04\/01\)/);

    // A new version prints its version, matches the decision, and can be sent.
    const second = await generate(r, session, ['decision_letter']);
    const redone = second.documents.find((d) => d.dossierId === thierache.dossier.id)!;
    expect(redone).toMatchObject({ version: 2, reference: 'CS-2026-04/01-v2', stale: false });
    const text = pdfText(await r.localFile(redone));
    expect(text).toMatch(/Référence : CS-2026-04\/01-v2/);
    expect(text).toMatch(/Réf\. CS-2026-04\/01-v2/);
    expect(text).toMatch(/ne peut être retenue/);
    expect((await r.call('dashboard.deadlines', { today: '2026-12-01' })).find((d) => d.dsNumber === THIERACHE)!.state).not.toBe('redo');
    expect((await r.call('documents.markSent', { id: redone.id })).sentAt).toBe(localDay(new Date()));
  });

  it('marks a letter as sent on or after the day it was produced, and never in the future', async () => {
    const r = await runtime();
    const session = await scriptDemoSession(caller(r));
    const { documents } = await generate(r, session, ['decision_letter']);
    const id = documents[0]!.id;
    const future = await r.refuse('documents.markSent', { id, sentAt: '2099-01-04' });
    expect(future).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/4 janvier 2099\) est postérieure à aujourd’hui|postérieure à aujourd'hui/) });
    const before = await r.refuse('documents.markSent', { id, sentAt: '2026-11-01' });
    expect(before.message).toMatch(/précède la production du courrier/);
    expect((await r.call('documents.list', { sessionId: session.id })).every((d) => d.sentAt === null)).toBe(true);
  });
});

describe('what a letter says', () => {
  it('states the opinion and gives the agency’s own grounds when the decision departs from it', async () => {
    const r = await runtime();
    let session = await scriptDemoSession(caller(r));
    session = await r.call('sessions.reopen', { id: session.id, reason: 'Décision de l’agence' });
    const reason = 'Les statuts de l’association n’ont pas été déposés à la date de la décision ; or l’article L1435-8 du code de la santé publique réserve l’aide à une personne morale.';
    await r.call('items.recordDecision', { itemId: itemOf(session, SANTERRE).id, outcome: 'unfavorable', grant: null, reason, date: '2026-11-30' });
    const text = await preview(r, session, SANTERRE);
    expect(text).toMatch(/La commission a rendu un avis favorable sous réserves sur votre demande/);
    expect(text).toMatch(/la décision appartient au directeur général/);
    expect(text).toMatch(/Je n’ai pas suivi cet avis, pour les motifs de fait et de droit suivants : Les statuts de l’association n’ont pas été déposés/);
    expect(text).toMatch(/ne peut être retenue/);
    // The commission's grounds for the opposite outcome are not the agency's.
    expect(text).not.toMatch(/Projet cohérent avec les besoins du Santerre/);
    expect(text).not.toMatch(/Au vu de l’avis/);
    expect(text).not.toMatch(/P\.J\./);
  });

  it('notifies a grant decided with reservations like any grant, and the agreement makes them conditions of payment', async () => {
    const r = await runtime();
    const session = await scriptDemoSession(caller(r));
    const letter = await preview(r, session, SANTERRE);
    expect(letter).toMatch(/P\.J\. : convention de financement/);
    expect(letter).toMatch(/sous les réserves suivantes[\s\S]*statuts de l’association[\s\S]*18 000,00 € \(dix-huit mille euros\)[\s\S]*subordonné à la levée de ces réserves/);
    expect(letter).toMatch(/Vous trouverez ci-joint la convention de financement/);
    const agreement = await preview(r, session, SANTERRE, 'funding_agreement');
    expect(agreement).toMatch(/Article 4 – Modalités de versement Le versement de l’aide est subordonné à la levée des réserves suivantes[\s\S]*statuts de l’association[\s\S]*protocoles pluriprofessionnels/);
    expect(agreement).toMatch(/représentée par M\. Paul Dubois, en qualité de président de l’association ESP du Santerre/);
    expect(agreement).toMatch(/Annexe 2 – Relevé d’identité bancaire du bénéficiaire/);
  });

  it('writes French by rule: official articles of communes, the structure’s article, and each person’s gender', async () => {
    const r = await runtime();
    let session = await scriptDemoSession(caller(r));
    session = await r.call('sessions.reopen', { id: session.id, reason: 'Vérification des courriers' });
    await r.call('settings.update', {
      identity: {
        ...demoIdentity!,
        directorGeneral: { civility: 'Mme', firstName: 'Valérie', lastName: 'Denux', title: 'Directrice générale' },
        appeal: { court: 'tribunal administratif de Lille', distanceDelay: 'overseas' },
      },
    });
    await updateDossier(r, THIERACHE, (data) => ({
      ...data,
      structureType: 'CDS',
      name: 'Pôle Santé Sud',
      address: '12 rue Victor Schœlcher, 97232 Le Lamentin',
      communeCode: '97213',
      communeName: 'Le Lamentin',
      sponsor: { ...data.sponsor, civility: 'Mme' },
      legalEntity: { ...data.legalEntity, representative: { civility: '', firstName: '', lastName: '', capacity: '' } },
    }));
    await updateDossier(r, SANTERRE, (data) => ({ ...data, address: '', communeCode: '97231', communeName: 'Les Trois-Îlets' }));

    const letter = await preview(r, session, THIERACHE);
    expect(letter).toMatch(/en tant que centre de santé pour le projet du centre de santé « Pôle Santé Sud », situé au Lamentin\./);
    // The addressee block sits beside « Affaire suivie par »: its lines come out interleaved.
    expect(letter).toMatch(/Référente du centre de santé « Pôle Santé/);
    expect(letter).toMatch(/12 rue Victor Schœlcher 97232 Le Lamentin/);
    expect(letter).toMatch(/Pour la directrice générale et par délégation,/);
    expect(letter).toMatch(/recours gracieux auprès de la directrice générale/);
    expect(letter).toMatch(/devant le tribunal administratif de Lille/);
    expect(letter).toMatch(/augmentés d’un mois pour les personnes qui demeurent outre-mer/);
    expect(letter).not.toMatch(/à Le |de Le |en tant que équipe|son directrice/);
    const santerre = await preview(r, session, SANTERRE);
    expect(santerre).toMatch(/situé aux Trois-Îlets\./);
    // No street given: the commune's only postcode goes with its name.
    expect(santerre).toMatch(/97229 Les Trois-Îlets/);

    // Without its legal representative, the agreement is refused rather than guessed.
    const refused = await r.refuse('documents.preview', { sessionId: session.id, kind: 'funding_agreement', itemId: itemOf(session, THIERACHE).id });
    expect(refused.details?.[0]).toMatchObject({ field: expect.stringMatching(/legalEntity\.representative$/), message: expect.stringMatching(/représentant légal/) });
    const agreement = await preview(r, session, SANTERRE, 'funding_agreement');
    expect(agreement).toMatch(/représentée par sa directrice générale, Valérie Denux/);
    expect(agreement).toMatch(/Vu la décision de la directrice générale de l’agence/);

    // The capacity agrees with the representative, and the legal form reads as running text.
    await updateDossier(r, THIERACHE, (data) => ({
      ...data,
      legalEntity: { ...data.legalEntity, form: 'Société Coopérative d’Intérêt Collectif (SCIC)', representative: { civility: 'Mme', firstName: 'Aimée', lastName: 'Joseph', capacity: 'Gérant' } },
    }));
    const centre = await preview(r, session, THIERACHE, 'funding_agreement');
    expect(centre).toMatch(/Entre L’Agence régionale de santé Hauts-de-France,/);
    expect(centre).toMatch(/Le centre de santé « Pôle Santé Sud », société coopérative d’intérêt collectif \(SCIC\), SIRET \d{14}, dont le siège est 12 rue Victor Schœlcher, 97232 Le Lamentin, représenté par Mme Aimée Joseph, en qualité de gérante, ci-après dénommé « le bénéficiaire »\./);
    expect(centre).toMatch(/Mme Aimée Joseph, gérante/);
    // The addressee block interleaves with « Affaire suivie par » here too.
    expect(await preview(r, session, THIERACHE)).toMatch(/Mme Aimée Joseph .{0,60}Gérante /);
  });

  it('refuses a letter whose appeal block lacks a mention, naming each one', async () => {
    const r = await runtime();
    const session = await scriptDemoSession(caller(r));
    const { templates } = await r.call('settings.get', {});
    await r.call('settings.update', {
      templates: { ...templates, letterAppeal: 'Cette décision peut faire l’objet d’un recours gracieux ou d’un recours contentieux dans les deux mois.' },
    });
    const error = await r.refuse('documents.generate', { sessionId: session.id, ...r.outputFolder(join(tempDir(), 'd')) });
    expect(error.code).toBe('VALIDATION');
    const message = error.details!.find((d) => d.field === 'templates.letterAppeal')!.message;
    for (const missing of ['le recours hiérarchique', 'Télérecours citoyens', 'le tribunal (tribunal administratif de Lille)']) expect(message).toContain(missing);
    expect(message).not.toContain('le recours gracieux');
  });
});

describe("the register's latest versions, read for a batch", () => {
  it('seek through the session index and the unique one: one query for the whole session, never a scan', async () => {
    const plans = await plansOnNewDatabase(tempDir(), async (db) => {
      await latestDocuments(db, 1, [3, 4]);
      await latestDocument(db, 1, 'minutes', null);
    });
    expect(plans).toHaveLength(2);
    for (const plan of plans) expect(plan.filter((step) => step.startsWith('SCAN'))).toEqual([]);
    // Each row of the session, then a seek for a later version of it: no more work for a session regenerated ten times.
    expect(plans[0]).toEqual(
      expect.arrayContaining([
        'SEARCH d USING INDEX documents_session (session_id=?)',
        'SEARCH later USING COVERING INDEX sqlite_autoindex_documents_1 (kind=? AND session_id=? AND dossier_id=? AND version>?)',
      ]),
    );
    expect(plans[1]).toEqual(['SEARCH documents USING INDEX sqlite_autoindex_documents_1 (kind=? AND session_id=? AND dossier_id=?)']);
  });
});
