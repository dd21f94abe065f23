/**
 * kafkajs 2.2.4 schedules a timer with a negative delay on every response under Node 24, which
 * prints a TimeoutNegativeWarning (harmless: Node uses 1 ms) on an operator's terminal. Only that
 * warning is dropped; every other warning still prints.
 */
export function dropKafkajsTimeoutWarning(): void {
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === 'TimeoutNegativeWarning') return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}
