export * from './tracing';
export * from './trace-context';
export * from './logger.module';
export * from './metrics';
export * from './log-redaction';
export * from './phi-safe-span-processor';
export * from './registered-metric';
