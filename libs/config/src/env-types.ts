import { z } from 'zod';

/** Small, reusable environment-variable types: strings arrive raw, so these parse and explain. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  url: () => z.string().url({ message: 'must be a URL' }),
  postgresUrl: () => z.string().regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' }),
  csv: () =>
    z
      .string()
      .min(1)
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine((list) => list.length > 0, { message: 'must list at least one entry' }),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  optionalUrl: () =>
    z
      .string()
      .optional()
      .transform((v) => (v ? v : undefined))
      .pipe(z.string().url({ message: 'must be a URL' }).optional()),
  flag: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
      .optional()
      .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1')),
  identifier: (fallback: string) =>
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, { message: 'must be a lower-case SQL identifier' })
      .default(fallback),
};
