import { UsageError, type AgentKind } from '../agent-kind';

export const COMPONENT_STATES = ['ready', 'starting', 'error', 'not_installed'] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];

/** What a heartbeat says about one component program. */
export interface ComponentStatus {
  name: string;
  state: ComponentState;
  reason?: string;
}

/** Components each kind runs unless --components says otherwise. */
export const DEFAULT_COMPONENTS: Record<AgentKind, string> = {
  workstation: 'headset=ready,journal=ready',
  'clinic-device': 'payment-terminal=ready',
};

/**
 * Parses `headset=ready,payment-terminal=error:"no paper"`: name=state[:reason], states ready, starting,
 * error, not_installed (also not-installed); the reason may be quoted and then hold commas.
 */
export function parseComponentStatuses(spec: string): ComponentStatus[] {
  const entries = spec.match(/(?:[^,"]+|"[^"]*")+/g) ?? [];
  return entries.map((entry) => {
    const match = /^\s*([a-z][a-z0-9._-]*)\s*=\s*([a-z_-]+)\s*(?::(.*))?$/i.exec(entry);
    if (!match) throw new UsageError(`--components: cannot read "${entry}" (expected name=state[:reason])`);
    const [, name, rawState, rawReason] = match;
    const state = rawState!.toLowerCase().replace('-', '_') as ComponentState;
    if (!COMPONENT_STATES.includes(state)) {
      throw new UsageError(
        `--components: ${name} has unknown state ${rawState} (${COMPONENT_STATES.join(', ')})`,
      );
    }
    const reason = rawReason?.trim().replace(/^"(.*)"$/, '$1');
    return { name: name!.toLowerCase(), state, ...(reason ? { reason } : {}) };
  });
}
