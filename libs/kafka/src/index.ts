export * from './kafkajs';
export * from './kafka-client';
export * from './kafka-security';
export * from './idempotent-producer';
export * from './topic-provisioner';
