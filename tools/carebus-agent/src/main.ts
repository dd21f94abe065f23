import { parseArgs } from 'node:util';
import { parseAgentKind, UsageError } from './agent-kind';
import { AgentLog } from './agent-log';
import { enrol } from './enrol-command';
import { DEFAULT_WHOAMI_PORT, startAgent } from './run-command';
import { USAGE } from './usage';

const OPTIONS = {
  code: { type: 'string' },
  kind: { type: 'string' },
  api: { type: 'string', default: process.env.CAREBUS_AGENT_API },
  'state-dir': { type: 'string', default: process.env.CAREBUS_AGENT_STATE_DIR },
  hostname: { type: 'string' },
  'machine-id': { type: 'string' },
  'clinic-id': { type: 'string' },
  'ca-file': { type: 'string' },
  components: { type: 'string', default: process.env.CAREBUS_AGENT_COMPONENTS },
  'terminal-timeout-ms': {
    type: 'string',
    default: process.env.CAREBUS_AGENT_TERMINAL_TIMEOUT_MS ?? '30000',
  },
  'heartbeat-ms': { type: 'string', default: process.env.CAREBUS_AGENT_HEARTBEAT_MS },
  'backoff-base-ms': { type: 'string', default: '250' },
  'backoff-max-ms': { type: 'string', default: process.env.CAREBUS_AGENT_BACKOFF_MAX_MS ?? '15000' },
  'whoami-port': {
    type: 'string',
    default: process.env.CAREBUS_AGENT_WHOAMI_PORT ?? String(DEFAULT_WHOAMI_PORT),
  },
  'ui-origin': {
    type: 'string',
    multiple: true,
    default: process.env.CAREBUS_AGENT_UI_ORIGINS?.split(',') ?? [],
  },
  help: { type: 'boolean', default: false },
} as const;

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
}

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`${flag} must be an integer (got ${value})`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const [command] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const stateDir = required(values['state-dir'], '--state-dir');
  if (command === 'enrol') {
    const identity = await enrol({
      code: required(values.code, '--code'),
      kind: parseAgentKind(values.kind),
      api: required(values.api, '--api'),
      stateDir,
      ...(values.hostname ? { hostname: values.hostname } : {}),
      ...(values['machine-id'] ? { machineId: values['machine-id'] } : {}),
      ...(values['clinic-id'] ? { clinicId: values['clinic-id'] } : {}),
      ...(values['ca-file'] ? { caFile: values['ca-file'] } : {}),
    });
    process.stdout.write(
      `${JSON.stringify({ deviceId: identity.deviceId, clinicId: identity.clinicId, kind: identity.kind })}\n`,
    );
    return 0;
  }
  if (command === 'run') {
    const agent = await startAgent({
      stateDir,
      ...(values.api ? { api: values.api } : {}),
      ...(values['ca-file'] ? { caFile: values['ca-file'] } : {}),
      ...(values.components ? { components: values.components } : {}),
      terminalTimeoutMs: number(values['terminal-timeout-ms'], '--terminal-timeout-ms')!,
      ...(values['heartbeat-ms'] ? { heartbeatMs: number(values['heartbeat-ms'], '--heartbeat-ms')! } : {}),
      backoffBaseMs: number(values['backoff-base-ms'], '--backoff-base-ms')!,
      backoffMaxMs: number(values['backoff-max-ms'], '--backoff-max-ms')!,
      whoamiPort: values['whoami-port'] === 'off' ? -1 : number(values['whoami-port'], '--whoami-port')!,
      uiOrigins: values['ui-origin'],
      log: new AgentLog({ service: 'carebus-agent' }),
    });
    process.once('SIGTERM', () => agent.stop());
    process.once('SIGINT', () => agent.stop());
    return agent.done;
  }
  throw new UsageError(`unknown command ${command}`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ) {
      process.stderr.write(`carebus-agent: ${(error as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    const code = (error as { code?: unknown }).code;
    process.stderr.write(
      `carebus-agent: ${(error as Error).message}${typeof code === 'string' ? ` (${code})` : ''}\n`,
    );
    process.exitCode = 1;
  },
);
