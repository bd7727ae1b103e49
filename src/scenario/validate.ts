import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export interface Violation {
  path: string;
  rule: string;
}

/**
 * Validates a plain object against a class-validator class and returns each
 * violation with its dotted path (`stations.desk.servers`) and its rule. Unknown
 * keys are violations too: a typo in a scenario must not pass silently.
 */
export function validatePlain<T extends object>(
  cls: ClassConstructor<T>,
  plain: unknown,
  path: string,
): { value: T; violations: Violation[] } {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    return {
      value: undefined as unknown as T,
      violations: [{ path, rule: 'must be a mapping (key: value pairs)' }],
    };
  }
  const value = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = validateSync(value, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
  });
  return { value, violations: flatten(errors, path) };
}

function flatten(errors: ValidationError[], prefix: string): Violation[] {
  const out: Violation[] = [];
  for (const err of errors) {
    const path = prefix ? `${prefix}.${err.property}` : err.property;
    for (const [kind, message] of Object.entries(err.constraints ?? {})) {
      out.push({
        path,
        rule:
          kind === 'whitelistValidation'
            ? 'is not a known key'
            : message.replace(/^\S+\s/, (m) => (m.trim() === err.property ? '' : m)),
      });
    }
    if (err.children?.length) out.push(...flatten(err.children, path));
  }
  return out;
}
