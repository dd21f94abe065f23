import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  EVENT_HANDLER_METADATA,
  resolveHandlerName,
  type EventHandlerBinding,
} from '@carebus/messaging-kafka';

// Every @EventHandler a service declares, with the service's default topic and group, must be
// allowed by that service's principal in acls.json: read on the topic, its group, and the retry
// and dead-letter topics `<topic>.<group>.…`. Integration tests run as the test principal, so
// without this check only `npm start` finds a wrong prefix.

const ROOT = join(__dirname, '..', '..');
const SERVICES = ['scheduling', 'messaging', 'ehr-sync', 'device-registry', 'notifications'];

interface Acl {
  resource: { type: string; name: string; patternType: string };
  operations: string[];
  type?: string;
}
const { users } = JSON.parse(readFileSync(join(__dirname, 'acls.json'), 'utf8')) as {
  users: { name: string; acls: Acl[] }[];
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** A config whose every value is the schema's default: what a deployment gets without overrides. */
function defaultsOf(schema: z.ZodTypeAny): Record<string, unknown> {
  let object = schema;
  while (!('shape' in object)) object = (object._def as { schema: z.ZodTypeAny }).schema;
  const shape = (object as z.AnyZodObject).shape as Record<string, z.ZodTypeAny>;
  return new Proxy(
    {},
    {
      get: (_target, key: string) => {
        const field = shape[key];
        if (!field || field._def.typeName !== 'ZodDefault') throw new Error(`${key} has no default`);
        return (field._def as { defaultValue: () => unknown }).defaultValue();
      },
    },
  );
}

/** The (topic, group) of every @EventHandler under services/<service>/src, with default names. */
function bindingsOf(service: string): { topic: string; group: string; where: string }[] {
  const config = defaultsOf(
    (require(join(ROOT, 'services', service, 'src', 'service')) as { configSchema: z.ZodTypeAny })
      .configSchema,
  );
  const found: { topic: string; group: string; where: string }[] = [];
  for (const file of sourceFiles(join(ROOT, 'services', service, 'src'))) {
    if (!readFileSync(file, 'utf8').includes('@EventHandler(')) continue;
    for (const exported of Object.values(require(file) as Record<string, unknown>)) {
      if (typeof exported !== 'function') continue;
      const proto = (exported as { prototype: Record<string, unknown> }).prototype;
      for (const key of Object.getOwnPropertyNames(proto)) {
        const method = proto[key];
        if (typeof method !== 'function') continue;
        const bindings = (Reflect.getMetadata(EVENT_HANDLER_METADATA, method) ?? []) as EventHandlerBinding[];
        for (const b of bindings) {
          found.push({
            topic: resolveHandlerName(b.topic, config, 'topic'),
            group: resolveHandlerName(b.group, config, 'group'),
            where: `${(exported as { name: string }).name}.${key}`,
          });
        }
      }
    }
  }
  return found;
}

function allows(acls: Acl[], type: string, name: string, operation: string): boolean {
  const matches = (acl: Acl) =>
    acl.resource.type === type &&
    (acl.resource.patternType === 'prefix' ? name.startsWith(acl.resource.name) : name === acl.resource.name);
  const denied = acls.some(
    (acl) => acl.type === 'deny' && matches(acl) && acl.operations.includes(operation),
  );
  return (
    !denied && acls.some((acl) => acl.type !== 'deny' && matches(acl) && acl.operations.includes(operation))
  );
}

describe.each(SERVICES)('acls.json lets %s consume what its @EventHandlers read', (service) => {
  const user = users.find((u) => u.name === service);
  const bindings = bindingsOf(service);

  it('has a principal and at least one handler to check', () => {
    expect(user).toBeDefined();
    if (service !== 'device-registry') expect(bindings.length).toBeGreaterThan(0);
  });

  // device-registry consumes nothing (it only produces); it.each refuses an empty table.
  const cases = bindings.map((b) => [`${b.where} (${b.topic}, ${b.group})`, b] as const);
  (cases.length > 0 ? it.each(cases) : it.skip.each([['none', bindings[0]!] as const]))(
    '%s',
    (_where, { topic, group }) => {
      const acls = user!.acls;
      const missing = [
        allows(acls, 'topic', topic, 'Read') ? null : `Read on topic ${topic}`,
        allows(acls, 'group', group, 'Read') ? null : `Read on group ${group}`,
        ...['Read', 'Write', 'Create'].map((op) =>
          allows(acls, 'topic', `${topic}.${group}.retry.1`, op)
            ? null
            : `${op} on ${topic}.${group}.retry.*`,
        ),
        allows(acls, 'topic', `${topic}.${group}.dlq`, 'Write') ? null : `Write on ${topic}.${group}.dlq`,
      ].filter(Boolean);
      expect(missing).toEqual([]);
    },
  );
});
