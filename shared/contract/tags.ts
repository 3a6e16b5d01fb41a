import { z } from 'zod';
import { defineRoute } from './route';

/** `value` as stored (the click-through filters on it); `label` what it means (a choice's label). */
export const TagCount = z.object({
  value: z.string().nullable(),
  label: z.string().nullable(),
  count: z.number().int(),
});
export type TagCount = z.infer<typeof TagCount>;

export const tags = {
  /**
   * Computers per value of an accountinfo column (default TAG), biggest first, within the operator's TAG
   * restriction. Click-through: computers.list with criterion { field: `accountinfo.<column>`, op: EQUAL }.
   */
  repartition: defineRoute({
    right: 'browse',
    input: z.object({
      column: z
        .string()
        .regex(/^(TAG|fields_\d+)$/)
        .default('TAG'),
    }),
    output: z.object({ column: z.string(), total: z.number().int(), counts: z.array(TagCount) }),
  }),
};
