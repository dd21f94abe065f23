import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

// Renders charts/carebus with `helm template` and checks what a cluster would receive.
// Needs only the helm binary (PATH, else the clone's .carebus/bin/helm), no cluster.

const repoRoot = path.resolve(__dirname, '..');
const chartDir = path.join(repoRoot, 'charts', 'carebus');
const productionValues = path.join(chartDir, 'values-production.yaml');
const SERVICES = ['scheduling', 'messaging', 'ehr-sync', 'device-registry', 'notifications'];

type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
type Container = {
  command: string[];
  image: string;
  env?: EnvVar[];
  envFrom?: { secretRef?: { name: string } }[];
  livenessProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: Record<string, unknown> & { capabilities: { drop: string[] } };
};
type PodSpec = {
  securityContext: { runAsNonRoot?: boolean };
  volumes?: { name: string; secret?: { secretName: string } }[];
  containers: Container[];
  initContainers?: Container[];
};
type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    template?: { spec: PodSpec };
    replicas?: number;
    minAvailable?: number;
    minReplicas?: number;
    scaleTargetRef?: { name: string };
    metrics?: { resource: { name: string } }[];
    policyTypes?: string[];
    ingress?: unknown[];
    egress?: unknown[];
  };
};

function findHelm(): string {
  if (spawnSync('helm', ['version', '--short'], { stdio: 'ignore' }).status === 0) return 'helm';
  const local = path.join(repoRoot, '.carebus', 'bin', 'helm');
  if (existsSync(local)) return local;
  throw new Error('helm not found on PATH or at .carebus/bin/helm; run: bash deploy/bootstrap.sh helm');
}

function render(...args: string[]): Manifest[] {
  const out = execFileSync(findHelm(), ['template', 'carebus', chartDir, '--namespace', 'carebus', ...args], {
    encoding: 'utf8',
  });
  return parseAllDocuments(out)
    .map((doc) => {
      if (doc.errors.length > 0) throw doc.errors[0];
      return doc.toJS() as Manifest | null;
    })
    .filter((m): m is Manifest => m !== null);
}

const ofKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);
const podSpec = (m: Manifest): PodSpec => m.spec.template!.spec;
const allContainers = (manifests: Manifest[]) =>
  manifests
    .filter((m) => m.spec?.template?.spec)
    .flatMap((m) => [...(podSpec(m).initContainers ?? []), ...podSpec(m).containers]);

// scheme://user:secret@host — a credential-bearing URL.
const CREDENTIAL_URL = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]+:[^/@\s]+@/i;
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|PRIVATE_KEY|DATABASE_(MIGRATION_)?URL/;

