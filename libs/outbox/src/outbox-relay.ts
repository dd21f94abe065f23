import { Client } from 'pg';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { Registry } from 'prom-client';
import { OutboxMetrics } from './outbox-metrics';
import { byTopic, type OutboxRow } from './outbox-row';
import { WakeSignal } from './wake-signal';

export interface RelayLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface OutboxRelayOptions {
  /** A role with SELECT/UPDATE/DELETE on `<schema>.outbox` (the service's app role). */
  connectionString: string;
  schema: string;
  kafka: Kafka;
  batchSize?: number;
  /** Fallback poll when no NOTIFY arrives (e.g. a notification lost across a reconnect). */
  pollIntervalMs?: number;
  /** How often a standby replica tries to become the active relay. */
  standbyRetryMs?: number;
  /** Published rows are deleted after this many hours. */
  retentionHours?: number;
  pruneIntervalMs?: number;
  metrics?: Registry;
  logger?: RelayLogger;
}

const silent: RelayLogger = { info: () => undefined, warn: () => undefined };

/**
 * Publishes outbox rows to Kafka. One active relay per schema holds a session advisory lock;
 * other replicas stand by and take over when its session ends (crash, kill -9, network loss),
 * so one aggregate's events leave in `seq` order. Rows are marked published only after the
 * broker acknowledged them (acks=-1, idempotent producer): a crash in between re-sends the
 * batch, which consumers absorb through their inbox.
 */
export class OutboxRelay {
  private readonly opts: Required<Omit<OutboxRelayOptions, 'metrics' | 'logger'>>;
  private readonly metrics: OutboxMetrics | undefined;
  private readonly log: RelayLogger;
  private readonly wake = new WakeSignal();
  private stopping = false;
  private loop: Promise<void> | undefined;
  private clients: Client[] = [];
  private producer: Producer | undefined;
  private lastPrune = 0;
  private lastBacklogRefresh = 0;
  leader = false;

  constructor(options: OutboxRelayOptions) {
    this.opts = {
      batchSize: 500,
      pollIntervalMs: 2_000,
      standbyRetryMs: 1_000,
      retentionHours: 24,
      pruneIntervalMs: 60_000,
      ...options,
    };
    this.metrics = options.metrics ? new OutboxMetrics(options.metrics) : undefined;
    this.log = options.logger ?? silent;
  }

  start(): void {
    this.stopping = false;
    this.loop ??= this.run();
  }

  /** Finishes the batch in flight, releases leadership and disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.fire();
    await this.loop;
    this.loop = undefined;
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }

  private get table(): string {
    return `${this.opts.schema}.outbox`;
  }

  private async run(): Promise<void> {
    let backoff = 200;
    while (!this.stopping) {
      try {
        await this.session();
        backoff = 200;
      } catch (error) {
        this.log.warn('outbox relay session failed; reconnecting', {
          error: (error as Error).message,
          backoffMs: backoff,
        });
        await this.wake.wait(backoff);
        backoff = Math.min(backoff * 2, 5_000);
      } finally {
        this.setLeader(false);
        const clients = this.clients;
        this.clients = [];
        await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      }
    }
  }

  /** One database session: contend for leadership, then publish until stopped or the session breaks. */
  private async session(): Promise<void> {
    const client = this.connect();
    client.on('notification', () => this.wake.fire());
    await client.connect();
    while (!this.stopping && !(await this.tryLead(client))) {
      await this.refreshBacklog(client);
      await this.wake.wait(this.opts.standbyRetryMs);
    }
    if (this.stopping) return;
    this.setLeader(true);
    this.log.info('outbox relay is active', { schema: this.opts.schema });
    await client.query(`LISTEN "${this.opts.schema}_outbox"`);
    // A second connection lets the next batch be claimed while the current one is on the wire.
    const second = this.connect();
    await second.connect();
    this.producer ??= await this.connectProducer();
    let sendBackoff = 100;
    while (!this.stopping) {
      let published: number;
      try {
        published = await this.publishPipelined([client, second]);
        sendBackoff = 100;
      } catch (error) {
        if (!(error instanceof PublishError)) throw error;
        this.metrics?.publishFailures.inc({ schema: this.opts.schema });
        this.log.warn('broker did not acknowledge a batch; it stays in the outbox', { error: error.message });
        await this.wake.wait(sendBackoff);
        sendBackoff = Math.min(sendBackoff * 2, 5_000);
        continue;
      }
      if (published === 0 || published % this.opts.batchSize !== 0) {
        await this.refreshBacklog(client);
        await this.prune(client);
        if (published === 0) await this.sleep(client);
      }
    }
  }

  /**
   * Announces sleep so writers NOTIFY, looks once more for rows committed before the announcement
   * was visible, then waits for NOTIFY or the poll interval; awake again, writers stop notifying.
   */
  private async sleep(client: Client): Promise<void> {
    await client.query(`UPDATE ${this.opts.schema}.outbox_relay_state SET sleeping = true`);
    const { rows } = await client.query(`SELECT 1 FROM ${this.table} WHERE published_at IS NULL LIMIT 1`);
    if (rows.length === 0) await this.wake.wait(this.opts.pollIntervalMs);
    await client.query(`UPDATE ${this.opts.schema}.outbox_relay_state SET sleeping = false`);
  }

