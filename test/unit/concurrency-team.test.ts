import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import { sampleIdentity, sampleUpload } from '../support/fixtures';
import { openSession } from '../support/opinion';
import { generatedExport } from '../support/reliability';
import { useRuntime, type TestRuntime } from '../support/runtime';

/** Two machines on one database (one file, or one PostgreSQL server): Claire Martin's and Paul Durand's. */
const runtime = useRuntime();

async function twoMachines() {
  const a = await runtime(undefined, 'Claire Martin');
  return { a, b: await runtime(a, 'Paul Durand') };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(2026, 11, 10, 14, 32));
});
afterEach(() => {
  vi.useRealTimers();
});

/** « le 10 décembre 2026 à 14 h 32 », with its no-break spaces. */
const WHEN = 'le 10\u00a0décembre 2026 à 14\u00a0h\u00a032';

/** What B is told when A saved since B opened the record. */
function staleBy(who: string, sentence: string, version: number) {
  const message = sentence.replace('{par}', `par ${who} ${WHEN}, après votre ouverture.`);
  return {
    code: 'CONFLICT',
    message,
    details: [{ field: 'expectedVersion', message, changedBy: who, changedAt: new Date(2026, 11, 10, 14, 32).toISOString(), version }],
  };
}

/** The agency, the sample dossiers, and a session in progress on two of them. */
async function sessionInProgress(r: TestRuntime) {
  await r.call('settings.update', { identity: sampleIdentity() });
  await r.call('import.run', sampleUpload('demarches-simplifiees/hdf-dossiers-export.xlsx'));
  const dossiers = [(await r.call('dossiers.get', { dsNumber: 24001101 })).id, (await r.call('dossiers.get', { dsNumber: 24001103 })).id];
  const { sessionId, itemIds } = await openSession((method, input) => r.call(method, input), dossiers);
  return { sessionId, items: itemIds as [number, number] };
}

const vote = { for: 3, against: 0, abstention: 0 };