describe.each([
  ['default values', [] as string[]],
  ['values-production.yaml', ['-f', productionValues]],
])('helm chart rendered with %s', (_label, args) => {
  let manifests: Manifest[] = [];
  let deployments: Manifest[] = [];
  beforeAll(() => {
    manifests = render(...args);
    deployments = ofKind(manifests, 'Deployment');
  });

  it('renders exactly one Deployment per service, running its dist/main.js', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(
      SERVICES.map((s) => `carebus-${s}`).sort(),
    );
    for (const service of SERVICES) {
      const [container] = podSpec(
        deployments.find((d) => d.metadata.name === `carebus-${service}`)!,
      ).containers;
      expect(container.command).toEqual(['node', `services/${service}/dist/main.js`]);
      expect(container.image).toMatch(new RegExp(`/carebus-${service}:[\\w.-]+$`));
    }
  });

  it('gives every Deployment liveness and readiness probes on /health/live and /health/ready', () => {
    for (const d of deployments) {
      const [c] = podSpec(d).containers;
      expect(c.livenessProbe?.httpGet?.path).toBe('/health/live');
      expect(c.readinessProbe?.httpGet?.path).toBe('/health/ready');
    }
  });

  it('sets resource requests and limits for cpu and memory on every Deployment', () => {
    for (const d of deployments) {
      const { resources } = podSpec(d).containers[0];
      expect(Object.keys(resources.requests).sort()).toEqual(['cpu', 'memory']);
      expect(Object.keys(resources.limits).sort()).toEqual(['cpu', 'memory']);
    }
  });

  it('runs every Deployment as non-root with a read-only root filesystem', () => {
    for (const d of deployments) {
      expect(podSpec(d).securityContext.runAsNonRoot).toBe(true);
      const sc = podSpec(d).containers[0].securityContext;
      expect(sc).toMatchObject({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
      });
      expect(sc.capabilities.drop).toEqual(['ALL']);
    }
  });

  it('gives every service container the environment contract, DATABASE_URL from a Secret', () => {
    for (const d of deployments) {
      const env = podSpec(d).containers[0].env ?? [];
      const names = env.map((e) => e.name);
      for (const name of [
        'HTTP_PORT',
        'KAFKA_BROKERS',
        'KAFKA_CLIENT_ID',
        'KAFKA_TOPIC_PARTITIONS',
        'KAFKA_TOPIC_REPLICATION_FACTOR',
        'KAFKA_TOPIC_RETENTION_MS',
        'AUTH_JWKS_URL',
        'AUTH_ISSUER',
        'AUTH_AUDIENCE',
        'LOG_LEVEL',
        'SHUTDOWN_GRACE_MS',
        'NODE_ENV',
      ]) {
        expect(names).toContain(name);
      }
      expect(env.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef?.name).toBeTruthy();
      // Owner credentials are for the migrations Job only.
      expect(names).not.toContain('DATABASE_MIGRATION_URL');
    }
  });

  it('runs migrations as pre-install,pre-upgrade hook Jobs, one per service, with the migration URL from a Secret', () => {
    const jobs = ofKind(manifests, 'Job');
    expect(jobs).toHaveLength(SERVICES.length);
    for (const job of jobs) {
      expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      expect(job.metadata.annotations?.['helm.sh/hook-delete-policy']).toBe('before-hook-creation');
      const [c] = podSpec(job).containers;
      expect(c.command[1]).toMatch(/^services\/[a-z-]+\/dist\/migrate\.js$/);
      const migrationUrl = (c.env ?? []).find((e) => e.name === 'DATABASE_MIGRATION_URL');
      expect(migrationUrl?.valueFrom?.secretKeyRef?.key).toBeTruthy();
    }
  });

  it("keeps the owner's URL in its own Secret, which only the migrations Job mounts", () => {
    const jobs = ofKind(manifests, 'Job');
    const secretsOf = (m: Manifest) => {
      const spec = podSpec(m);
      const containers = [...(spec.initContainers ?? []), ...spec.containers];
      return new Set(
        [
          ...containers.flatMap((c) => (c.env ?? []).map((e) => e.valueFrom?.secretKeyRef?.name)),
          ...containers.flatMap((c) => (c.envFrom ?? []).map((e) => e.secretRef?.name)),
          ...(spec.volumes ?? []).map((v) => v.secret?.secretName),
        ].filter((name): name is string => Boolean(name)),
      );
    };
    for (const service of SERVICES) {
      const job = jobs.find((j) => j.metadata.name === `carebus-${service}-migrate`)!;
      const deployment = deployments.find((d) => d.metadata.name === `carebus-${service}`)!;
      const env = podSpec(job).containers[0].env ?? [];
      const owner = env.find((e) => e.name === 'DATABASE_MIGRATION_URL')!.valueFrom!.secretKeyRef!.name;
      const app = env.find((e) => e.name === 'DATABASE_URL')!.valueFrom!.secretKeyRef!.name;
      expect(owner).not.toBe(app);
      expect(secretsOf(deployment).has(app)).toBe(true);
      expect(secretsOf(deployment).has(owner)).toBe(false);
    }
    // The owner's Secret is no other workload's either.
    const owners = new Set(
      jobs.map(
        (j) =>
          (podSpec(j).containers[0].env ?? []).find((e) => e.name === 'DATABASE_MIGRATION_URL')!.valueFrom!
            .secretKeyRef!.name,
      ),
    );
    for (const m of manifests.filter((m) => m.spec?.template?.spec && m.kind !== 'Job')) {
      expect([...secretsOf(m)].filter((name) => owners.has(name))).toEqual([]);
    }
  });

  it('has no inline credentials: no Secret objects, no credential-bearing values in env', () => {
    expect(ofKind(manifests, 'Secret')).toHaveLength(0);
    const env = allContainers(manifests).flatMap((c) => c.env ?? []);
    expect(env.length).toBeGreaterThan(0);
    for (const e of env) {
      if (e.value === undefined) continue;
      expect({ name: e.name, credentialUrl: CREDENTIAL_URL.test(e.value) }).toEqual({
        name: e.name,
        credentialUrl: false,
      });
      expect(e.name).not.toMatch(SECRET_NAME);
    }
  });

  it('has a PodDisruptionBudget and a NetworkPolicy for every service', () => {
    expect(ofKind(manifests, 'PodDisruptionBudget')).toHaveLength(SERVICES.length);
    const policies = ofKind(manifests, 'NetworkPolicy').filter(
      (p) => !p.metadata.annotations?.['helm.sh/hook'],
    );
    expect(policies).toHaveLength(SERVICES.length);
    for (const p of policies) {
      expect(p.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(p.spec.ingress).toHaveLength(1);
      expect(p.spec.egress?.length).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('helm chart Kafka security with production values', () => {
  const deployments = () => ofKind(render('-f', productionValues), 'Deployment');

  it("renders TLS with the CA from a Secret and each service's SCRAM login from its own Secret", () => {
    for (const d of deployments()) {
      const service = d.metadata.name.replace(/^carebus-/, '');
      const env = podSpec(d).containers[0].env ?? [];
      const value = (name: string) => env.find((e) => e.name === name);
      expect(value('KAFKA_TLS')?.value).toBe('true');
      expect(value('KAFKA_TLS_CA_FILE')?.value).toBe('/etc/carebus/kafka-ca/ca.crt');
      expect(podSpec(d).volumes?.find((v) => v.name === 'kafka-ca')?.secret?.secretName).toBeTruthy();
      expect(value('KAFKA_SASL_MECHANISM')?.value).toBe('scram-sha-512');
      expect(value('KAFKA_SASL_USERNAME')?.value).toBe(service);
      expect(value('KAFKA_SASL_PASSWORD')?.value).toBeUndefined();
      expect(value('KAFKA_SASL_PASSWORD')?.valueFrom?.secretKeyRef).toEqual({
        name: service,
        key: 'password',
      });
    }
  });

  it.each(['scheduling', 'messaging'])(
    "serves %s's partner gRPC with the certificate of a TLS Secret",
    (name) => {
      const service = deployments().find((d) => d.metadata.name === `carebus-${name}`)!;
      const env = podSpec(service).containers[0].env ?? [];
      expect(env.find((e) => e.name === 'GRPC_TLS_CERT_FILE')?.value).toBe('/etc/carebus/grpc-tls/tls.crt');
      expect(env.find((e) => e.name === 'GRPC_PORT')?.value).toBe(name === 'scheduling' ? '4001' : '4002');
      expect(podSpec(service).volumes?.find((v) => v.name === 'grpc-tls')?.secret?.secretName).toBeTruthy();
    },
  );

  it('admits only the ingress controller and the metrics scraper (no same-namespace pods) by default', () => {
    const services = ofKind(render(), 'NetworkPolicy').filter((p) => (p.spec.ingress ?? []).length > 0);
    expect(services).toHaveLength(SERVICES.length);
    for (const policy of services) {
      const from = (policy.spec.ingress as { from?: Record<string, unknown>[] }[]).flatMap(
        (r) => r.from ?? [],
      );
      expect(from.length).toBeGreaterThan(0);
      expect(from.some((peer) => 'podSelector' in peer && !('namespaceSelector' in peer))).toBe(false);
    }
  });
});

describe('helm chart autoscaling', () => {
  it('renders no HorizontalPodAutoscaler with default values, and Deployments keep their replicas', () => {
    const manifests = render();
    expect(ofKind(manifests, 'HorizontalPodAutoscaler')).toHaveLength(0);
    for (const d of ofKind(manifests, 'Deployment')) expect(d.spec.replicas).toBeGreaterThanOrEqual(1);
  });

  it('renders a CPU HorizontalPodAutoscaler per service with production values, and leaves replicas to it', () => {
    const manifests = render('-f', productionValues);
    const hpas = ofKind(manifests, 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.spec.scaleTargetRef?.name).sort()).toEqual(
      SERVICES.map((s) => `carebus-${s}`).sort(),
    );
    for (const h of hpas) {
      expect(h.apiVersion).toBe('autoscaling/v2');
      expect(h.spec.metrics?.[0]?.resource.name).toBe('cpu');
      expect(h.spec.minReplicas).toBeGreaterThan(1);
    }
    for (const d of ofKind(manifests, 'Deployment')) expect(d.spec.replicas).toBeUndefined();
    // More than one replica: the PDB may keep one available.
    for (const pdb of ofKind(manifests, 'PodDisruptionBudget')) expect(pdb.spec.minAvailable).toBe(1);
  });
});

describe('helm chart per-service switches', () => {
  it('drops every object of a disabled service', () => {
    const manifests = render('--set', 'services.notifications.enabled=false');
    expect(ofKind(manifests, 'Deployment')).toHaveLength(SERVICES.length - 1);
    const names = manifests.map((m) => m.metadata.name);
    expect(names.filter((n) => n.includes('notifications'))).toEqual([]);
  });
});

describe('helm chart database Secrets', () => {
  const renderError = (...args: string[]) => {
    const result = spawnSync(findHelm(), ['template', 'carebus', chartDir, ...args], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    return result.stderr;
  };

  it("refuses an owner URL in the app's Secret", () => {
    expect(
      renderError('--set', 'services.messaging.database.migrationExistingSecret=carebus-messaging-db-app'),
    ).toContain('services.messaging.database.migrationExistingSecret must differ from existingSecret');
  });

  it("refuses a release without the owner's Secret", () => {
    expect(renderError('--set', 'services.messaging.database.migrationExistingSecret=')).toMatch(
      /migrationExistingSecret/,
    );
  });
});

describe('helm chart notifications providers', () => {
  const envOf = (m: Manifest) => podSpec(m).containers[0].env ?? [];
  const PROVIDER_VARS = ['SMTP_URL', 'SMTP_TLS_VERIFY', 'WEBHOOK_SECRET', 'SMTP_USERNAME', 'SMTP_PASSWORD'];

  it('gives the notifications Deployment its provider settings as values, the webhook secret and SMTP login from a Secret', () => {
    const manifests = render('-f', productionValues);
    const deployment = ofKind(manifests, 'Deployment').find(
      (d) => d.metadata.name === 'carebus-notifications',
    )!;
    const env = new Map(envOf(deployment).map((e) => [e.name, e]));
    expect(env.get('SMTP_URL')?.value).toBe('smtp://smtp-relay.clinic-cloud.example:587');
    expect(env.get('SMTP_TLS_VERIFY')?.value).toBe('true');
    expect(env.get('NOTIFICATIONS_DEFAULT_SENDER')?.value).toBe('no-reply@clinic-cloud.example');
    expect(env.get('SMS_WEBHOOK_URL')?.value).toMatch(/^https:\/\//);
    expect(env.get('PUSH_WEBHOOK_URL')?.value).toMatch(/^https:\/\//);
    for (const [name, key] of [
      ['WEBHOOK_SECRET', 'WEBHOOK_SECRET'],
      ['SMTP_USERNAME', 'SMTP_USERNAME'],
      ['SMTP_PASSWORD', 'SMTP_PASSWORD'],
    ]) {
      expect(env.get(name)?.value).toBeUndefined();
      expect(env.get(name)?.valueFrom?.secretKeyRef).toEqual({
        name: 'carebus-notifications-providers',
        key,
      });
    }
  });

  it('gives provider settings to no other service and not to the migrations Jobs', () => {
    const manifests = render('-f', productionValues);
    const others = [
      ...ofKind(manifests, 'Deployment').filter((d) => d.metadata.name !== 'carebus-notifications'),
      ...ofKind(manifests, 'Job'),
    ];
    for (const m of others) {
      expect(envOf(m).filter((e) => PROVIDER_VARS.includes(e.name))).toEqual([]);
    }
  });

  it('asks for no SMTP login by default, and refuses credentials in the SMTP URL', () => {
    const deployment = ofKind(render(), 'Deployment').find(
      (d) => d.metadata.name === 'carebus-notifications',
    )!;
    const names = envOf(deployment).map((e) => e.name);
    expect(names).toContain('WEBHOOK_SECRET');
    expect(names).not.toContain('SMTP_USERNAME');
    const refused = spawnSync(
      findHelm(),
      [
        'template',
        'carebus',
        chartDir,
        '--set',
        'services.notifications.providers.smtp.url=smtp://u:pw@relay:587',
      ],
      { encoding: 'utf8' },
    );
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('services.notifications.providers.smtp.url');
  });
});

describe('helm chart key vault (ehr-sync)', () => {
  const envOf = (m: Manifest) => podSpec(m).containers[0].env ?? [];
  const KEY_VAULT_VARS = ['EHR_SYNC_KEKS', 'EHR_SYNC_KEK_ACTIVE'];

  it('gives the ehr-sync Deployment its KEKs from a Secret and the active version as a value', () => {
    const deployment = ofKind(render('-f', productionValues), 'Deployment').find(
      (d) => d.metadata.name === 'carebus-ehr-sync',
    )!;
    const env = new Map(envOf(deployment).map((e) => [e.name, e]));
    expect(env.get('EHR_SYNC_KEKS')?.value).toBeUndefined();
    expect(env.get('EHR_SYNC_KEKS')?.valueFrom?.secretKeyRef).toEqual({
      name: 'carebus-ehr-sync-keks',
      key: 'EHR_SYNC_KEKS',
    });
    expect(env.get('EHR_SYNC_KEK_ACTIVE')?.value).toBe('v1');
  });

  it('gives the KEKs to no other service and not to the migrations Jobs', () => {
    const manifests = render('-f', productionValues);
    const others = [
      ...ofKind(manifests, 'Deployment').filter((d) => d.metadata.name !== 'carebus-ehr-sync'),
      ...ofKind(manifests, 'Job'),
    ];
    for (const m of others) expect(envOf(m).filter((e) => KEY_VAULT_VARS.includes(e.name))).toEqual([]);
  });

  it('leaves the active version out by default and refuses a release without the Secret', () => {
    const deployment = ofKind(render(), 'Deployment').find((d) => d.metadata.name === 'carebus-ehr-sync')!;
    expect(envOf(deployment).map((e) => e.name)).not.toContain('EHR_SYNC_KEK_ACTIVE');
    const refused = spawnSync(
      findHelm(),
      ['template', 'carebus', chartDir, '--set', 'services.ehr-sync.keyVault.existingSecret='],
      { encoding: 'utf8' },
    );
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('keyVault');
  });
});

describe('helm chart national-id key ring (messaging)', () => {
  const envOf = (m: Manifest) => podSpec(m).containers[0].env ?? [];
  const VARS = [
    'MESSAGING_NATIONAL_ID_KEYS',
    'MESSAGING_NATIONAL_ID_KEY_ACTIVE',
    'MESSAGING_NATIONAL_ID_KEY',
  ];

  it('gives the messaging Deployment the ring from a Secret and the active version as a value', () => {
    const deployment = ofKind(render('-f', productionValues), 'Deployment').find(
      (d) => d.metadata.name === 'carebus-messaging',
    )!;
    const env = new Map(envOf(deployment).map((e) => [e.name, e]));
    expect(env.get('MESSAGING_NATIONAL_ID_KEYS')?.value).toBeUndefined();
    expect(env.get('MESSAGING_NATIONAL_ID_KEYS')?.valueFrom?.secretKeyRef).toEqual({
      name: 'carebus-messaging-national-id-keys',
      key: 'MESSAGING_NATIONAL_ID_KEYS',
    });
    expect(env.get('MESSAGING_NATIONAL_ID_KEY_ACTIVE')?.value).toBe('v1');
    expect(env.has('MESSAGING_NATIONAL_ID_KEY')).toBe(false);
  });

  it('gives the ring to no other service and not to the migrations Jobs; refuses a release without the Secret', () => {
    const manifests = render('-f', productionValues);
    const others = [
      ...ofKind(manifests, 'Deployment').filter((d) => d.metadata.name !== 'carebus-messaging'),
      ...ofKind(manifests, 'Job'),
    ];
    for (const m of others) expect(envOf(m).filter((e) => VARS.includes(e.name))).toEqual([]);
    const refused = spawnSync(
      findHelm(),
      ['template', 'carebus', chartDir, '--set', 'services.messaging.nationalIdKeys.existingSecret='],
      { encoding: 'utf8' },
    );
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('nationalIdKeys');
  });
});

describe('helm chart sealed-field key rings', () => {
  const envOf = (m: Manifest) => podSpec(m).containers[0].env ?? [];
  const HOLDERS: Record<string, string[]> = {
    CAREBUS_PATIENT_IDENTITY_KEYS: ['carebus-scheduling', 'carebus-messaging'],
    CAREBUS_JOURNAL_NOTE_KEYS: ['carebus-messaging', 'carebus-ehr-sync'],
  };

  it.each(Object.entries(HOLDERS))(
    'gives %s from its Secret to %j only, never to a Job',
    (variable, holders) => {
      const manifests = render('-f', productionValues);
      for (const deployment of ofKind(manifests, 'Deployment')) {
        const entry = envOf(deployment).find((e) => e.name === variable);
        if (holders.includes(deployment.metadata.name)) {
          expect(entry?.value).toBeUndefined();
          expect(entry?.valueFrom?.secretKeyRef?.key).toBe(variable);
          const active = envOf(deployment).find((e) => e.name === variable.replace(/_KEYS$/, '_KEY_ACTIVE'));
          expect(active?.value).toBe('v1');
        } else {
          expect(entry).toBeUndefined();
        }
      }
      for (const job of ofKind(manifests, 'Job')) {
        expect(envOf(job).map((e) => e.name)).not.toContain(variable);
      }
    },
  );
});
