import { requiredText, z } from './validation';

export const civilities = ['Mme', 'M.'] as const;
export type Civility = (typeof civilities)[number];

const invalidCivility = (who: string) => `La civilité ${who} doit être « Mme » ou « M. ».`;

/** '' is "not given": what records saved before the civility existed read as. */
export const optionalCivility = (who: string) =>
  z.enum(['', ...civilities], { error: invalidCivility(who) }).default('');

/** Where documents agree with the person (« la directrice générale »), a save must give it. */
export const requiredCivility = (who: string) =>
  z.enum(civilities, {
    error: (issue) =>
      issue.input === undefined || issue.input === '' ? `La civilité ${who} est obligatoire.` : invalidCivility(who),
  });

/**
 * A person named on documents (CRPA L212-1 wants first name, last name and title legible), as
 * stored: the civility may be ''. `.extend({ civility: requiredCivility(who) })` to require it.
 */
export const namedPerson = (who: string) =>
  z.strictObject({
    civility: optionalCivility(who),
    firstName: requiredText(`Le prénom ${who}`, 100),
    lastName: requiredText(`Le nom ${who}`, 100),
    title: requiredText(`La qualité ${who}`, 200),
  });

/** Who signs the decision letters: by delegation of the Directeur général, most often. */
export const signatorySchema = namedPerson('du signataire').extend({
  byDelegation: z.boolean({ error: 'Préciser si le signataire signe par délégation.' }),
});
export type Signatory = z.infer<typeof signatorySchema>;
