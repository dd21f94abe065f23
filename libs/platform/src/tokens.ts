/** Injection token for the service's validated configuration object. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** Injection token for the event topics a service publishes to or reads from (created at start). */
export const EVENT_TOPICS = Symbol('EVENT_TOPICS');

/** Injection token for the service's own schema (DatabaseParts.schema). */
export const SERVICE_SCHEMA = Symbol('SERVICE_SCHEMA');
