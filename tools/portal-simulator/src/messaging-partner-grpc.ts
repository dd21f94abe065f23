import { join } from 'node:path';
import {
  credentials,
  loadPackageDefinition,
  Metadata,
  type ChannelCredentials,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** proto/ of the repository (src/ and dist/ are both three levels below it). */
const PROTO_ROOT = process.env.CAREBUS_PROTO_ROOT ?? join(__dirname, '../../../proto');
const PROTO = 'carebus/messaging/v1/portal_partner_service.proto';

/** Where the portal reaches messaging's partner gRPC API. */
export interface GrpcPartnerOptions {
  /** host:port of `carebus.messaging.v1.PortalPartnerService`. */
  address: string;
  /** PEM of the CA that signed the server's certificate: TLS; without it plaintext (tests). */
  tlsCa?: Buffer;
}

/** messaging's answer over gRPC: the status (0 OK), the `error-code` trailer, the response. */
export interface GrpcPartnerAnswer {
  grpcStatus: number;
  errorCode?: string;
  body?: { threadId: string; messageId: string; created: boolean };
}

/** messaging's answer to AttachFile: the status (0 OK), the `error-code` trailer, the stored file. */
export interface GrpcAttachAnswer {
  grpcStatus: number;
  errorCode?: string;
  body?: { attachmentId: string; mediaType: string; sizeBytes: string; sha256: string };
}

/** The header of an AttachFile stream: the citizen's message and the file's name and type. */
export interface PortalFileHeader {
  threadId: string;
  messageId: string;
  fileName: string;
  mediaType: string;
}

type Callback = (err: ServiceError | null, res: unknown) => void;
type Unary = (req: object, md: Metadata, cb: Callback) => void;
interface ClientWritable {
  write(message: object): boolean;
  end(): void;
  once(event: 'drain', listener: () => void): void;
}
interface Stub {
  SendDialogue: Unary;
  AttachFile: (md: Metadata, cb: Callback) => ClientWritable;
  close(): void;
}

const answerOf = (err: ServiceError) => {
  const errorCode = err.metadata?.get('error-code')[0];
  return { grpcStatus: err.code, ...(typeof errorCode === 'string' ? { errorCode } : {}) };
};

const KINDS: Record<string, string> = {
  e_contact: 'PORTAL_DIALOGUE_KIND_E_CONTACT',
  e_consultation: 'PORTAL_DIALOGUE_KIND_E_CONSULTATION',
  prescription_renewal: 'PORTAL_DIALOGUE_KIND_PRESCRIPTION_RENEWAL',
};

/** Calls messaging's partner gRPC API (PortalPartnerService) as the national portal. */
export class MessagingPartnerGrpc {
  private readonly stub: Stub;

  constructor(options: GrpcPartnerOptions) {
    const definition = loadSync(join(PROTO_ROOT, PROTO), {
      includeDirs: [PROTO_ROOT],
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    const pkg = loadPackageDefinition(definition) as unknown as {
      carebus: {
        messaging: { v1: { PortalPartnerService: new (a: string, c: ChannelCredentials) => Stub } };
      };
    };
    const channel = options.tlsCa ? credentials.createSsl(options.tlsCa) : credentials.createInsecure();
    this.stub = new pkg.carebus.messaging.v1.PortalPartnerService(options.address, channel);
  }

  /** SendDialogue with the REST body's fields; the kind becomes the proto enum's name. */
  sendDialogue(
    dialogue: Record<string, unknown> & { kind: string },
    token: string,
  ): Promise<GrpcPartnerAnswer> {
    const md = new Metadata();
    md.set('authorization', `Bearer ${token}`);
    const request = { ...dialogue, kind: KINDS[dialogue.kind] ?? dialogue.kind };
    return new Promise((resolve) => {
      this.stub.SendDialogue.call(this.stub, request, md, (err, res) => {
        if (!err) return resolve({ grpcStatus: 0, body: res as GrpcPartnerAnswer['body'] });
        resolve(answerOf(err));
      });
    });
  }

  /**
   * AttachFile: the header, then the bytes as they come from `chunks`, waiting for the channel to
   * drain when it is full (the file is never whole in memory). Answers when messaging answers,
   * also when it refuses before the last chunk.
   */
  async attachFile(
    header: PortalFileHeader,
    chunks: AsyncIterable<Buffer>,
    token: string,
  ): Promise<GrpcAttachAnswer> {
    const md = new Metadata();
    md.set('authorization', `Bearer ${token}`);
    let answered = false;
    let resolveAnswer!: (a: GrpcAttachAnswer) => void;
    const answer = new Promise<GrpcAttachAnswer>((resolve) => (resolveAnswer = resolve));
    const call = this.stub.AttachFile.call(this.stub, md, (err, res) => {
      answered = true;
      resolveAnswer(err ? answerOf(err) : { grpcStatus: 0, body: res as GrpcAttachAnswer['body'] });
    });
    try {
      call.write({ header });
      for await (const chunk of chunks) {
        if (answered) break;
        // Messaging may answer (refuse) before the last chunk: stop waiting for room then.
        if (!call.write({ chunk }))
          await Promise.race([new Promise<void>((drained) => call.once('drain', drained)), answer]);
      }
    } finally {
      call.end();
    }
    return answer;
  }

  close(): void {
    this.stub.close();
  }
}
