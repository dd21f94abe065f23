export * from './domain-error';
export * from './error-kinds';
export * from './problem-details';
export * from './http-error-translation';
export * from './problem-details.filter';
export * from './validation.pipe';
export * from './event-failure';
export * from './error-description';
