import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import type { AgentKind } from './agent-kind';
import { AGENT_VERSION } from './agent-version';
import { generateDeviceKey, publicKeySpkiBase64, saveDeviceKey } from './device-key';
import { RegistryClient } from './registry-client';
import { StateDir, type AgentIdentity } from './state-dir';

export interface EnrolOptions {
  code: string;
  kind: AgentKind;
  api: string;
  stateDir: string;
  hostname?: string;
  machineId?: string;
  clinicId?: string;
  caFile?: string;
}

/** A stable id of this computer: a hash of the OS machine id where there is one, else of the host name. */
export function defaultMachineId(host: string): string {
  let source = host;
  for (const file of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      source = readFileSync(file, 'utf8').trim() || source;
      break;
    } catch {
      // Not on this OS; try the next.
    }
  }
  return createHash('sha256').update(`carebus-agent:${source}`).digest('hex').slice(0, 32);
}

/**
 * Generates the agent's key pair, enrols its public key with the one-time code and keeps the
 * identity. The private key is written before the call; a failed enrolment leaves a key but no
 * identity, and the next attempt generates a new one.
 */
export async function enrol(options: EnrolOptions): Promise<AgentIdentity> {
  const state = new StateDir(options.stateDir);
  if (state.isEnrolled())
    throw new Error(`${options.stateDir} already holds an enrolled agent (${state.loadIdentity().deviceId})`);
  state.create();
  const key = generateDeviceKey();
  // A key left by an enrolment that failed was never enrolled: replace it.
  rmSync(state.keyFile, { force: true });
  saveDeviceKey(state.keyFile, key);
  const host = options.hostname ?? hostname();
  const client = new RegistryClient(
    options.api,
    () => Promise.reject(new Error('no token before enrolment')),
    {
      ...(options.caFile ? { caFile: options.caFile } : {}),
    },
  );
  try {
    const response = await client.enrol<{ deviceId: string; clinicId: string }>({
      enrolmentCode: options.code,
      kind: options.kind === 'workstation' ? 'AGENT_KIND_WORKSTATION' : 'AGENT_KIND_CLINIC_DEVICE',
      publicKey: publicKeySpkiBase64(key),
      hostname: host,
      agentVersion: AGENT_VERSION,
      machineId: options.machineId ?? defaultMachineId(host),
      clinicId: options.clinicId ?? '',
    });
    const identity: AgentIdentity = {
      deviceId: response.deviceId,
      clinicId: response.clinicId,
      kind: options.kind,
      api: options.api,
      hostname: host,
      enrolledAt: new Date().toISOString(),
    };
    state.saveIdentity(identity);
    return identity;
  } finally {
    client.close();
  }
}
