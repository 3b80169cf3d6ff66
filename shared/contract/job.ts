import { z } from '../validation';

/** A background job's progress and, once it has ended, its result. */
export const jobSchemaOf = <T extends z.ZodType>(result: T) =>
  z.object({
    id: z.string(),
    state: z.enum(['running', 'done', 'cancelled', 'failed']),
    done: z.number(),
    total: z.number(),
    current: z.string(),
    result: result.nullable(),
    error: z.object({ code: z.string(), message: z.string(), details: z.array(z.unknown()).optional() }).nullable(),
  });
