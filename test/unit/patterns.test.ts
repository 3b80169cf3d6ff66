import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caller, scriptDemoSession } from '../../cli/demo-session';
import { readdirSync } from 'node:fs';
import { defaultReferencePattern, fileNamePatternProblems, referencePatternProblems, renderReference } from '../../shared/patterns';
import { isDocumentFileName } from '../../services/documents';
import { useRuntime } from '../support/runtime';
import { useTempDir } from '../support/temp';

const runtime = useRuntime();
const tempDir = useTempDir();
const session = { number: '2026-04', date: '2026-11-26' };

describe('the reference pattern of documents', () => {
  it('prints today’s references by default, the minutes’ without the dossier', () => {
    expect(renderReference(defaultReferencePattern, { session, item: { position: 2, dsNumber: 24001101 } })).toBe('CS-2026-04/03');
    expect(renderReference(defaultReferencePattern, { session })).toBe('CS-2026-04');
    expect(renderReference('ARS-{annee}-{seance}-{rang}-{ds}', { session, item: { position: 0, dsNumber: null } })).toBe('ARS-2026-2026-04-01-sans-numero');
    expect(renderReference('{rang}-{seance}', { session })).toBe('PV-2026-04');
  });

  it('refuses unknown fields, unclosed braces and patterns two documents could share', () => {
    expect(referencePatternProblems('CS-{seance}/{numero}-{rang}')).toEqual([
      "« {numero} » n'est pas un champ connu ; les champs sont {seance}, {annee}, {rang}, {ds}.",
    ]);
    expect(referencePatternProblems('CS-{seance/{rang}')).toContain('Une accolade n’est pas refermée : écrivez les champs ainsi, {seance}.');
    expect(referencePatternProblems('CS-{annee}/{rang}')).toEqual(['Le modèle doit contenir {seance} : deux séances donneraient la même référence.']);
    expect(referencePatternProblems('CS-{seance}/{ds}')).toEqual(['Le modèle doit contenir {rang} : deux dossiers d’une même séance auraient la même référence.']);
  });

  it('is a setting refused naming its field, and the documents print it', async () => {
    const r = await runtime();
    const refused = await r.refuse('settings.update', { patterns: { reference: 'CS-{seance}' } });
    expect(refused.details).toEqual([
      { field: 'patterns.reference', message: 'Le modèle doit contenir {rang} : deux dossiers d’une même séance auraient la même référence.' },
    ]);
    const closed = await scriptDemoSession(caller(r));
    await r.call('settings.update', { patterns: { reference: 'ARS-HDF/{annee}/{seance}-{rang}' } });
    const { documents } = await r.call('documents.generate', { sessionId: closed.id, folder: join(tempDir(), 'documents'), kinds: ['decision_letter', 'minutes'] });
    expect(documents.map((d) => d.reference).sort()).toEqual([
      'ARS-HDF/2026/2026-04',
      'ARS-HDF/2026/2026-04-01',
      'ARS-HDF/2026/2026-04-02',
      'ARS-HDF/2026/2026-04-03',
      'ARS-HDF/2026/2026-04-04',
      'ARS-HDF/2026/2026-04-05',
    ]);
  });

  it('names the files after the agency’s pattern, refusing one where two documents could share a name', async () => {
    expect(fileNamePatternProblems('{seance}_{rang}')).toEqual(['Le modèle doit contenir {type} : le courrier et la convention d’un dossier auraient le même nom.']);
    expect(fileNamePatternProblems('{date}_{type}')).toEqual([
      'Le modèle doit contenir {rang}, {ds} ou {structure} : deux dossiers d’une même séance auraient le même nom.',
    ]);
    expect(fileNamePatternProblems('{rang} {type}/x')).toEqual([
      'Hors des champs, un nom de fichier ne contient que des lettres sans accent, des chiffres, « - », « _ » et « . ».',
    ]);
    const r = await runtime();
    const refused = await r.refuse('settings.update', { patterns: { reference: defaultReferencePattern, fileName: '{date}_{type}' } });
    expect(refused.details?.[0]?.field).toBe('patterns.fileName');
    const closed = await scriptDemoSession(caller(r));
    await r.call('settings.update', { patterns: { reference: defaultReferencePattern, fileName: 'CS{seance}-{rang}-{type}' } });
    const folder = join(tempDir(), 'documents');
    await r.call('documents.generate', { sessionId: closed.id, folder, kinds: ['decision_letter', 'funding_agreement', 'minutes'] });
    const names = readdirSync(folder).sort();
    expect(names).toEqual([
      'CS2026-04-01-convention.pdf',
      'CS2026-04-01-decision.pdf',
      'CS2026-04-02-decision.pdf',
      'CS2026-04-03-convention.pdf',
      'CS2026-04-03-decision.pdf',
      'CS2026-04-04-decision.pdf',
      'CS2026-04-05-decision.pdf',
      'CS2026-04-PV-proces-verbal.pdf',
    ]);
    // A crash recovery still knows them for documents.
    for (const name of names) expect(isDocumentFileName(name, 'CS{seance}-{rang}-{type}'), name).toBe(true);
    expect(isDocumentFileName('notes.pdf', 'CS{seance}-{rang}-{type}')).toBe(false);
  });
});
