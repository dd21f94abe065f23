import type { DataSourceOptions } from 'typeorm';

/** TypeORM entities of this service; features add theirs here. */
export const ENTITIES: NonNullable<DataSourceOptions['entities']> = [];
