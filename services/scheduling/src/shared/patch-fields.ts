import { ValidateIf } from 'class-validator';

/**
 * For PATCH bodies: the field may be left out, but when present it is validated (so `null` is
 * refused). `@IsOptional()` would let `null` through to a NOT NULL column.
 */
export const UnlessAbsent = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

/**
 * The fields a PATCH body actually set. DTO instances define every declared field (undefined when
 * absent), and an undefined must mean "leave as is", never "clear".
 */
export function definedChanges<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as Partial<T>;
}
