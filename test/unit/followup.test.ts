/**
 * After the decision, on a real database: the agreement signed with its scan, the grant paid,
 * the reports due on the dashboard, the yearly envelope, and each refusal.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import { localDay } from '../../services/dates';
import { sha256 } from '../../services/files';
import { addMonths } from '../../shared/followup';
import type { Output } from '../../shared/contract';
import { useRuntime, type TestRuntime } from '../support/runtime';

const runtime = useRuntime();

const THIERACHE = 24001101;
const SANTERRE = 24001105;
const REFUSED = 24001103;
const DECIDED_ON = '2026-11-30';
const today = localDay(new Date());

/** A small real PDF: the scan's content is checked against its extension. */
const scan = {
  fileName: 'convention-signee.pdf',
  contentBase64: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64'),
};

type Session = Output<'sessions.get'>;
const itemOf = (session: Session, dsNumber: number) => session.items.find((i) => i.dossier.dsNumber === dsNumber)!;

async function closedSession(): Promise<{ r: TestRuntime; session: Session }> {
  const r = await runtime();
  return { r, session: await scriptDemoSession(caller(r)) };
}

/** Messages as read, narrow no-break spaces as plain ones. */
const plain = (error: { details?: { field: string; message: string }[] }) =>
  (error.details ?? []).map((d) => ({ ...d, message: d.message.replace(/[\u00a0\u202f]/g, ' ') }));

const statusOf = async (r: TestRuntime, dsNumber: number) => (await r.call('dossiers.get', { dsNumber })).status;

describe('the agreement signed', () => {
  it('is recorded with its scan attached and the reports of article 6, and the dossier reaches « Convention signée »', async () => {
    const { r, session } = await closedSession();
    const item = itemOf(session, THIERACHE);
    const followUp = await r.call('followup.recordAgreement', { itemId: item.id, signedOn: DECIDED_ON, instalments: 1, scan });
    const agreement = followUp.grants[0]!.agreement!;
    expect(followUp.grants[0]).toMatchObject({ granted: 20000, decisionDate: DECIDED_ON, sessionClosed: true });
    expect(agreement).toMatchObject({ signedOn: DECIDED_ON, instalments: 1, paid: 0, remaining: 20000 });
    // The default article 6: three documents within six months of the end of the first year.
    expect(agreement.reports.map((rep) => [rep.label, rep.dueOn])).toEqual([
      ['Factures acquittées', '2028-05-30'],
      ['Compte rendu financier de l’utilisation de l’aide', '2028-05-30'],
      ['Rapport d’activité et indicateurs de suivi', '2028-05-30'],
    ]);
    expect(followUp.terms.payment).toMatch(/en une seule fois/);
    expect(await statusOf(r, THIERACHE)).toBe('agreement_signed');

    // The scan is an attachment of the dossier, kept on disk with its bytes.
    const attachment = (await r.call('dossiers.get', { dsNumber: THIERACHE })).attachments.find((a) => a.id === agreement.scan!.id)!;
    expect(attachment).toMatchObject({ kind: 'agreement_signed', originalName: 'convention-signee.pdf' });
    const opened = await r.call('attachments.open', { id: attachment.id });
    expect(readFileSync(opened.path).toString('base64')).toBe(scan.contentBase64);

    const audit = await r.call('audit.list', { entityType: 'dossier', entityId: String(item.dossier.id) });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['agreement.signed', 'attachment.add']));

    const again = await r.refuse('followup.recordAgreement', { itemId: item.id, signedOn: DECIDED_ON, instalments: 1, scan });
    expect(again).toMatchObject({ code: 'CONFLICT', message: 'La signature de cette convention est déjà enregistrée.' });
  });

  it('refuses a signature before the decision or in the future, a report due before it, and writes nothing', async () => {
    const { r, session } = await closedSession();
    const itemId = itemOf(session, THIERACHE).id;
    const before = await r.refuse('followup.recordAgreement', { itemId, signedOn: '2026-11-29', instalments: 1, scan });
    expect(before.code).toBe('VALIDATION');
    expect(plain(before)).toEqual([{ field: 'signedOn', message: expect.stringMatching(/précède la décision du 30 novembre 2026/) }]);
    const future = await r.refuse('followup.recordAgreement', { itemId, signedOn: '2999-01-01', instalments: 1, scan });
    expect(future.details?.[0]?.message).toMatch(/postérieure à aujourd'hui/);
    const report = await r.refuse('followup.recordAgreement', {
      itemId,
      signedOn: DECIDED_ON,
      instalments: 1,
      scan,
      reports: [{ label: 'Factures', dueOn: '2026-11-01' }],
    });
    expect(report.details).toEqual([{ field: 'reports.0.dueOn', message: expect.stringMatching(/précède la signature/) }]);
    const program = await r.refuse('followup.recordAgreement', { itemId, signedOn: DECIDED_ON, instalments: 1, scan: { ...scan, fileName: 'convention.exe' } });
    expect(program.code).toBe('VALIDATION');
    expect((await r.call('followup.get', { dossierId: itemOf(session, THIERACHE).dossier.id })).grants[0]!.agreement).toBeNull();
    expect((await r.call('dossiers.get', { dsNumber: THIERACHE })).attachments.filter((a) => a.kind === 'agreement_signed')).toEqual([]);
    expect(existsSync(join(r.dataDir, 'pieces', String(itemOf(session, THIERACHE).dossier.id)))).toBe(false);
    const scanHash = sha256(Buffer.from(scan.contentBase64, 'base64'));
    if (r.files === 'database') expect(await r.query('SELECT sha256 FROM stored_files WHERE sha256 = ?', [scanHash])).toEqual([]);
  });

  it('freezes the opinion and the decision it follows, even once the session is reopened', async () => {
    const { r, session } = await closedSession();
    const itemId = itemOf(session, THIERACHE).id;
    await r.call('followup.recordAgreement', { itemId, signedOn: DECIDED_ON, instalments: 1, scan });
    await r.call('sessions.reopen', { id: session.id, reason: 'Erreur sur un autre dossier' });
    const decision = await r.refuse('items.recordDecision', { itemId, date: DECIDED_ON, outcome: 'unfavorable', reason: 'Erreur' });
    expect(decision).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/convention de financement de ce dossier est signée/) });
    const opinion = await r.refuse('items.recordOpinion', { itemId, opinion: { kind: 'postponed', motivation: 'À revoir', vote: { for: 4, against: 0, abstention: 0 } } });
    expect(opinion.code).toBe('CONFLICT');
    // Another item of the reopened session still changes.
    await r.call('items.recordDecision', { itemId: itemOf(session, SANTERRE).id, date: DECIDED_ON });
  });

  it('is refused for a decision without a grant and for a session not closed', async () => {
    const { r, session } = await closedSession();
    const refused = await r.refuse('followup.recordAgreement', { itemId: itemOf(session, REFUSED).id, signedOn: DECIDED_ON, instalments: 1, scan });
    expect(refused).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/n'accorde pas d'aide/) });
    await r.call('sessions.reopen', { id: session.id, reason: 'Erreur de saisie' });
    const open = await r.refuse('followup.recordAgreement', { itemId: itemOf(session, THIERACHE).id, signedOn: DECIDED_ON, instalments: 1, scan });
    expect(open.message).toMatch(/n'est pas clôturée/);
  });
});

