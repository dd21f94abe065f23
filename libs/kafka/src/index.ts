export * from './kafkajs';
export * from './kafka-client';
export * from './idempotent-producer';
export * from './topic-provisioner';
