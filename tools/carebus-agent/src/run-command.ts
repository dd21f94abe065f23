import type { AgentLog } from './agent-log';
import { AgentRunner } from './agent-runner';
import { CommandExecutor } from './command-executor';
import { CommandInbox } from './command-inbox';
import type { Component } from './components/component';
import { DEFAULT_COMPONENTS, parseComponentStatuses } from './components/component-status';
import { JournalLookup } from './components/journal-lookup';
import { PaymentTerminal } from './components/payment-terminal';
import { signDeviceToken } from './device-token';
import { openLocalStore } from './local-store';
import { RegistryClient } from './registry-client';
import { ResultOutbox } from './result-outbox';
import { ResultReporter } from './result-reporter';
import { StateDir } from './state-dir';
import { DEFAULT_WHOAMI_PORT, WhoamiServer } from './whoami-server';

export interface RunOptions {
  stateDir: string;
  /** Overrides the address kept at enrolment. */
  api?: string;
  caFile?: string;
  components?: string;
  terminalTimeoutMs: number;
  heartbeatMs?: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Workstation only: loopback port of /whoami (0 = any free port, negative = off). */
  whoamiPort: number;
  uiOrigins: string[];
  log: AgentLog;
}

/** A running agent: stop() ends it gracefully; done resolves with the process exit code. */
export interface RunningAgent {
  stop(): void;
  done: Promise<number>;
  whoamiPort?: number;
}

export async function startAgent(options: RunOptions): Promise<RunningAgent> {
  const state = new StateDir(options.stateDir);
  const identity = state.loadIdentity();
  const key = state.loadKey();
  const api = options.api ?? identity.api;
  if (!api) throw new Error(`no registry address: pass --api (${state.identityFile} names none)`);
  const log = options.log.child({ deviceId: identity.deviceId, kind: identity.kind });
  const statuses = parseComponentStatuses(options.components ?? DEFAULT_COMPONENTS[identity.kind]);
  const components: Component[] =
    identity.kind === 'clinic-device'
      ? [new PaymentTerminal(options.terminalTimeoutMs)]
      : [new JournalLookup()];
  const db = openLocalStore(state.databaseFile);
  const client = new RegistryClient(api, () => signDeviceToken(key.privateKey, identity.deviceId), {
    ...(options.caFile ? { caFile: options.caFile } : {}),
  });
  const executor = new CommandExecutor(db, components, () => statuses);
  const reporter = new ResultReporter(new ResultOutbox(db), () => client, log);
  const runner = new AgentRunner({
    client,
    executor,
    inbox: new CommandInbox(db),
    reporter,
    statuses: () => statuses,
    log,
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    backoffBaseMs: options.backoffBaseMs,
    backoffMaxMs: options.backoffMaxMs,
  });
  let whoami: WhoamiServer | undefined;
  if (identity.kind === 'workstation' && options.whoamiPort >= 0) {
    whoami = new WhoamiServer(identity.deviceId, key.privateKey, options.uiOrigins);
    await whoami.listen(options.whoamiPort);
    log.info('serving /whoami', { port: whoami.port });
  }
  log.info('starting', { api, components: statuses.map((s) => `${s.name}=${s.state}`).join(',') });
  const done = runner.run().then(async () => {
    await whoami?.close();
    db.close();
    return runner.exitCode;
  });
  return { stop: () => runner.stop(), done, ...(whoami ? { whoamiPort: whoami.port } : {}) };
}

export { DEFAULT_WHOAMI_PORT };