  private async tryLead(client: Client): Promise<boolean> {
    const { rows } = await client.query<{ locked: boolean }>(
      `SELECT pg_try_advisory_lock(hashtext($1)) AS locked`,
      [`${this.table}:relay`],
    );
    return rows[0]?.locked === true;
  }

  private async connectProducer(): Promise<Producer> {
    const producer = this.opts.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      // Bounded, so a broker outage surfaces here and the batch is retried from the outbox.
      retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 2_000 },
    });
    await producer.connect();
    return producer;
  }

  private connect(): Client {
    const client = new Client({
      connectionString: this.opts.connectionString,
      application_name: 'outbox-relay',
    });
    client.on('error', () => this.wake.fire());
    this.clients.push(client);
    return client;
  }

  /**
   * Publishes until a batch comes back short. Batch i is claimed (FOR UPDATE SKIP LOCKED, in its
   * own transaction on connection i % 2) while batch i-1 is being sent; batch i is sent only after
   * batch i-1 was acknowledged, so the wire order is the seq order. A batch is marked published
   * after its acknowledgement, while the next one is already on the wire.
   */
  private async publishPipelined(connections: [Client, Client]): Promise<number> {
    let total = 0;
    let i = 0;
    let batch = await this.claim(connections[0]);
    let marking: Promise<void> = Promise.resolve();
    try {
      while (batch.length > 0) {
        const conn = connections[i % 2]!;
        const next = connections[(i + 1) % 2]!;
        const full = batch.length === this.opts.batchSize;
        const sending = this.send(batch);
        const claimingNext = full ? marking.then(() => this.claim(next)) : Promise.resolve([] as OutboxRow[]);
        try {
          await sending;
        } catch (error) {
          await conn.query('ROLLBACK').catch(() => undefined);
          const claimed = await claimingNext.catch(() => []);
          if (claimed.length > 0) await next.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        marking = this.markPublished(conn, batch);
        total += batch.length;
        batch = await claimingNext;
        i++;
      }
    } finally {
      await marking;
    }
    return total;
  }

  /** Opens a transaction and locks the oldest unpublished rows; commits at once when there are none. */
  private async claim(client: Client): Promise<OutboxRow[]> {
    await client.query('BEGIN');
    try {
      const { rows } = await client.query<OutboxRow>(
        `SELECT seq, aggregate_id, topic, payload, headers FROM ${this.table}
         WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.opts.batchSize],
      );
      if (rows.length === 0) await client.query('COMMIT');
      return rows;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    try {
      await this.producer!.sendBatch({ topicMessages: byTopic(rows), acks: -1 });
    } catch (error) {
      throw new PublishError((error as Error).message);
    }
  }

  private async markPublished(client: Client, rows: OutboxRow[]): Promise<void> {
    await client.query(`UPDATE ${this.table} SET published_at = now() WHERE seq = ANY($1::bigint[])`, [
      rows.map((r) => r.seq),
    ]);
    await client.query('COMMIT');
    this.metrics?.published.inc({ schema: this.opts.schema }, rows.length);
    this.metrics?.batchSize.observe({ schema: this.opts.schema }, rows.length);
  }

  /** At most once a second: the relay catches up after nearly every batch under steady load. */
  private async refreshBacklog(client: Client): Promise<void> {
    if (!this.metrics || Date.now() - this.lastBacklogRefresh < 1_000) return;
    this.lastBacklogRefresh = Date.now();
    const { rows } = await client.query<{ rows: string; age: number | null }>(
      `SELECT count(*) AS rows, extract(epoch FROM now() - min(created_at))::float8 AS age
       FROM ${this.table} WHERE published_at IS NULL`,
    );
    this.metrics.backlog.set({ schema: this.opts.schema }, Number(rows[0]?.rows ?? 0));
    this.metrics.oldestAge.set({ schema: this.opts.schema }, rows[0]?.age ?? 0);
  }

  private async prune(client: Client): Promise<void> {
    if (Date.now() - this.lastPrune < this.opts.pruneIntervalMs) return;
    this.lastPrune = Date.now();
    // Published rows are (nearly) a prefix of seq order: walk the primary key from the start, below
    // the oldest unpublished row, instead of keeping another index on published_at.
    await client.query(
      `DELETE FROM ${this.table} WHERE seq IN (
         SELECT seq FROM ${this.table}
         WHERE seq < (SELECT coalesce(min(seq), 9223372036854775807) FROM ${this.table} WHERE published_at IS NULL)
           AND published_at < now() - make_interval(hours => $1)
         ORDER BY seq LIMIT 10000)`,
      [this.opts.retentionHours],
    );
  }

  private setLeader(leader: boolean): void {
    this.leader = leader;
    this.metrics?.leader.set({ schema: this.opts.schema }, leader ? 1 : 0);
  }
}

class PublishError extends Error {}
