import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { idsByDsNumber } from '../db/queries/dossiers';
import { AppError } from '../shared/result';

export type DossierRef = { id?: number; dsNumber?: number };

/** The dossier's id, or NOT_FOUND in French. */
export async function resolveDossierId(db: Kysely<Database>, ref: DossierRef): Promise<number> {
  const id = ref.id ?? (ref.dsNumber !== undefined ? (await idsByDsNumber(db, [ref.dsNumber])).get(ref.dsNumber) : undefined);
  if (id !== undefined && (await db.selectFrom('dossiers').select('id').where('id', '=', id).executeTakeFirst())) {
    return id;
  }
  throw new AppError(
    'NOT_FOUND',
    ref.dsNumber !== undefined
      ? `Aucun dossier ne porte le numéro Démarches Simplifiées ${ref.dsNumber}.`
      : `Le dossier ${ref.id} n'existe pas.`,
  );
}
