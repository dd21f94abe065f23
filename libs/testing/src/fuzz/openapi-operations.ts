/** The parts of JSON Schema (OpenAPI 3.0 flavour) the fuzzer reads. */
export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  nullable?: boolean;
  example?: unknown;
  default?: unknown;
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

/** One operation of an OpenAPI document, its schemas resolved. */
export interface Operation {
  /** `operationId`, e.g. `PatientsController_create` (NestJS: controller class and method). */
  id: string;
  method: string;
  /** The path template, e.g. `/v1/patients/{id}`. */
  path: string;
  params: ParameterSpec[];
  /** The JSON request body's schema; undefined when the operation takes none. */
  body?: JsonSchema;
  /** Every method the path answers, so the fuzzer knows which ones it does not. */
  pathMethods: string[];
}

interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface RawOperation {
  operationId: string;
  parameters?: (ParameterSpec & { schema?: JsonSchema })[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** The operations of a document, in document order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const resolve = (schema: JsonSchema | undefined, seen = new Set<string>()): JsonSchema =>
    resolveSchema(schema ?? {}, doc.components?.schemas ?? {}, seen);
  return Object.entries(doc.paths).flatMap(([path, item]) => {
    const pathMethods = Object.keys(item)
      .filter((m) => METHODS.includes(m))
      .map((m) => m.toUpperCase());
    return Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, raw]): Operation => {
        const declared = (raw.parameters ?? []).map((p) => ({
          ...p,
          required: Boolean(p.required),
          schema: resolve(p.schema),
        }));
        // Some documents leave path parameters out; the template names them all.
        const fromTemplate = [...path.matchAll(/\{([^}]+)\}/g)]
          .map((m) => m[1]!)
          .filter((name) => !declared.some((p) => p.in === 'path' && p.name === name))
          .map((name): ParameterSpec => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
        const bodySchema = raw.requestBody?.content?.['application/json']?.schema;
        return {
          id: raw.operationId,
          method: method.toUpperCase(),
          path,
          params: [...declared, ...fromTemplate],
          ...(bodySchema ? { body: resolve(bodySchema) } : {}),
          pathMethods,
        };
      });
  });
}

/** Inlines `$ref`s and `allOf`; a reference already being resolved (a cycle) becomes `{}`. */
function resolveSchema(schema: JsonSchema, named: Record<string, JsonSchema>, seen: Set<string>): JsonSchema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name) || !named[name]) return {};
    return resolveSchema(named[name], named, new Set([...seen, name]));
  }
  const resolved: JsonSchema = { ...schema };
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => resolveSchema(part, named, seen));
    delete resolved.allOf;
    Object.assign(resolved, ...parts, {
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {}), schema.properties ?? {}),
      required: parts.flatMap((p) => p.required ?? []).concat(schema.required ?? []),
    });
  }
  if (resolved.items) resolved.items = resolveSchema(resolved.items, named, seen);
  if (resolved.properties) {
    resolved.properties = Object.fromEntries(
      Object.entries(resolved.properties).map(([key, value]) => [key, resolveSchema(value, named, seen)]),
    );
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (resolved[key]) resolved[key] = resolved[key].map((s) => resolveSchema(s, named, seen));
  }
  return resolved;
}
