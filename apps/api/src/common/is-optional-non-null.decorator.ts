import { ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * Skips the other validators of a property only when it is absent. class-validator's IsOptional
 * also skips them for null, which lets null reach handlers that expect a value, so a property
 * that is not nullable uses this decorator instead.
 */
export function IsOptionalNonNull(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}
