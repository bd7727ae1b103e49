import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { didYouMean } from './suggest';

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

/** The keys a class-validator class knows (for "did you mean"). */
function knownKeys(target: object | undefined): string[] {
  const ctor = (target as { constructor?: ClassConstructor<object> } | undefined)?.constructor;
  if (!ctor || ctor === Object) return [];
  const metas = getMetadataStorage().getTargetValidationMetadatas(ctor, '', true, false);
  return [...new Set(metas.map((m) => m.propertyName))];
}

function flatten(errors: ValidationError[], prefix: string): Violation[] {
  const out: Violation[] = [];
  for (const err of errors) {
    const path = prefix ? `${prefix}.${err.property}` : err.property;
    const constraints = Object.entries(err.constraints ?? {});
    if (
      err.value === undefined &&
      constraints.length &&
      !('whitelistValidation' in (err.constraints ?? {}))
    ) {
      // A missing key: say so, and what it must be (the first rule), once.
      out.push({ path, rule: `is required (${stripProperty(constraints[0][1], err.property)})` });
    } else {
      const rules = new Set<string>();
      for (const [kind, message] of constraints) {
        rules.add(
          kind === 'whitelistValidation'
            ? `is not a known key${didYouMean(err.property, knownKeys(err.target))}`
            : stripProperty(message, err.property),
        );
      }
      for (const rule of rules) out.push({ path, rule });
    }
    if (err.children?.length) out.push(...flatten(err.children, path));
  }
  return out;
}

/** class-validator's default messages start with the property name; the path says it already. */
function stripProperty(message: string, property: string): string {
  return message.replace(/^\S+\s/, (m) => (m.trim() === property ? '' : m));
}
