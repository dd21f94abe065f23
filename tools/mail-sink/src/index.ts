export * from './smtp-sink';
export * from './http-sink';
export * from './self-signed';
