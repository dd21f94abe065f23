import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { ConsumedEvent, EventHandlerFn } from '../consumed-event';
import { EVENT_HANDLER_METADATA, type EventHandlerBinding } from './event-handler.decorator';

/** Every decorated method of one (topic, group), merged into one handler for one runner. */
export interface DiscoveredConsumer {
  topic: string;
  group: string;
  /** Union of the methods' types; undefined when any method takes every type. */
  eventTypes?: string[];
  handler: EventHandlerFn;
  /** `Provider.method` names, for logs. */
  methods: string[];
}

interface BoundMethod {
  binding: EventHandlerBinding;
  name: string;
  call: EventHandlerFn;
}

/** Finds `@EventHandler` methods on the app's singleton providers. */
@Injectable()
export class EventHandlerExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  explore(): DiscoveredConsumer[] {
    const byRunner = new Map<string, BoundMethod[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[name];
        if (typeof method !== 'function') continue;
        const bindings: EventHandlerBinding[] | undefined = Reflect.getMetadata(
          EVENT_HANDLER_METADATA,
          method,
        );
        for (const binding of bindings ?? []) {
          const key = `${binding.topic}\u0000${binding.group}`;
          const call = method.bind(instance) as EventHandlerFn;
          byRunner.set(key, [
            ...(byRunner.get(key) ?? []),
            { binding, name: `${wrapper.name}.${name}`, call },
          ]);
        }
      }
    }
    return [...byRunner.values()].map(mergeMethods);
  }
}

function mergeMethods(methods: BoundMethod[]): DiscoveredConsumer {
  const { topic, group } = methods[0]!.binding;
  const takesAll = methods.some((m) => !m.binding.eventTypes);
  const wants = (m: BoundMethod, event: ConsumedEvent) =>
    !m.binding.eventTypes || m.binding.eventTypes.includes(event.envelope.type);
  return {
    topic,
    group,
    ...(takesAll ? {} : { eventTypes: [...new Set(methods.flatMap((m) => m.binding.eventTypes ?? []))] }),
    methods: methods.map((m) => m.name),
    // Methods of one group share the event's transaction and inbox claim: all apply, or none.
    handler: async (event, tx) => {
      for (const method of methods) {
        if (wants(method, event)) await method.call(event, tx);
      }
    },
  };
}
