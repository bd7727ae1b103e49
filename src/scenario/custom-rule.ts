import { registerDecorator } from 'class-validator';

/**
 * A one-off class-validator rule: `@Rule('isDurationLike', 'must be ...', (v) => ...)`.
 * Parameter classes use it for values that no built-in decorator describes.
 */
export function Rule(
  name: string,
  message: string,
  validate: (value: unknown) => boolean,
): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message },
      validator: { validate },
    });
}
