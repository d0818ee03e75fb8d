import { registerDecorator, type ValidationOptions } from 'class-validator';

const known = new Set(Intl.supportedValuesOf('timeZone'));
known.add('UTC');

/** An IANA time zone name this runtime knows, e.g. `Europe/Riga`. */
export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: `${String(propertyKey)} must be an IANA time zone such as Europe/Riga`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && known.has(value) },
    });
}
