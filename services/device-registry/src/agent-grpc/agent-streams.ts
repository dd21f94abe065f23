import { Injectable } from '@nestjs/common';

/** One open ReceiveCommands stream, as the registry sees it. */
export interface AgentStream {
  deviceId: string;
  /** Ends the stream with a gRPC status and stable code. */
  end(status: number, code: string, message: string): void;
  /** Sends whatever the device has waiting (serialised per stream). */
  pump(): void;
  /** Ids sent on this stream and not yet acknowledged. */
  readonly sent: Set<string>;
  /** Ids acknowledged on this replica and awaiting their result, with when (epoch ms). */
  readonly awaiting: Map<string, number>;
}

/** gRPC status ABORTED: a newer stream of the same device replaced this one. */
const ABORTED = 10;

/**
 * The open command streams of this replica, one per device: a newer stream of the same device
 * ends the older one, and a removal ends the device's stream.
 */
@Injectable()
export class AgentStreams {
  private readonly streams = new Map<string, AgentStream>();

  open(stream: AgentStream): void {
    const older = this.streams.get(stream.deviceId);
    this.streams.set(stream.deviceId, stream);
    older?.end(
      ABORTED,
      'devices.stream_replaced',
      'A newer command stream of this device replaced this one.',
    );
  }

  close(stream: AgentStream): void {
    if (this.streams.get(stream.deviceId) === stream) this.streams.delete(stream.deviceId);
  }

  get(deviceId: string): AgentStream | undefined {
    return this.streams.get(deviceId);
  }

  /** Streams with a command acknowledged at or before `before` (epoch ms) and still no result. */
  overdue(before: number): AgentStream[] {
    const due: AgentStream[] = [];
    for (const stream of this.streams.values()) {
      for (const at of stream.awaiting.values()) {
        if (at <= before) {
          due.push(stream);
          break;
        }
      }
    }
    return due;
  }

  all(): AgentStream[] {
    return [...this.streams.values()];
  }

  get size(): number {
    return this.streams.size;
  }
}
