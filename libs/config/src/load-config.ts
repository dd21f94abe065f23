import type { z } from 'zod';

/** Raised when the environment does not satisfy a service's config schema; names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates configuration once at start-up. The schema's keys are the environment
 * variable names, so every message names the variable to fix.
 */
export function loadConfig<S extends z.ZodTypeAny>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    if (issue.code === 'invalid_type' && issue.received === 'undefined') return `${name} is required`;
    return `${name}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}
