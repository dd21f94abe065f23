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
 * Marks a provider method `(event: ConsumedEvent, manager: EntityManager) => Promise<void>` as the
 * handler of a topic for a consumer group. The method runs inside the runner's transaction: write
 * effects (and outbox events) through `manager`, throw to retry, throw NonRetryableError to DLQ.
 */
export function EventHandler(topic: string, options: EventHandlerOptions): MethodDecorator {
  return (_target, _key, descriptor) => {
    const method = descriptor.value as object;
    const bindings: EventHandlerBinding[] = Reflect.getMetadata(EVENT_HANDLER_METADATA, method) ?? [];
    Reflect.defineMetadata(EVENT_HANDLER_METADATA, [...bindings, { topic, ...options }], method);
    return descriptor;
  };
}
