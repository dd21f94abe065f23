// Seeds the demo clinic's agents through the device registry's own APIs: one workstation service
// and one clinic device service ("Reception terminal"), enrolled with codes the demo admin creates
// and their own Ed25519 key pairs, the clinic device named. Each agent's identity is written to
// <agents dir>/<workstation|clinic-device>/identity.json (mode 600) for the reference agent
// (tools/carebus-agent) to start from, already enrolled (docs/device-registry.md, "Demo seed").
// Idempotent: an identity whose device is still enrolled is kept; otherwise the agent is enrolled
// again. Prints `export` lines (device ids) on stdout.
// Environment: DEVICE_REGISTRY_URL, DEVICE_REGISTRY_GRPC (host:port), ADMIN_TOKEN, AGENTS_DIR.

const { generateKeyPairSync, randomUUID } = require('node:crypto');
const { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { hostname } = require('node:os');
const { join } = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO_ROOT = join(__dirname, '../../proto');
const AGENTS = [
  { dir: 'workstation', kind: 'workstation', proto: 'AGENT_KIND_WORKSTATION', name: null },
  {
    dir: 'clinic-device',
    kind: 'clinic_device',
    proto: 'AGENT_KIND_CLINIC_DEVICE',
    name: 'Reception terminal',
  },
];

async function api(base, method, path, token, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : JSON.parse(text) };
}

function agentClient(address) {
  const definition = protoLoader.loadSync(join(PROTO_ROOT, 'carebus/devices/v1/agent_service.proto'), {
    includeDirs: [PROTO_ROOT],
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const { AgentService } = grpc.loadPackageDefinition(definition).carebus.devices.v1;
  return new AgentService(address, grpc.credentials.createInsecure());
}

async function seedAgent(env, client, agent) {
  const dir = join(env.agentsDir, agent.dir);
  const file = join(dir, 'identity.json');
  if (existsSync(file)) {
    const known = JSON.parse(readFileSync(file, 'utf8'));
    const found = await api(env.url, 'GET', `/v1/devices/${known.deviceId}`, env.admin);
    if (found.status === 200) return known.deviceId;
  }
  const code = await api(env.url, 'POST', '/v1/enrolment-codes', env.admin, { kind: agent.kind });
  if (code.status !== 201)
    throw new Error(`enrolment code answered ${code.status}: ${JSON.stringify(code.body)}`);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const machineId = `${hostname()}-demo-${agent.dir}`;
  const enrolled = await new Promise((resolve, reject) =>
    client.Enrol(
      {
        enrolmentCode: code.body.code,
        kind: agent.proto,
        publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
        hostname: hostname(),
        agentVersion: 'demo',
        machineId,
        clinicId: '',
      },
      (error, response) => (error ? reject(error) : resolve(response)),
    ),
  );
  if (agent.name) {
    const named = await api(env.url, 'PATCH', `/v1/devices/${enrolled.deviceId}`, env.admin, {
      name: agent.name,
    });
    if (named.status !== 200)
      throw new Error(`naming answered ${named.status}: ${JSON.stringify(named.body)}`);
  }
  mkdirSync(dir, { recursive: true });
  const identity = {
    deviceId: enrolled.deviceId,
    clinicId: enrolled.clinicId,
    kind: agent.kind,
    machineId,
    registry: env.grpc,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    enrolledAt: new Date().toISOString(),
    seededBy: `seed-${randomUUID()}`,
  };
  writeFileSync(file, `${JSON.stringify(identity, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return enrolled.deviceId;
}

async function main() {
  const env = {
    url: process.env.DEVICE_REGISTRY_URL,
    grpc: process.env.DEVICE_REGISTRY_GRPC,
    admin: process.env.ADMIN_TOKEN,
    agentsDir: process.env.AGENTS_DIR,
  };
  if (!env.url || !env.grpc || !env.admin || !env.agentsDir) {
    throw new Error('DEVICE_REGISTRY_URL, DEVICE_REGISTRY_GRPC, ADMIN_TOKEN and AGENTS_DIR are required');
  }
  const client = agentClient(env.grpc);
  try {
    const workstation = await seedAgent(env, client, AGENTS[0]);
    const terminal = await seedAgent(env, client, AGENTS[1]);
    process.stdout.write(
      [
        `Devices: a workstation service and the clinic device service "Reception terminal" (identities in ${env.agentsDir}).`,
        `  export WORKSTATION_DEVICE_ID=${workstation}`,
        `  export TERMINAL_DEVICE_ID=${terminal}`,
        '',
      ].join('\n'),
    );
  } finally {
    client.close();
  }
}

main().catch((error) => {
  process.stderr.write(`seed-devices: ${error.message}\n`);
  process.exit(1);
});
