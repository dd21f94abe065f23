import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { STALE_EVENT, type ConsumedEvent, type EventHandlerFn } from '../consumed-event';
import {
  EVENT_HANDLER_METADATA,
  resolveHandlerName,
  type EventHandlerBinding,
} from './event-handler.decorator';

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
  topic: string;
  group: string;
  eventTypes?: string[];
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

  /** `config`: the service's configuration, for topics and groups given as functions of it. */
  explore(config?: unknown): DiscoveredConsumer[] {
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
          const where = `of ${wrapper.name}.${name}`;
          const topic = resolveHandlerName(binding.topic, config, `topic ${where}`);
          const group = resolveHandlerName(binding.group, config, `group ${where}`);
          const key = `${topic}\u0000${group}`;
          const call = method.bind(instance) as EventHandlerFn;
          byRunner.set(key, [
            ...(byRunner.get(key) ?? []),
            {
              topic,
              group,
              ...(binding.eventTypes ? { eventTypes: binding.eventTypes } : {}),
              name: `${wrapper.name}.${name}`,
              call,
            },
          ]);
        }
      }
    }
    const consumers = [...byRunner.values()].map(mergeMethods);
    refuseSharedGroups(consumers);
    return consumers;
  }
}

/**
 * One consumer group per topic: each (topic, group) gets its own runner, and two runners of one
 * group on different topics would be one group whose members subscribe to different topics,
 * which the group's partition assignment does not honour (partitions of one topic go to a member
 * that only reads the other, and are never consumed). Refused at start instead.
 */
function refuseSharedGroups(consumers: DiscoveredConsumer[]): void {
  const topicOf = new Map<string, string>();
  for (const { topic, group, methods } of consumers) {
    const other = topicOf.get(group);
    if (other !== undefined && other !== topic) {
      throw new Error(
        `consumer group "${group}" of ${methods.join(', ')} already reads topic "${other}": ` +
          `give the handler of "${topic}" a group of its own (e.g. "${group}-<feature>")`,
      );
    }
    topicOf.set(group, topic);
  }
}

function mergeMethods(methods: BoundMethod[]): DiscoveredConsumer {
  const { topic, group } = methods[0]!;
  const takesAll = methods.some((m) => !m.eventTypes);
  const wants = (m: BoundMethod, event: ConsumedEvent) =>
    !m.eventTypes || m.eventTypes.includes(event.envelope.type);
  return {
    topic,
    group,
    ...(takesAll ? {} : { eventTypes: [...new Set(methods.flatMap((m) => m.eventTypes ?? []))] }),
    methods: methods.map((m) => m.name),
    // Methods of one group share the event's transaction and inbox claim: all apply, or none.
    // The event is stale when every method that took it found it stale.
    handler: async (event, tx) => {
      let called = 0;
      let stale = 0;
      for (const method of methods) {
        if (!wants(method, event)) continue;
        called++;
        if ((await method.call(event, tx)) === STALE_EVENT) stale++;
      }
      return called > 0 && stale === called ? STALE_EVENT : undefined;
    },
  };
}
