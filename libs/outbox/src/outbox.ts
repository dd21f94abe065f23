import { v7 as uuidv7 } from 'uuid';
import { encodeEnvelopeHeaders } from '@carebus/contracts';
import { join, raw, sql, type Sql, type Transaction } from '@carebus/persistence';
import { activeTraceHeaders } from './trace-propagation';

/** Inserts of up to this many events run as named prepared statements. */
const PREPARED_UP_TO = 4;
/**
 * Larger batches go in as prepared statements of this many rows (and one for the rest): parsing
 * and planning a 500-row VALUES list on every call cost PostgreSQL ≈ 9 µs per event more than
 * binding a prepared one. Bounded, because each prepared size stays in every pooled connection
 * (≈ 460 KiB for 100 rows, ≈ 1.9 MiB for 500; benchmarks/README.md).
 */
const BULK_ROWS = 100;

/** What a use case hands to the outbox: the event's identity, its key and its protobuf bytes. */
export interface OutboxEvent {
  /** CloudEvents type, e.g. `carebus.scheduling.appointment.booked.v1`. */
  type: string;
  topic: string;
  aggregateType: string;
  /** Kafka key: one aggregate's events stay in one partition, in order. */
  aggregateId: string;
  clinicId: string;
  payload: Uint8Array;
  /** Defaults to `<aggregateType>/<aggregateId>`. */
  subject?: string;
  /** Defaults to a new UUID v7. */
  id?: string;
  time?: Date;
}

export interface OutboxOptions {
  schema: string;
  /** CloudEvents source of this service, e.g. `/carebus/scheduling`. */
  source: string;
}

/**
 * Adds events to the service's outbox inside the caller's transaction, so the state change and
 * its event commit together or not at all. The relay publishes them later.
 */
export class Outbox {
  constructor(private readonly options: OutboxOptions) {}

  async add(tx: Transaction, event: OutboxEvent): Promise<string> {
    const [id] = await this.addAll(tx, [event]);
    return id!;
  }

  /** Only inside a transaction (a `Transaction` is one): the events commit with the state change. */
  async addAll(tx: Transaction, events: OutboxEvent[]): Promise<string[]> {
    const ids: string[] = [];
    // In order, so the events keep their order in `seq`.
    for (let start = 0; start < events.length; start += BULK_ROWS) {
      const part = events.slice(start, start + BULK_ROWS);
      const { statement, ids: partIds } = this.statementFor(part);
      // The common shapes (one to a few events, and full bulk parts) are prepared once per connection.
      await tx.execute(statement, { prepared: part.length <= PREPARED_UP_TO || part.length === BULK_ROWS });
      ids.push(...partIds);
    }
    return ids;
  }

  /**
   * The INSERT that adds these events, for a caller that runs it together with its state change
   * in one statement (`together`) inside its transaction; the event ids come with it.
   */
  statementFor(events: OutboxEvent[]): { statement: Sql; ids: string[] } {
    const trace = activeTraceHeaders();
    const ids: string[] = [];
    const rows = events.map((event) => {
      const id = event.id ?? uuidv7();
      ids.push(id);
      const headers = encodeEnvelopeHeaders({
        id,
        type: event.type,
        source: this.options.source,
        time: event.time ?? new Date(),
        subject: event.subject ?? `${event.aggregateType}/${event.aggregateId}`,
        clinicId: event.clinicId,
        dataContentType: 'application/protobuf',
        ...trace,
      });
      const payload = Buffer.from(event.payload.buffer, event.payload.byteOffset, event.payload.byteLength);
      return sql`(${id}, ${event.clinicId}, ${event.aggregateType}, ${event.aggregateId}, ${event.type}, ${event.topic}, ${payload}, ${headers})`;
    });
    const statement = sql`INSERT INTO ${raw(this.options.schema)}.outbox
         (id, clinic_id, aggregate_type, aggregate_id, event_type, topic, payload, headers)
       VALUES ${join(rows, ', ')}`;
    return { statement, ids };
  }
}
