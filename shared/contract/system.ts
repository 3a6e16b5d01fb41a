import { z } from 'zod';
import { defineRoute, Empty } from './route';

export const SystemInfo = z.object({
  appVersion: z.string(),
  door: z.enum(['electron', 'web', 'cli', 'test']),
  platform: z.string(),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

export const system = {
  info: defineRoute({ right: 'public', input: Empty, output: SystemInfo }),
};
