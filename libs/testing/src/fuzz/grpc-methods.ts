import { loadSync, type PackageDefinition } from '@grpc/proto-loader';

/** One field of a request message, as proto-loader describes it (camelCase names). */
export interface GrpcField {
  name: string;
  number: number;
  type: string;
  repeated: boolean;
  /** Enum value names, for TYPE_ENUM fields. */
  enumValues?: string[];
  /** The fields of a nested message (TYPE_MESSAGE), or its full name for well-known types. */
  message?: { name: string; fields: GrpcField[] };
}

export interface GrpcMethod {
  /** `Service/Rpc` as `@GrpcMethod` names it, e.g. `SchedulingService/ListSlots`. */
  name: string;
  /** The HTTP/2 path, `/<package>.<Service>/<Rpc>`. */
  path: string;
  serverStream: boolean;
  fields: GrpcField[];
  /** protobuf encoding of a request object (proto-loader's, as the service decodes it). */
  serialize(request: object): Buffer;
}

/** Loads `service` of a proto file with the options the services use. */
export function grpcMethods(protoFile: string, includeDirs: string[], service: string): GrpcMethod[] {
  const definition = loadSync(protoFile, {
    includeDirs,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const methods = definition[service] as Record<
    string,
    {
      path: string;
      responseStream: boolean;
      requestSerialize(value: object): Buffer;
      requestType: MessageType;
    }
  >;
  const shortService = service.slice(service.lastIndexOf('.') + 1);
  return Object.entries(methods).map(([rpc, m]) => ({
    name: `${shortService}/${rpc}`,
    path: m.path,
    serverStream: m.responseStream,
    fields: fieldsOf(definition, m.requestType, 0),
    serialize: (request) => m.requestSerialize(request),
  }));
}

/** A message type of a package definition: its DescriptorProto as a plain object. */
interface MessageType {
  type: unknown;
}

interface RawField {
  name: string;
  number: number;
  label: string;
  type: string;
  typeName: string;
}

function lookup(definition: PackageDefinition, typeName: string) {
  const key = Object.keys(definition).find((k) => k === typeName || k.endsWith(`.${typeName}`));
  return key
    ? { key, value: definition[key] as { type: { field?: RawField[]; value?: { name: string }[] } } }
    : undefined;
}

function fieldsOf(definition: PackageDefinition, type: MessageType, depth: number): GrpcField[] {
  const raw = ((type.type as { field?: RawField[] }).field ?? []) as RawField[];
  return raw.map((f) => {
    const field: GrpcField = {
      name: f.name,
      number: f.number,
      type: f.type,
      repeated: f.label === 'LABEL_REPEATED',
    };
    const named = f.typeName ? lookup(definition, f.typeName) : undefined;
    if (f.type === 'TYPE_ENUM' && named) field.enumValues = (named.value.type.value ?? []).map((v) => v.name);
    if (f.type === 'TYPE_MESSAGE' && named && depth < 3) {
      field.message = {
        name: named.key,
        fields: fieldsOf(definition, named.value as unknown as MessageType, depth + 1),
      };
    }
    return field;
  });
}
