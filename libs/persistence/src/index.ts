export * from './sql';
export * from './transaction';
export * from './run-transaction';
export * from './tenant-scope';
export * from './database-errors';
export * from './statement-names';
export * from './keyset-page';
export * from './uuid';
