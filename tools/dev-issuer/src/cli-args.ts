/** Bad command-line usage: main prints the message and the usage text and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Flags = Map<string, string>;

/**
 * Parses `--name value` and `--name=value` pairs, accepting only the names given. Hand-rolled on
 * purpose: the CLI has two commands and a handful of flags, not worth a dependency.
 */
export function parseFlags(args: readonly string[], allowed: readonly string[]): Flags {
  const flags: Flags = new Map();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument "${arg}".`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (!allowed.includes(name)) throw new UsageError(`Unknown option --${name}.`);
    if (flags.has(name)) throw new UsageError(`Option --${name} is given twice.`);
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) {
      throw new UsageError(`Option --${name} needs a value.`);
    }
    flags.set(name, value);
  }
  return flags;
}

/** A TCP port or token lifetime: a whole number within bounds. */
export function integerFlag(flags: Flags, name: string, fallback: number, min: number, max: number): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new UsageError(`Option --${name} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}
