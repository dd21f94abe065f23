export * from './gen/index';
export * from './topics';
export * from './errors';
export * from './event-catalog';
export * from './cloudevents-envelope';
export * from './kafka-headers';
