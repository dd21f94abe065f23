import { Client } from 'pg';
import { idempotentProducer, type Kafka, type Producer } from '@carebus/kafka';
import type { Registry } from 'prom-client';
import { OutboxMetrics } from './outbox-metrics';
import { byTopic, CLAIMED_COLUMNS, toOutboxRow, type ClaimedColumns, type OutboxRow } from './outbox-row';
import { DEFAULT_RELAY_TIMEOUTS, relaySessionOptions, type RelayTimeouts } from './relay-timeouts';
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
  /** Rows per Kafka produce request (`sendBatch`). */
  batchSize?: number;
  /**
   * Rows claimed per statement, sent as consecutive batches of `batchSize` (default 8 batches).
   * A claim's statement is far cheaper per row than a produce request's encoding, but its round
   * trip waits behind that encoding on the one event loop: claiming several batches at once keeps
   * the next rows ready before the broker acknowledges the current ones (benchmarks/README.md).
   */
  claimSize?: number;
  /** Fallback poll when no NOTIFY arrives (e.g. a notification lost across a reconnect). */
  pollIntervalMs?: number;
  /** How often a standby replica tries to become the active relay. */
  standbyRetryMs?: number;
  /** Published rows are deleted after this many hours. */
  retentionHours?: number;
  pruneIntervalMs?: number;
  metrics?: Registry;
  logger?: RelayLogger;
  /** Bounds on a dead, stalled or half-open connection; see `takeoverBoundMs`. */
  timeouts?: Partial<RelayTimeouts>;
}

const PRUNE_CHUNK = 10_000;
const PIPELINE_CONNECTIONS = 2;

const silent: RelayLogger = { info: () => undefined, warn: () => undefined };
const APPLICATION_NAME = 'outbox-relay';

/**
 * Publishes outbox rows to Kafka. One active relay per schema holds a session advisory lock;
 * other replicas stand by and take over when its session ends (crash, kill -9, network loss),
 * so one aggregate's events leave in `seq` order. Rows are marked published only after the
 * broker acknowledged them (acks=-1, idempotent producer): a crash in between re-sends the
 * batch, which consumers absorb through their inbox.
 *
 * Fencing: the lock lives in the leader connection's session, but claims also run on a second
 * connection. Every claim statement (and a check before every send) asks `pg_locks` whether the
 * leader connection's backend — its pid and start time, so a reused pid does not pass — still
 * holds the lock; a relay that lost it rolls back what it claimed and contends again. Chosen over
 * a fencing epoch in `outbox_relay_state`: no migration, no extra write per takeover, and the lock
 * is the single truth (an epoch could only mirror it). A new leader first waits until no other
 * relay connection holds a claim transaction on the outbox (`awaitPredecessor`): SKIP LOCKED
 * would otherwise pass the old leader's still-locked rows and send later rows of their aggregates
 * first. Duplicates are possible across a takeover, reordering is not.
 */
export class OutboxRelay {
  private readonly opts: Required<Omit<OutboxRelayOptions, 'metrics' | 'logger' | 'claimSize' | 'timeouts'>>;
  readonly timeouts: RelayTimeouts;
  private readonly claimSize: number;
  private readonly metrics: OutboxMetrics | undefined;
  private readonly log: RelayLogger;
  private readonly wake = new WakeSignal();
  private stopping = false;
  private loop: Promise<void> | undefined;
  private clients: Client[] = [];
  private producer: Producer | undefined;
  private lastPrune = 0;
  private lastBacklogRefresh = 0;
  /** The leader connection's backend (pid, start time as text), which must hold the lock. */
  private fence: [number, string] | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  leader = false;
  /** Rows this relay marked published (committed after the broker's ack) since it was created. */
  publishedRows = 0;

