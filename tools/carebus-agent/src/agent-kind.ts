/** The two agent kinds: one workstation service per practitioner computer, clinic device services for shared devices. */
export const AGENT_KINDS = ['workstation', 'clinic-device'] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

export function parseAgentKind(value: string | undefined): AgentKind {
  if (value === 'workstation' || value === 'clinic-device') return value;
  throw new UsageError(`--kind must be workstation or clinic-device (got ${value ?? 'nothing'})`);
}

/** A mistake in how the CLI was called: printed with the usage, exit code 2. */
export class UsageError extends Error {}
