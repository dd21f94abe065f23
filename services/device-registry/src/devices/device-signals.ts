import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { Client } from 'pg';
import { describeError } from '@carebus/errors';
import { DEVICE_SETTINGS, type DeviceSettings } from './device-settings';

const CHANNELS = ['device_registry_removed', 'device_registry_command'] as const;
export type DeviceSignal = 'removed' | 'command';

/**
 * What one replica tells every other through PostgreSQL LISTEN/NOTIFY, on commit: a device was
 * removed (its open streams end) or a command was queued for it (the replica holding its stream
 * sends it). After the listening connection drops it reconnects and emits `resync`, so streams
 * re-read what they may have missed.
 */
@Injectable()
export class DeviceSignals implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DeviceSignals');
  private readonly emitter = new EventEmitter();
  private client: Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(@Inject(DEVICE_SETTINGS) private readonly settings: DeviceSettings) {
    this.emitter.setMaxListeners(0);
  }

  on(signal: DeviceSignal | 'resync', listener: (deviceId: string) => void): () => void {
    this.emitter.on(signal, listener);
    return () => this.emitter.off(signal, listener);
  }

  /** Also emitted locally at once, so this replica does not wait for the round trip. */
  emitLocal(signal: DeviceSignal, deviceId: string): void {
    this.emitter.emit(signal, deviceId);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.settings.databaseUrl });
    client.on('notification', (n) => {
      const signal = n.channel === 'device_registry_removed' ? 'removed' : 'command';
      if (n.payload) this.emitter.emit(signal, n.payload);
    });
    client.on('error', (error) => {
      this.logger.warn({ err: describeError(error) }, 'device signal connection lost');
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      for (const channel of CHANNELS) await client.query(`LISTEN ${channel}`);
      this.client = client;
      this.emitter.emit('resync', '');
    } catch (error) {
      this.logger.warn({ err: describeError(error) }, 'device signal connection failed');
      this.reconnect(client);
    }
  }

  private reconnect(client: Client): void {
    if (this.stopped || this.retry) return;
    if (this.client === client) this.client = null;
    void client.end().catch(() => undefined);
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.listen();
    }, 1_000);
  }
}