  constructor(options: OutboxRelayOptions) {
    this.opts = {
      batchSize: 500,
      pollIntervalMs: 2_000,
      standbyRetryMs: 1_000,
      retentionHours: 24,
      pruneIntervalMs: 60_000,
      ...options,
    };
    this.timeouts = { ...DEFAULT_RELAY_TIMEOUTS, ...options.timeouts };
    this.claimSize = Math.max(this.opts.batchSize, options.claimSize ?? 8 * this.opts.batchSize);
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
        if (error instanceof LeadershipLost) this.metrics?.leadershipLost.inc({ schema: this.opts.schema });
        this.log.warn('outbox relay session failed; reconnecting', {
          error: (error as Error).message,
          backoffMs: backoff,
        });
        await this.wake.wait(backoff);
        backoff = Math.min(backoff * 2, 5_000);
      } finally {
        this.setLeader(false);
        clearInterval(this.heartbeat);
        this.fence = undefined;
        const clients = this.clients;
        this.clients = [];
        await Promise.all(clients.map(close));
      }
    }
  }

  /** One database session: contend for leadership, then publish until stopped or the session breaks. */
  private async session(): Promise<void> {
    const client = this.connect();
    client.on('notification', () => this.wake.fire());
    await this.open(client);
    while (!this.stopping && !(await this.tryLead(client))) {
      await this.refreshBacklog(client);
      await this.wake.wait(this.opts.standbyRetryMs);
    }
    if (this.stopping) return;
    this.setLeader(true);
    this.log.info('outbox relay is active', { schema: this.opts.schema });
    const { rows } = await client.query<{ pid: number; started: string }>(
      `SELECT pid, backend_start::text AS started FROM pg_stat_activity WHERE pid = pg_backend_pid()`,
    );
    this.fence = [rows[0]!.pid, rows[0]!.started];
    await this.awaitPredecessor(client);
    await client.query(`LISTEN "${this.opts.schema}_outbox"`);
    // More connections let the next batches be claimed while the current one is on the wire.
    // Measured: a third one (two batches claimed ahead) did not help on 2 cores (benchmarks/).
    const connections = [client];
    while (connections.length < PIPELINE_CONNECTIONS) {
      const next = this.connect();
      await this.open(next);
      connections.push(next);
    }
    // Every connection answers something at least every third of the idle timeout, so PostgreSQL
    // ends only sessions whose relay went silent (also those idle in a claim during a slow send).
    // Only a connection with nothing in flight: a statement of the relay's own already counts.
    this.heartbeat = setInterval(() => {
      for (const c of connections) {
        if ((c as unknown as { readyForQuery?: boolean }).readyForQuery !== true) continue;
        c.query('SELECT 1').catch(() => this.wake.fire());
      }
    }, this.timeouts.idleTimeoutMs / 3);
    this.producer ??= await this.connectProducer();
    let sendBackoff = 100;
    while (!this.stopping) {
      let published: number;
      try {
        published = await this.publishPipelined(connections);
        sendBackoff = 100;
      } catch (error) {
        if (!(error instanceof PublishError)) throw error;
        this.metrics?.publishFailures.inc({ schema: this.opts.schema });
        // The topics tell an operator what to look at: a topic nobody created holds up every
        // event behind it (order is kept), until it exists (docs/operations.md).
        this.log.warn('broker did not acknowledge a batch; it stays in the outbox', {
          error: error.message,
          topics: error.topics,
          retryInMs: sendBackoff,
        });
        // The backlog gauges keep moving during an outage: they are what the alert watches.
        await this.refreshBacklog(client);
        await this.wake.wait(sendBackoff);
        sendBackoff = Math.min(sendBackoff * 2, 5_000);
        continue;
      }
      if (published === 0 || published % this.claimSize !== 0) {
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

  /**
   * Waits until no other relay connection holds a claim transaction on this outbox (its UPDATE
   * holds RowExclusiveLock on the table until it ends). Any claim that began before this relay
   * took the lock shows here; one that begins later finds the lock taken by another backend in
   * its own statement (the table lock is taken before the fence is evaluated) and claims nothing.
   * Bounded by the other relay's timeouts: its rollback on a failed fence check, its own wait for
   * an answer, or PostgreSQL ending its silent session.
   */
  private async awaitPredecessor(client: Client): Promise<void> {
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.relation = $1::regclass AND l.mode = 'RowExclusiveLock' AND l.granted
           AND a.application_name = $2 AND l.pid <> pg_backend_pid()`,
        [this.table, APPLICATION_NAME],
      );
      if (rows[0]?.n === 0) return;
      if (this.stopping) throw new Error('stopping');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SQL that is true while the leader connection's backend holds the relay lock ($2, $3 = fence). */
  private get fenceSql(): string {
    return `EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext('${this.table}:relay')::bigint
        AND l.pid = $2 AND a.backend_start = $3::timestamptz)`;
  }

  /** Before each send: a relay that lost the lock sends nothing more (order is kept anyway). */
  private async checkFence(client: Client): Promise<void> {
    const { rows } = await client.query<{ held: boolean }>(
      `SELECT ${this.fenceSql.replace('$2', '$1').replace('$3', '$2')} AS held`,
      this.fence,
    );
    if (rows[0]?.held !== true) throw new LeadershipLost();
  }

  private async connectProducer(): Promise<Producer> {
    const producer = idempotentProducer(this.opts.kafka, {
      // Bounded, so a broker outage surfaces here and the batch is retried from the outbox.
      retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 2_000 },
    });
    await producer.connect();
    return producer;
  }

  private connect(): Client {
    const t = this.timeouts;
    const client = new Client({
      connectionString: this.opts.connectionString,
      application_name: APPLICATION_NAME,
      keepAlive: true,
      keepAliveInitialDelayMillis: t.keepAliveIdleSeconds * 1_000,
      connectionTimeoutMillis: t.statementTimeoutMs,
      // The client's own bound, for a connection that stopped answering without closing.
      query_timeout: t.statementTimeoutMs + 2_000,
      options: relaySessionOptions(t),
    });
    client.on('error', () => this.wake.fire());
    this.clients.push(client);
    return client;
  }

  /**
   * The relay's transactions only mark rows published, prune and flip the sleeping flag: it does not
   * wait for their WAL flush. If PostgreSQL itself crashes within that window (≤ 3 × wal_writer_delay)
   * the marks of the last acknowledged batches are lost and those rows are sent again — the same
   * duplicate the relay's own crash between ack and commit already causes, absorbed by the inbox.
   * Nothing can be lost: these transactions only mark rows and delete long-published ones.
   */
  private async open(client: Client): Promise<void> {
    await client.connect();
    await client.query('SET synchronous_commit = off');
  }

  /**
   * Publishes until a claim comes back short. Claims (of `claimSize` rows, sent as batches of
   * `batchSize`) are made one after the other (FOR UPDATE SKIP LOCKED, each in its own transaction,
   * claim j on connection j % n), up to n - 1 of them ahead of the one on the wire; a batch is sent
   * only after the one before it was acknowledged, so the wire order is the claim order. A claim is
   * committed (its rows marked published) after its last batch's acknowledgement, while the next
   * claim is on the wire; its connection then makes claim j + n. A failed send rolls back that
   * claim (rows of its batches already acknowledged go out again: duplicates the inbox absorbs)
   * and every claim made ahead of it.
   */
  private async publishPipelined(connections: Client[]): Promise<number> {
    const n = connections.length;
    const committed: Promise<void>[] = connections.map(() => Promise.resolve());
    const ahead: { conn: Client; rows: Promise<OutboxRow[]> }[] = [];
    let lastClaim: Promise<OutboxRow[] | undefined> = Promise.resolve(undefined);
    let j = 0;
    // Claim j starts once claim j-1 is back (and was full) and its connection's batch is committed.
    const claimNext = () => {
      const slot = j++ % n;
      const conn = connections[slot]!;
      const previous = lastClaim;
      const rows = Promise.all([previous, committed[slot]]).then(([prev]) =>
        prev === undefined || prev.length === this.claimSize ? this.claim(conn) : [],
      );
      rows.catch(() => undefined); // awaited in order below; no unhandled rejection meanwhile
      lastClaim = rows;
      ahead.push({ conn, rows });
    };
    let total = 0;
    try {
      for (let k = 0; k < n; k++) claimNext();
      for (;;) {
        const { conn, rows: claiming } = ahead.shift()!;
        const batch = await claiming;
        if (batch.length === 0) break;
        try {
          for (let i = 0; i < batch.length; i += this.opts.batchSize) {
            await this.checkFence(conn);
            await this.send(batch.slice(i, i + this.opts.batchSize));
          }
        } catch (error) {
          await conn.query('ROLLBACK').catch(() => undefined);
          for (const other of ahead.splice(0)) {
            const claimed = await other.rows.catch(() => []);
            if (claimed.length > 0) await other.conn.query('ROLLBACK').catch(() => undefined);
          }
          throw error;
        }
        const slot = connections.indexOf(conn);
        committed[slot] = this.markPublished(conn, batch);
        committed[slot].catch(() => undefined);
        total += batch.length;
        claimNext();
      }
    } finally {
      // Claims still queued behind a short batch return [] without touching the database.
      await Promise.all(ahead.map((a) => a.rows.catch(() => undefined)));
      await Promise.all(committed);
    }
    return total;
  }

  /**
   * Opens a transaction and, in one statement, locks the oldest unpublished rows (SKIP LOCKED: the
   * batch on the wire is still locked) and sets their `published_at`. The mark is visible to nobody
   * until `commit` after the broker's acknowledgement; a failed send or a crash rolls it back. One
   * statement instead of SELECT … FOR UPDATE, then UPDATE … WHERE seq = ANY(…): each row is written
   * once, one round trip less, no seq array sent back. Commits at once when there are no rows.
   * The fence is a constant condition, a one-time filter checked before any row is locked: a relay
   * that lost the lock claims nothing (and finds out at its next statement on the dead leader
   * connection, or at the check before a send).
   */
  private async claim(client: Client): Promise<OutboxRow[]> {
    await client.query('BEGIN');
    try {
      // The payload travels as base64 (a third shorter than bytea's hex, and cheaper to decode on
      // the event loop that also encodes for Kafka); rows come as arrays, straight into messages.
      const { rows } = await client.query<ClaimedColumns>({
        text: `WITH claimed AS (
           UPDATE ${this.table} SET published_at = now()
           WHERE seq = ANY(ARRAY(
             SELECT seq FROM ${this.table} WHERE published_at IS NULL AND ${this.fenceSql}
             ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED))
           RETURNING seq, aggregate_id, topic, payload, headers)
         SELECT ${CLAIMED_COLUMNS} FROM claimed ORDER BY seq`,
        values: [this.claimSize, ...this.fence!],
        rowMode: 'array',
      });
      if (rows.length === 0) await client.query('COMMIT');
      return rows.map(toOutboxRow);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no acknowledgement within ${this.timeouts.sendTimeoutMs} ms`)),
        this.timeouts.sendTimeoutMs,
      );
    });
    try {
      // A send given up on may still land later: a duplicate of the re-sent batch, which follows it.
      await Promise.race([this.producer!.sendBatch({ topicMessages: byTopic(rows), acks: -1 }), timeout]);
      this.metrics?.batchSize.observe({ schema: this.opts.schema }, rows.length);
    } catch (error) {
      throw new PublishError((error as Error).message, [...new Set(rows.map((r) => r.topic))]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Commits the claim of an acknowledged batch: only now are its rows published for everyone. */
  private async markPublished(client: Client, rows: OutboxRow[]): Promise<void> {
    await client.query('COMMIT');
    this.publishedRows += rows.length;
    this.metrics?.published.inc({ schema: this.opts.schema }, rows.length);
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
    // Published rows are (nearly) a prefix of seq order: look at the 10,000 lowest seqs only (primary
    // key, no index on published_at to keep up on every mark) and delete those published before the
    // retention; unpublished rows there have a NULL published_at and stay. A full chunk means more
    // is due: prune again at the next idle moment instead of a minute later.
    const { rowCount } = await client.query(
      `DELETE FROM ${this.table} WHERE seq = ANY(ARRAY(
         SELECT seq FROM (SELECT seq, published_at FROM ${this.table} ORDER BY seq LIMIT ${PRUNE_CHUNK}) oldest
         WHERE published_at < now() - make_interval(hours => $1)))`,
      [this.opts.retentionHours],
    );
    if (rowCount === PRUNE_CHUNK) this.lastPrune = 0;
  }

  private setLeader(leader: boolean): void {
    this.leader = leader;
    this.metrics?.leader.set({ schema: this.opts.schema }, leader ? 1 : 0);
  }
}

class PublishError extends Error {
  constructor(
    message: string,
    /** The topics of the batch the broker did not acknowledge. */
    readonly topics: string[],
  ) {
    super(message);
  }
}

/** The leader connection's backend no longer holds the relay lock: another relay may lead. */
class LeadershipLost extends Error {
  constructor() {
    super('this relay no longer holds the leader lock');
  }
}

/** Ends a connection; one that stopped answering (half-open) is destroyed instead of awaited. */
async function close(client: Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const ended = client.end().catch(() => undefined);
  const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), 1_000)));
  if ((await Promise.race([ended, late])) === 'late') {
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  }
  clearTimeout(timer);
}
