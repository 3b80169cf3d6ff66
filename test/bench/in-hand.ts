/**
 * A 200-dossier session's documents put in the user's hands: one ZIP of them all, and an e-mail
 * draft per decision letter.
 *
 * Floors, measured in the same run, taking turns: for the ZIP, fflate's own work on the same
 * PDFs already in memory (its CRC-32 in JavaScript is most of it) and the durable write of the
 * archive (services/files.ts); for the drafts, reading each letter and its agreement and writing
 * their base64 durably, one file per letter. What the ratios show is what reading the files and
 * checking each against the register, and the drafts' templates and MIME, add to those.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { writeFileAtomic } from '../../services/files';
import { alternate, ratioTarget, timed } from './measure';
import { closedSession } from './documents';

const DOSSIERS = 200;

export async function benchInHand(dir: string): Promise<void> {
  const { runtime, call, session } = await closedSession(dir, DOSSIERS);
  try {
    const { documents } = await call('documents.generate', { sessionId: session.id, folder: join(dir, 'in-hand-documents') });
    const letters = documents.filter((d) => d.kind === 'decision_letter');
    const agreements = new Map(documents.filter((d) => d.kind === 'funding_agreement').map((d) => [d.dossierId, d]));
    const entries: Zippable = Object.fromEntries(documents.map((d) => [basename(d.filePath), [readFileSync(d.filePath), { level: 0 }]]));
    let run = 0;
    const elapsed = async (work: () => Promise<unknown> | unknown) => (await timed(work))[1];
    const times = await alternate(
      {
        zip: () => elapsed(() => call('documents.zip', { sessionId: session.id, to: join(dir, `seance-${run}.zip`) })),
        zipFloor: () => elapsed(() => writeFileAtomic(join(dir, `floor-${run}.zip`), zipSync(entries))),
        drafts: () => elapsed(() => call('mail.sessionDrafts', { sessionId: session.id, folder: join(dir, `brouillons-${run}`) })),
        draftsFloor: () =>
          elapsed(() => {
            for (const [i, letter] of letters.entries()) {
              const agreement = agreements.get(letter.dossierId);
              const bytes = [readFileSync(letter.filePath), ...(agreement ? [readFileSync(agreement.filePath)] : [])];
              writeFileAtomic(join(dir, `floor-brouillons-${run}`, `${i}.eml`), bytes.map((b) => b.toString('base64')).join('\r\n'));
            }
            run++;
          }),
      },
      3,
    );
    console.log(`Documents en main, séance de ${DOSSIERS} dossiers (${documents.length} PDF, ${letters.length} courriers) :`);
    console.log(ratioTarget(`ZIP des documents d’une séance de ${DOSSIERS} dossiers`, times.zip, 'fflate sur les mêmes PDF en mémoire et écriture durable', times.zipFloor, 2));
    console.log(ratioTarget(`brouillons de courriel d’une séance de ${DOSSIERS} dossiers`, times.drafts, 'lecture et écriture durable du base64 des pièces', times.draftsFloor, 2));
  } finally {
    await runtime.close();
  }
}