describe('the grant paid', () => {
  it('in one payment when the agreement pays at signature: the whole amount, then « Aide versée »', async () => {
    const { r, session } = await closedSession();
    const signed = await r.call('followup.recordAgreement', { itemId: itemOf(session, THIERACHE).id, signedOn: DECIDED_ON, instalments: 1, scan });
    const agreementId = signed.grants[0]!.agreement!.id;
    const part = await r.refuse('followup.recordPayment', { agreementId, paidOn: DECIDED_ON, amount: 5000, reference: 'MDT-2026-0412' });
    expect(plain(part)).toEqual([{ field: 'amount', message: 'La convention prévoit un versement unique : il est de 20 000,00 €.' }]);
    const early = await r.refuse('followup.recordPayment', { agreementId, paidOn: '2026-11-29', amount: 20000, reference: 'MDT-2026-0412' });
    expect(early.details?.[0]).toMatchObject({ field: 'paidOn', message: expect.stringMatching(/précède la signature/) });
    const future = await r.refuse('followup.recordPayment', { agreementId, paidOn: '2999-01-01', amount: 20000, reference: 'MDT-2026-0412' });
    expect(future.details?.[0]?.message).toMatch(/postérieure à aujourd'hui/);
    const noRef = await r.refuse('followup.recordPayment', { agreementId, paidOn: today, amount: 20000, reference: ' ' });
    expect(noRef.details?.[0]?.field).toBe('reference');
    expect(await statusOf(r, THIERACHE)).toBe('agreement_signed');

    const paid = await r.call('followup.recordPayment', { agreementId, paidOn: today, amount: 20000, reference: 'MDT-2026-0412' });
    expect(paid.grants[0]!.agreement).toMatchObject({ paid: 20000, remaining: 0, payments: [{ paidOn: today, amount: 20000, reference: 'MDT-2026-0412' }] });
    expect(await statusOf(r, THIERACHE)).toBe('grant_paid');
    const more = await r.refuse('followup.recordPayment', { agreementId, paidOn: today, amount: 1, reference: 'MDT-2026-0413' });
    expect(more.details?.[0]?.message).toBe('La convention prévoit un versement unique, déjà tous enregistrés.');
  });

  it('in instalments when the agreement provides them, never above the granted amount in total', async () => {
    const { r, session } = await closedSession();
    const signed = await r.call('followup.recordAgreement', { itemId: itemOf(session, SANTERRE).id, signedOn: DECIDED_ON, instalments: 2, scan });
    const agreementId = signed.grants[0]!.agreement!.id;
    const over = await r.refuse('followup.recordPayment', { agreementId, paidOn: DECIDED_ON, amount: 18000.01, reference: 'V1' });
    expect(plain(over)[0]?.message).toMatch(/dépasse ce qui reste à verser \(18 000,00 € sur 18 000,00 € accordés\)/);
    const first = await r.call('followup.recordPayment', { agreementId, paidOn: DECIDED_ON, amount: 10800, reference: 'V1' });
    expect(first.grants[0]!.agreement).toMatchObject({ paid: 10800, remaining: 7200 });
    expect(await statusOf(r, SANTERRE)).toBe('agreement_signed');
    const short = await r.refuse('followup.recordPayment', { agreementId, paidOn: today, amount: 7000, reference: 'V2' });
    expect(plain(short)[0]?.message).toMatch(/dernier des 2 versements prévus : il est de 7 200,00 €/);
    await r.call('followup.recordPayment', { agreementId, paidOn: today, amount: 7200, reference: 'V2' });
    expect(await statusOf(r, SANTERRE)).toBe('grant_paid');
  });
});

describe('a payment entered twice', () => {
  it('is refused by its reference, and from a view that missed a payment another machine recorded', async () => {
    const { r, session } = await closedSession();
    const other = await runtime(r, 'claire.martin');
    const signed = await r.call('followup.recordAgreement', { itemId: itemOf(session, SANTERRE).id, signedOn: DECIDED_ON, instalments: 3, scan });
    const agreementId = signed.grants[0]!.agreement!.id;
    // Both machines show the agreement with no payment; the other one records the first.
    await other.call('followup.recordPayment', { agreementId, paidOn: DECIDED_ON, amount: 6000, reference: 'MDT-2026-0412', expectedVersion: 0 });
    const stale = await r.refuse('followup.recordPayment', { agreementId, paidOn: DECIDED_ON, amount: 6000, reference: 'MDT 2026 0412 bis', expectedVersion: 0 });
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message.replace(/[\u00a0\u202f]/g, ' ')).toMatch(
      /^Un versement a été enregistré sur cette convention par claire\.martin le \d{1,2} \S+ \d{4} à \d{1,2} h( \d{2})?, après votre ouverture\. Rechargez-la pour le voir avant d’en saisir un autre\.$/,
    );
    expect(stale.details).toEqual([{ field: 'expectedVersion', message: stale.message, version: 1, changedBy: 'claire.martin', changedAt: expect.any(String) }]);

    // Reloaded, the same payment order typed again with other separators and in lower case is still the same one.
    const twice = await r.refuse('followup.recordPayment', { agreementId, paidOn: today, amount: 6000, reference: 'mdt-2026 0412', expectedVersion: 1 });
    expect(plain(twice)).toEqual([
      { field: 'reference', message: 'Le versement de référence « MDT-2026-0412 » est déjà enregistré sur cette convention (6 000,00 € le 30 novembre 2026).' },
    ]);
    const second = await r.call('followup.recordPayment', { agreementId, paidOn: today, amount: 6000, reference: 'MDT-2026-0577', expectedVersion: 1 });
    expect(second.grants[0]!.agreement).toMatchObject({ paid: 12000, remaining: 6000 });
    // Without a version (a script), the count is not checked, the reference still is.
    const scripted = await r.refuse('followup.recordPayment', { agreementId, paidOn: today, amount: 6000, reference: 'MDT-2026-0577' });
    expect(scripted.details?.[0]?.field).toBe('reference');
  });
});

