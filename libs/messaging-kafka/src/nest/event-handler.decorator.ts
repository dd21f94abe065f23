import 'reflect-metadata';

export const EVENT_HANDLER_METADATA = 'carebus:messaging:event-handlers';

export interface EventHandlerOptions {
  /** Consumer group; one runner (and one inbox consumer name) per topic and group. */
  group: string;
  /** Only these CloudEvents types reach this method; all types when omitted. */
  eventTypes?: string[];
}

export interface EventHandlerBinding extends EventHandlerOptions {
  topic: string;
}

/**
 * Marks a provider method `(event: ConsumedEvent, tx: Tx) => Promise<void>` as the handler of a
 * topic for a consumer group. The method runs inside the runner's transaction, acting for the
 * event's clinic: write effects (and outbox events) through `tx`; throw to retry; a DomainError
 * whose kind says `dead_letter` (ON_EVENT_FAILURE in @carebus/errors) goes to the DLQ at once.
 */
export function EventHandler(topic: string, options: EventHandlerOptions): MethodDecorator {
  return (_target, _key, descriptor) => {
    const method = descriptor.value as object;
    const bindings: EventHandlerBinding[] = Reflect.getMetadata(EVENT_HANDLER_METADATA, method) ?? [];
    Reflect.defineMetadata(EVENT_HANDLER_METADATA, [...bindings, { topic, ...options }], method);
    return descriptor;
  };
}
