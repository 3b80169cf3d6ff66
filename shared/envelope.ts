/** The yearly start-up grant envelope on the Fonds d'intervention régional, set in Paramètres. */
import { euros, wholeNumber, z } from './validation';

export const envelopeBudgetSchema = z.strictObject({
  year: wholeNumber("L'année de l'enveloppe", 2100).refine((y) => y >= 2000, { error: "L'année de l'enveloppe est à partir de 2000." }),
  amount: euros("Le montant de l'enveloppe"),
});

export const envelopesSchema = z
  .strictObject({ budgets: z.array(envelopeBudgetSchema).max(100, { error: 'Au plus 100 enveloppes annuelles.' }) })
  .refine((e) => new Set(e.budgets.map((b) => b.year)).size === e.budgets.length, {
    path: ['budgets'],
    error: 'Une année figure deux fois.',
  });
export type Envelopes = z.infer<typeof envelopesSchema>;

export const defaultEnvelopes: Envelopes = { budgets: [] };

const amountsSchema = z.object({ committed: z.number(), signed: z.number(), paid: z.number() });

export const envelopeSchema = amountsSchema.extend({
  year: z.number(),
  /** null while Paramètres give no envelope for the year. */
  budget: z.number().nullable(),
  remaining: z.number().nullable(),
  byDepartment: z.array(amountsSchema.extend({ key: z.string(), label: z.string() })),
  byStructureType: z.array(amountsSchema.extend({ key: z.string(), label: z.string() })),
});
export type Envelope = z.infer<typeof envelopeSchema>;
