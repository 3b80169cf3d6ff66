import { requiredText, z } from './validation';

/** A person named on documents (CRPA L212-1 wants first name, last name and title legible). */
export const namedPerson = (who: string) =>
  z.strictObject({
    firstName: requiredText(`Le prénom ${who}`, 100),
    lastName: requiredText(`Le nom ${who}`, 100),
    title: requiredText(`La qualité ${who}`, 200),
  });

/** Who signs the decision letters: by delegation of the Directeur général, most often. */
export const signatorySchema = namedPerson('du signataire').extend({
  byDelegation: z.boolean({ error: 'Préciser si le signataire signe par délégation.' }),
});
export type Signatory = z.infer<typeof signatorySchema>;
