import 'reflect-metadata';

export const EVENT_HANDLER_METADATA = 'carebus:messaging:event-handlers';

/**
 * A topic or consumer group name: a literal, or a function of the service's configuration
 * (KafkaMessagingOptions.config), read when the handlers start, so a deployment or a test can
 * give the handler other names without another decorator.
 */
export type HandlerName<C = never> = string | ((config: C) => string);

export interface EventHandlerOptions<C = never> {
  /** Consumer group; one runner (and one inbox consumer name) per topic and group. */
  group: HandlerName<C>;
  /** Only these CloudEvents types reach this method; all types when omitted. */
  eventTypes?: string[];
}

/** What the decorator records; names still unresolved when given as functions of the config. */
export interface EventHandlerBinding {
  topic: HandlerName<never>;
  group: HandlerName<never>;
  eventTypes?: string[];
}

/**
 * Marks a provider method `(event: ConsumedEvent, tx: Tx) => Promise<HandlerResult>` as the
 * handler of a topic for a consumer group. The method runs inside the runner's transaction, acting
 * for the event's clinic: write effects (and outbox events) through `tx`; throw to retry; a
 * DomainError whose kind says `dead_letter` (ON_EVENT_FAILURE in @carebus/errors) goes to the DLQ
 * at once; answer `STALE_EVENT` for an event older than the aggregate version held.
 * Topic and group are literals or functions of the service's configuration, e.g.
 * `@EventHandler((c: MyConfig) => c.MY_TOPIC, { group: (c: MyConfig) => c.MY_GROUP })`.
 */
export function EventHandler<C = never>(
  topic: HandlerName<C>,
  options: EventHandlerOptions<C>,
): MethodDecorator {
  return (_target, _key, descriptor) => {
    const method = descriptor.value as object;
    const bindings: EventHandlerBinding[] = Reflect.getMetadata(EVENT_HANDLER_METADATA, method) ?? [];
    const binding = { topic, ...options } as EventHandlerBinding;
    Reflect.defineMetadata(EVENT_HANDLER_METADATA, [...bindings, binding], method);
    return descriptor;
  };
}

/** The name itself, or the function's answer for `config`; fails clearly when there is no config. */
export function resolveHandlerName(name: HandlerName<never>, config: unknown, what: string): string {
  if (typeof name === 'string') return name;
  if (config === undefined) {
    throw new Error(
      `an @EventHandler ${what} is read from the service configuration, but KafkaMessagingModule got no config`,
    );
  }
  const resolved = (name as (config: unknown) => unknown)(config);
  if (typeof resolved !== 'string' || resolved === '') {
    throw new Error(`an @EventHandler ${what} read from the service configuration is empty`);
  }
  return resolved;
}