describe('two machines editing the same records', () => {
  it('a dossier: the second save from the same version is refused naming who saved it and when, then passes once reloaded', async () => {
    const { a, b } = await twoMachines();
    await a.call('import.run', sampleUpload('demarches-simplifiees/hdf-dossiers-export.xlsx'));
    const onA = await a.call('dossiers.get', { dsNumber: 24001101 });
    const onB = await b.call('dossiers.get', { dsNumber: 24001101 });
    expect(onB.version).toBe(onA.version);

    const saved = await a.call('dossiers.update', { id: onA.id, data: { ...onA.data, name: 'MSP du Vermandois' }, expectedVersion: onA.version });
    expect(saved).toMatchObject({ version: onA.version + 1, updatedBy: 'Claire Martin' });
    const refused = await b.refuse('dossiers.update', { id: onB.id, data: { ...onB.data, address: '2 rue de la Gare' }, expectedVersion: onB.version });
    expect(refused).toEqual(staleBy('Claire Martin', 'Ce dossier a été modifié {par} Rechargez-le pour voir ses changements.', onA.version + 1));
    // Nothing of B's save was written.
    expect(await b.call('dossiers.get', { id: onB.id })).toMatchObject({ version: onA.version + 1, data: { name: 'MSP du Vermandois', address: onA.data.address } });

    const reloaded = await b.call('dossiers.get', { id: onB.id });
    const again = await b.call('dossiers.update', { id: onB.id, data: { ...reloaded.data, address: '2 rue de la Gare' }, expectedVersion: reloaded.version });
    expect(again).toMatchObject({ version: onA.version + 2, updatedBy: 'Paul Durand', data: { name: 'MSP du Vermandois', address: '2 rue de la Gare' } });
    // An import changing the dossier makes a form opened before it out of date too.
    expect((await a.refuse('dossiers.update', { id: onA.id, data: onA.data, expectedVersion: saved.version })).code).toBe('CONFLICT');
  });

  it("a session's fields, an opinion and a decision: the stale save is refused, the reloaded one passes", async () => {
    const { a, b } = await twoMachines();
    const { sessionId, items } = await sessionInProgress(a);
    const sessionOnB = await b.call('sessions.get', { id: sessionId });
    const sessionOnA = await a.call('sessions.get', { id: sessionId });
    const fields = { number: '2026-04', date: '2026-12-10', startTime: '14:00', place: 'Lille', chairMemberId: sessionOnA.chairMemberId };
    await a.call('sessions.update', { id: sessionId, fields: { ...fields, place: 'Amiens' }, expectedVersion: sessionOnA.version });
    expect(await b.refuse('sessions.update', { id: sessionId, fields: { ...fields, title: 'Séance de décembre' }, expectedVersion: sessionOnB.version })).toEqual(
      staleBy('Claire Martin', 'Cette séance a été modifiée {par} Rechargez-la pour voir ses changements.', sessionOnA.version + 1),
    );
    const sessionReloaded = await b.call('sessions.get', { id: sessionId });
    const updated = await b.call('sessions.update', { id: sessionId, fields: { ...fields, place: 'Amiens', title: 'Séance de décembre' }, expectedVersion: sessionReloaded.version });
    expect(updated).toMatchObject({ place: 'Amiens', title: 'Séance de décembre', version: sessionOnA.version + 2 });

    const itemVersion = (await b.call('sessions.get', { id: sessionId })).items[0]!.version;
    await a.call('items.recordOpinion', { itemId: items[0], opinion: { kind: 'favorable', vote }, expectedVersion: itemVersion });
    const staleItem = staleBy('Claire Martin', "Ce point de l'ordre du jour a été modifié {par} Rechargez-le pour voir ses changements.", itemVersion + 1);
    expect(await b.refuse('items.recordOpinion', { itemId: items[0], opinion: { kind: 'unfavorable', motivation: 'Projet incomplet.', vote }, expectedVersion: itemVersion })).toEqual(staleItem);
    expect((await b.call('sessions.get', { id: sessionId })).items[0]).toMatchObject({ opinion: { kind: 'favorable' }, version: itemVersion + 1 });
    const opinion = await b.call('items.recordOpinion', { itemId: items[0], opinion: { kind: 'unfavorable', motivation: 'Projet incomplet.', vote }, expectedVersion: itemVersion + 1 });
    expect(opinion.items[0]).toMatchObject({ opinion: { kind: 'unfavorable' }, version: itemVersion + 2 });

    await a.call('items.recordDecision', { itemId: items[0], expectedVersion: itemVersion + 2 });
    const staleDecision = await b.refuse('items.recordDecision', { itemId: items[0], outcome: 'favorable', reason: "L'ARS retient le projet.", expectedVersion: itemVersion + 2 });
    expect(staleDecision).toEqual(staleBy('Claire Martin', "Ce point de l'ordre du jour a été modifié {par} Rechargez-le pour voir ses changements.", itemVersion + 3));
    const decided = await b.call('items.recordDecision', { itemId: items[0], expectedVersion: itemVersion + 3 });
    expect(decided.items[0]).toMatchObject({ decision: { outcome: 'unfavorable' }, version: itemVersion + 4 });
  });

  it('a score sheet and a settings section: a first save from « none yet » passes once, the second is refused', async () => {
    const { a, b } = await twoMachines();
    await a.call('import.run', sampleUpload('demarches-simplifiees/hdf-dossiers-export.xlsx'));
    const { id: dossierId } = await a.call('dossiers.get', { dsNumber: 24001101 });
    const scoresOnB = await b.call('scores.get', { dossierId });
    expect(scoresOnB.sheets).toEqual([]);
    await a.call('scores.save', { dossierId, scorer: 'instructor', sheet: { values: { zoning: 10 } }, expectedVersion: 0 });
    expect(await b.refuse('scores.save', { dossierId, scorer: 'instructor', sheet: { values: { zoning: 6 } }, expectedVersion: 0 })).toEqual(
      staleBy('Claire Martin', 'Cette fiche de notation a été modifiée {par} Rechargez-la pour voir ses changements.', 1),
    );
    const reloaded = await b.call('scores.get', { dossierId });
    expect(reloaded.sheets).toMatchObject([{ scorer: 'instructor', version: 1, updatedBy: 'Claire Martin', sheet: { values: { zoning: 10 } } }]);
    const saved = await b.call('scores.save', { dossierId, scorer: 'instructor', sheet: { values: { zoning: 6 } }, expectedVersion: 1 });
    expect(saved.sheets).toMatchObject([{ version: 2, updatedBy: 'Paul Durand', sheet: { values: { zoning: 6 } } }]);

    const settingsOnB = await b.call('settings.get', {});
    expect(settingsOnB.versions.grants).toBe(0);
    await a.call('settings.update', { grants: { defaultStartupGrant: 25_000, ceiling: 50_000 }, expectedVersions: { grants: 0 } });
    expect(await b.refuse('settings.update', { grants: { defaultStartupGrant: 30_000, ceiling: 50_000 }, expectedVersions: { grants: 0 } })).toEqual(
      staleBy('Claire Martin', 'Ces paramètres ont été modifiés {par} Rechargez-les pour voir leurs changements.', 1),
    );
    const settings = await b.call('settings.get', {});
    expect(settings).toMatchObject({ grants: { defaultStartupGrant: 25_000 }, versions: { grants: 1 } });
    const updated = await b.call('settings.update', { grants: { defaultStartupGrant: 30_000, ceiling: 50_000 }, expectedVersions: { grants: 1 } });
    expect(updated).toMatchObject({ grants: { defaultStartupGrant: 30_000 }, versions: { grants: 2 } });
  });

  it('a member of the roster: the stale save is refused, the reloaded one passes', async () => {
    const { a, b } = await twoMachines();
    const created = await a.call('members.save', { member: { firstName: 'Inès', lastName: 'Martin', organisation: 'ARS' } });
    const [onB] = await b.call('members.list', {});
    await a.call('members.save', { member: { ...created, title: 'Médecin inspecteur' }, expectedVersion: onB!.version });
    expect(await b.refuse('members.save', { member: { ...created, organisation: 'CPAM du Nord' }, expectedVersion: onB!.version })).toEqual(
      staleBy('Claire Martin', 'Cette fiche de membre a été modifiée {par} Rechargez-la pour voir ses changements.', onB!.version + 1),
    );
    const [reloaded] = await b.call('members.list', {});
    const saved = await b.call('members.save', { member: { ...created, title: reloaded!.title, organisation: 'CPAM du Nord' }, expectedVersion: reloaded!.version });
    expect(saved).toMatchObject({ title: 'Médecin inspecteur', organisation: 'CPAM du Nord' });
  });

  it('a report of a signed agreement: received on one machine, set back to awaited from the older version on the other is refused', async () => {
    const { a, b } = await twoMachines();
    const session = await scriptDemoSession(caller(a));
    const scan = { fileName: 'convention-signee.pdf', contentBase64: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64') };
    const itemId = session.items.find((i) => i.dossier.dsNumber === 24001101)!.id;
    const signed = await a.call('followup.recordAgreement', { itemId, signedOn: '2026-11-30', instalments: 1, scan });
    const { dossierId } = signed;
    const reportOnB = (await b.call('followup.get', { dossierId })).grants[0]!.agreement!.reports[0]!;
    expect(reportOnB.receivedOn).toBeNull();
    const { version } = reportOnB;

    const received = await a.call('followup.recordReport', { reportId: reportOnB.id, receivedOn: '2026-12-09', expectedVersion: version });
    expect(received.grants[0]!.agreement!.reports[0]).toMatchObject({ receivedOn: '2026-12-09', version: version + 1 });
    expect(await b.refuse('followup.recordReport', { reportId: reportOnB.id, receivedOn: null, expectedVersion: version })).toEqual(
      staleBy('Claire Martin', 'Ce justificatif a été modifié {par} Rechargez-le pour voir ses changements.', version + 1),
    );
    const reloaded = (await b.call('followup.get', { dossierId })).grants[0]!.agreement!.reports[0]!;
    expect(reloaded).toMatchObject({ receivedOn: '2026-12-09', version: version + 1 });
    const awaited = await b.call('followup.recordReport', { reportId: reloaded.id, receivedOn: null, expectedVersion: reloaded.version });
    expect(awaited.grants[0]!.agreement!.reports[0]).toMatchObject({ receivedOn: null, version: version + 2 });
  });

  it('an import mapping saved under the same new name on two machines: the second is refused', async () => {
    const { a, b } = await twoMachines();
    const [standard] = await b.call('import.mappings.list', {});
    const mapping = { ...standard!.mapping, name: 'Formulaire HDF 2026' };
    await a.call('import.mappings.save', { mapping, expectedVersion: 0 });
    expect(await b.refuse('import.mappings.save', { mapping: { ...mapping, professionalsBlock: [] }, expectedVersion: 0 })).toEqual(
      staleBy('Claire Martin', 'Cette correspondance de colonnes a été modifiée {par} Rechargez-la pour voir ses changements.', 1),
    );
    const listed = (await b.call('import.mappings.list', {})).find((m) => m.mapping.name === mapping.name);
    expect(listed).toMatchObject({ builtin: false, version: 1 });
    await b.call('import.mappings.save', { mapping: { ...mapping, professionalsBlock: [] }, expectedVersion: listed!.version });
    expect((await a.call('import.mappings.list', {})).find((m) => m.mapping.name === mapping.name)).toMatchObject({ version: 2, mapping: { professionalsBlock: [] } });

    // Deleted on one machine while edited on the other: the save says so, not that it was changed.
    await a.call('import.mappings.delete', { name: mapping.name });
    const message = 'Cette correspondance de colonnes a été supprimée après votre ouverture : rechargez pour continuer sans elle.';
    expect(await b.refuse('import.mappings.save', { mapping, expectedVersion: 2 })).toEqual({
      code: 'CONFLICT',
      message,
      details: [{ field: 'expectedVersion', message, version: 0, changedBy: '', changedAt: '' }],
    });
    expect((await b.call('import.mappings.list', {})).map((m) => m.mapping.name)).not.toContain(mapping.name);
  });

  it('a session closed on one machine refuses the opinion recorded on the other, even at the same moment', async () => {
    const { a, b } = await twoMachines();
    const { sessionId, items } = await sessionInProgress(a);
    for (const itemId of items) await a.call('items.recordOpinion', { itemId, opinion: { kind: 'favorable', vote } });

    const [closed, opinion] = await Promise.all([
      a.dispatch('sessions.close', { id: sessionId }),
      b.dispatch('items.recordOpinion', { itemId: items[1], opinion: { kind: 'unfavorable', motivation: 'Projet incomplet.', vote } }),
    ]);
    const audit = await a.query<{ id: number; action: string }>("SELECT id, action FROM audit_log WHERE entity_type = 'session' AND action IN ('close', 'opinion') ORDER BY id");
    const closing = audit.find((e) => e.action === 'close');
    if (closed.ok) {
      // Both passing is the opinion first, then the close on it: never an opinion after the close.
      expect(audit.filter((e) => e.action === 'opinion').every((e) => e.id < closing!.id)).toBe(true);
      if (!opinion.ok) expect(['LOCKED', 'CONFLICT']).toContain(opinion.error.code);
    } else {
      expect(closed.error.code).toBe('CONFLICT');
      expect(opinion.ok).toBe(true);
      await a.call('sessions.close', { id: sessionId });
    }
    const final = await b.call('sessions.get', { id: sessionId });
    expect(final.status).toBe('closed');
    // The closed session's decisions follow the opinions it holds.
    for (const item of final.items) expect(item.decision?.outcome).toBe(item.opinion?.kind);

    const late = await b.refuse('items.recordOpinion', { itemId: items[1], opinion: { kind: 'favorable', vote } });
    expect(late.code).toBe('LOCKED');
    expect((await b.refuse('sessions.update', { id: sessionId, fields: { number: '2026-04', date: '2026-12-10', place: 'Reims' } })).code).toBe('LOCKED');
  });

  it('two imports at once on two machines: each is whole or refused, never partial', async () => {
    const { a, b } = await twoMachines();
    // 30 dossiers each, 10 of them in both files.
    const files = [
      { on: a, firstId: 70_000_000, count: 30 },
      { on: b, firstId: 70_000_020, count: 30 },
    ];
    const results = await Promise.all(
      files.map((f, i) => f.on.dispatch('import.run', { fileName: `export-${i}.csv`, contentBase64: generatedExport(f.count, f.firstId).toString('base64') })),
    );
    expect(results.some((r) => r.ok)).toBe(true);
    for (const [i, result] of results.entries()) {
      if (!result.ok) expect(result.error.code).toBe('CONFLICT');
      const { firstId, count } = files[i]!;
      // The numbers only this file carries: all there, or none.
      const own = i === 0 ? [firstId, firstId + 19] : [firstId + 10, firstId + count - 1];
      const [found] = await a.query<{ n: number }>('SELECT count(*) AS n FROM dossiers WHERE ds_number BETWEEN ? AND ?', own);
      expect(Number(found!.n)).toBe(result.ok ? 20 : 0);
    }
    const [imported] = await a.query<{ batches: number }>('SELECT count(*) AS batches FROM import_batches');
    expect(Number(imported!.batches)).toBe(results.filter((r) => r.ok).length);
  });
});
