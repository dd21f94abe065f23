import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { STALE_EVENT, type ConsumedEvent, type HandlerResult } from '../consumed-event';
import { EventHandler } from './event-handler.decorator';
import { EventHandlerExplorer } from './event-handler-explorer';

interface Config {
  IMPORT_TOPIC: string;
  GROUP: string;
}

@Injectable()
class Handlers {
  @EventHandler('fixed.topic.v1', { group: 'fixed-group' })
  async fixed(): Promise<void> {}

  @EventHandler((config: Config) => config.IMPORT_TOPIC, {
    group: (config: Config) => config.GROUP,
    eventTypes: ['a'],
  })
  async fromConfigA(): Promise<void> {}

  @EventHandler((config: Config) => config.IMPORT_TOPIC, {
    group: (config: Config) => config.GROUP,
    eventTypes: ['b'],
  })
  async fromConfigB(): Promise<void> {}
}

@Module({ imports: [DiscoveryModule], providers: [EventHandlerExplorer, Handlers] })
class ExplorerApp {}

describe('EventHandlerExplorer', () => {
  let app: INestApplicationContext;

  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(ExplorerApp, { logger: false });
  });

  afterAll(async () => {
    await app.close();
  });

  it('reads topics and groups given as functions from the config; literals stay as they are', () => {
    const consumers = app
      .get(EventHandlerExplorer)
      .explore({ IMPORT_TOPIC: 'test.x.import.v1', GROUP: 'importer-x' } satisfies Config);
    expect(
      consumers.map(({ topic, group, eventTypes, methods }) => ({ topic, group, eventTypes, methods })),
    ).toEqual([
      { topic: 'fixed.topic.v1', group: 'fixed-group', eventTypes: undefined, methods: ['Handlers.fixed'] },
      {
        topic: 'test.x.import.v1',
        group: 'importer-x',
        eventTypes: ['a', 'b'],
        methods: ['Handlers.fromConfigA', 'Handlers.fromConfigB'],
      },
    ]);
  });

  it('refuses a name read from the config when the module got none, naming the method', () => {
    expect(() => app.get(EventHandlerExplorer).explore()).toThrow(
      /@EventHandler topic of Handlers\.fromConfigA is read from the service configuration/,
    );
  });

  it('refuses an empty name read from the config', () => {
    expect(() => app.get(EventHandlerExplorer).explore({ IMPORT_TOPIC: '', GROUP: 'g' })).toThrow(
      /topic of Handlers\.fromConfigA read from the service configuration is empty/,
    );
  });
});

@Injectable()
class SharedGroupHandlers {
  @EventHandler('first.topic.v1', { group: 'one-group' })
  async first(): Promise<void> {}

  @EventHandler('second.topic.v1', { group: 'one-group' })
  async second(): Promise<void> {}
}

@Module({ imports: [DiscoveryModule], providers: [EventHandlerExplorer, SharedGroupHandlers] })
class SharedGroupApp {}

describe('EventHandlerExplorer with one group on two topics', () => {
  it('refuses to start: the group would leave one topic unread', async () => {
    const app = await NestFactory.createApplicationContext(SharedGroupApp, { logger: false });
    try {
      expect(() => app.get(EventHandlerExplorer).explore()).toThrow(
        'consumer group "one-group" of SharedGroupHandlers.second already reads topic "first.topic.v1"',
      );
    } finally {
      await app.close();
    }
  });
});

@Injectable()
class VersionedHandlers {
  @EventHandler('versioned.topic.v1', { group: 'versioned', eventTypes: ['a', 'b'] })
  async alwaysStale(): Promise<HandlerResult> {
    return STALE_EVENT;
  }

  @EventHandler('versioned.topic.v1', { group: 'versioned', eventTypes: ['b'] })
  async applies(): Promise<HandlerResult> {}
}

@Module({ imports: [DiscoveryModule], providers: [EventHandlerExplorer, VersionedHandlers] })
class VersionedApp {}

describe('EventHandlerExplorer merging the answers of one group', () => {
  it('answers STALE_EVENT only when every method that took the event found it stale', async () => {
    const app = await NestFactory.createApplicationContext(VersionedApp, { logger: false });
    try {
      const [consumer] = app.get(EventHandlerExplorer).explore();
      const eventOf = (type: string) => ({ envelope: { type } }) as ConsumedEvent;
      const tx = {} as never;
      expect(await consumer!.handler(eventOf('a'), tx)).toBe(STALE_EVENT);
      expect(await consumer!.handler(eventOf('b'), tx)).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
