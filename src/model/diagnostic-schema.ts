import { z } from 'zod';

export const DiagnosticSchema = z.object({
  code: z.string(),
  message: z.string(),
  offset: z.number().int().nonnegative().optional(),
});
