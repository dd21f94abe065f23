export * from './outbox-tables.migration';
export * from './outbox';
export * from './inbox';
export * from './outbox-relay';
export * from './outbox-metrics';
export * from './outbox.module';
export * from './trace-propagation';
