export { AGENT_KINDS, type AgentKind } from './agent-kind';
export { enrol, type EnrolOptions } from './enrol-command';
export { startAgent, type RunOptions, type RunningAgent } from './run-command';
export { ExecutionLog, type ExecutionRecord } from './execution-log';
export { ResultOutbox } from './result-outbox';
export { openLocalStore } from './local-store';
export { decidePayment } from './components/payment-terminal';
export { signDeviceToken, DEVICE_TOKEN_AUDIENCE } from './device-token';
export { COMPUTER_PROOF_AUDIENCE } from './whoami-server';