describe('the reports due', () => {
  it('join the notification deadlines on the dashboard, late, due soon or received', async () => {
    const { r, session } = await closedSession();
    const signed = await r.call('followup.recordAgreement', {
      itemId: itemOf(session, THIERACHE).id,
      signedOn: DECIDED_ON,
      instalments: 1,
      scan,
      reports: [
        { label: 'Factures acquittées', dueOn: '2027-06-30' },
        { label: 'Rapport d’activité', dueOn: '2027-12-31' },
      ],
    });
    const reports = async (day: string) =>
      (await r.call('dashboard.deadlines', { today: day })).filter((d) => d.kind === 'report').map((d) => [d.label, d.deadline, d.state]);
    expect(await reports('2027-01-15')).toEqual([
      ['Factures acquittées', '2027-06-30', 'to_receive'],
      ['Rapport d’activité', '2027-12-31', 'to_receive'],
    ]);
    expect(await reports('2027-06-15')).toEqual([
      ['Factures acquittées', '2027-06-30', 'due_soon'],
      ['Rapport d’activité', '2027-12-31', 'to_receive'],
    ]);
    expect((await reports('2027-07-01'))[0]).toEqual(['Factures acquittées', '2027-06-30', 'late']);
    // The notifications are still there, beside them.
    const all = await r.call('dashboard.deadlines', { today: '2027-07-01' });
    expect(all.filter((d) => d.kind === 'notification')).toHaveLength(5);

    const reportId = signed.grants[0]!.agreement!.reports[0]!.id;
    const future = await r.refuse('followup.recordReport', { reportId, receivedOn: '2999-01-01' });
    expect(future.details?.[0]?.field).toBe('receivedOn');
    const early = await r.refuse('followup.recordReport', { reportId, receivedOn: '2026-11-01' });
    expect(early.details?.[0]?.message).toMatch(/précède la signature/);
    await r.call('followup.recordReport', { reportId });
    const received = (await r.call('dashboard.deadlines', { today: '2027-07-01' })).find((d) => d.reportId === reportId)!;
    expect(received).toMatchObject({ state: 'received', receivedAt: today, dsNumber: THIERACHE, sessionNumber: '2026-04' });
  });

  it('fall due 18 months after signature by default, kept within the month', () => {
    expect(addMonths('2026-08-31', 18)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 18)).toBe('2028-05-30');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });
});

