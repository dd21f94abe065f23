import {
  type ArgumentMetadata,
  ValidationPipe,
  type ValidationError as ClassValidatorError,
} from '@nestjs/common';
import { ValidationError, type FieldError } from './domain-error';
import { nulCharacterErrors } from './nul-characters';

function flatten(errors: ClassValidatorError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * class-validator's pipe that first refuses a NUL character anywhere in what the client sent:
 * body, query and path parameters, a gRPC payload (Nest hands it over as `body`), with or without
 * a DTO. Values of custom decorators (the principal, the clinic id) come from the token, not the
 * client, and are not checked.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const errors = nulCharacterErrors(value, metadata.data ?? '');
      if (errors.length > 0) throw new ValidationError(errors);
    }
    return super.transform(value, metadata);
  }
}

/** DTO validation that fails with `validation.failed` and lists every bad field. */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationError(flatten(errors)),
  });
}
