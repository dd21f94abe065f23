export * from './outbox-tables.migration';
export * from './outbox';
export * from './outbox-event-of';
export * from './inbox';
export * from './outbox-relay';
export * from './relay-timeouts';
export * from './outbox-metrics';
export * from './outbox.module';
export * from './trace-propagation';
// Delivery-test kit (kill tests, benchmarks): sequenced load, a consumer that checks it.
export * from './testing/sequence-checker';
export * from './testing/sequence-load';
export * from './testing/sequence-consumer';