describe('the yearly envelope', () => {
  it('adds up committed, signed and paid grants by département and structure type against the budget of Paramètres', async () => {
    const { r, session } = await closedSession();
    const year = Number(DECIDED_ON.slice(0, 4));
    expect(await r.call('envelope.get', { year })).toMatchObject({ budget: null, remaining: null, committed: 38000, signed: 0, paid: 0 });
    await r.call('settings.update', { envelopes: { budgets: [{ year, amount: 100000 }] } });
    const signed = await r.call('followup.recordAgreement', { itemId: itemOf(session, THIERACHE).id, signedOn: DECIDED_ON, instalments: 1, scan });
    await r.call('followup.recordPayment', { agreementId: signed.grants[0]!.agreement!.id, paidOn: today, amount: 20000, reference: 'MDT-1' });
    const envelope = await r.call('envelope.get', { year });
    expect(envelope).toMatchObject({ year, budget: 100000, committed: 38000, signed: 20000, paid: 20000, remaining: 62000 });
    expect(envelope.byStructureType).toEqual([{ key: 'ESP', label: expect.stringMatching(/^Équipe de soins primaires/), committed: 38000, signed: 20000, paid: 20000 }]);
    expect(envelope.byDepartment.reduce((sum, d) => sum + d.committed, 0)).toBe(38000);
    expect(envelope.byDepartment.every((d) => /\(\d{2}\)$/.test(d.label))).toBe(true);
    expect(await r.call('envelope.get', { year: year + 1 })).toMatchObject({ budget: null, committed: 0 });

    // A withdrawal after the decision frees what was not paid.
    await r.call('dossiers.withdraw', { dossierId: itemOf(session, SANTERRE).dossier.id, date: today, reason: 'L’association est dissoute.' });
    expect(await r.call('envelope.get', { year })).toMatchObject({ committed: 20000, remaining: 80000 });

    const twice = await r.refuse('settings.update', { envelopes: { budgets: [{ year, amount: 1 }, { year, amount: 2 }] } });
    expect(twice.details?.[0]?.message).toBe('Une année figure deux fois.');
  });
});
