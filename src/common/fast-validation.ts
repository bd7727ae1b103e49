import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';

/**
 * The accepting path of a request body, without the general machinery.
 *
 * The ValidationPipe copies a body into its class with class-transformer, then class-validator
 * groups the class's rules, builds an error object per property and runs the rules. For a body
 * that passes, all that work ends in the copy. For a class marked @DirectValidation, a body of
 * plain strings, all of them known fields, is copied and checked here instead, with the same
 * rule functions (the validator instances class-validator registered for the class's
 * decorators, with the same arguments, in the same order): when every rule passes the copy is
 * the answer, and anything else — a rule that fails or throws, a value that is not a string, an
 * unknown field — returns undefined, so the full pipe decides and words the error exactly as
 * before. The fast path can only accept what the full pipe accepts, never refuse.
 *
 * A class takes the fast path only when every rule it has is one this file runs like
 * class-validator does (custom rules, @IsOptional / @ValidateIf conditions, @Allow), none has
 * groups or `always`, and class-transformer has no decorator on it (a @Transform or @Type would
 * change the copy); otherwise every body goes the full way.
 */

const MARKED = new WeakSet<object>();

/** Lets the ValidationPipe check bodies of this class directly (see the top of this file). */
export function DirectValidation(): ClassDecorator {
  return (target) => {
    MARKED.add(target);
  };
}

type Validate = (value: unknown, args: ValidationArguments) => unknown;

interface Rule {
  validate: Validate;
  validateIf?: (object: object, value: unknown) => boolean;
  constraints: unknown[];
  property: string;
}

interface Field {
  name: string;
  conditions: ((object: object, value: unknown) => boolean)[];
  rules: Rule[];
}

interface Plan {
  fields: Field[];
  known: Set<string>;
}

const plans = new WeakMap<object, Plan | null>();

const HANDLED: ReadonlySet<string> = new Set([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.WHITELIST,
]);

type Ctor = new () => object;

/** The rules of `cls` as this file runs them, or null when it must go the full way. */
function planOf(cls: Ctor): Plan | null {
  const known = plans.get(cls);
  if (known !== undefined) return known;
  const plan = compile(cls);
  plans.set(cls, plan);
  return plan;
}

function compile(cls: Ctor): Plan | null {
  const storage = getMetadataStorage();
  // As class-validator's executor asks for them (no groups, no `always`, no schema).
  const metadatas = storage.getTargetValidationMetadatas(
    cls,
    undefined as unknown as string,
    false,
    false,
    undefined,
  );
  if (metadatas.length === 0) return null;
  const byName = new Map<string, Field>();
  for (const m of metadatas) {
    if (!HANDLED.has(m.type) || m.always || (m.groups && m.groups.length > 0)) return null;
    if (m.propertyName === '__proto__' || m.propertyName === 'constructor') return null;
    let field = byName.get(m.propertyName);
    if (!field) {
      field = { name: m.propertyName, conditions: [], rules: [] };
      byName.set(m.propertyName, field);
    }
    if (m.type === ValidationTypes.CONDITIONAL_VALIDATION)
      field.conditions.push(m.constraints[0] as (object: object, value: unknown) => boolean);
    else if (m.type === ValidationTypes.CUSTOM_VALIDATION) {
      for (const c of storage.getTargetValidatorConstraints(m.constraintCls)) {
        if (c.async) return null;
        const instance = c.instance as { validate: Validate };
        field.rules.push({
          validate: instance.validate.bind(instance),
          validateIf: m.validateIf,
          constraints: m.constraints,
          property: m.propertyName,
        });
      }
    }
  }
  const transformer = defaultMetadataStorage;
  if (
    transformer.getExposedMetadatas(cls).length > 0 ||
    transformer.getExcludedMetadatas(cls).length > 0
  )
    return null;
  for (const name of byName.keys())
    if (
      transformer.findTypeMetadata(cls, name) ||
      transformer.findTransformMetadatas(cls, name, TransformationType.PLAIN_TO_CLASS).length > 0
    )
      return null;
  // Properties the constructor sets must be fields with rules, as whitelisting requires.
  for (const key of Object.keys(new cls())) if (!byName.has(key)) return null;
  return { fields: [...byName.values()], known: new Set(byName.keys()) };
}

function isPromiseLike(v: unknown): boolean {
  return (
    v !== null &&
    (typeof v === 'object' || typeof v === 'function') &&
    typeof (v as { then?: unknown }).then === 'function'
  );
}

/**
 * The body as an instance of `cls` when it is a plain object of known string fields that pass
 * every rule of `cls` (class marked @DirectValidation); otherwise undefined.
 */
export function acceptDirectly(cls: unknown, body: unknown): object | undefined {
  if (typeof cls !== 'function' || !MARKED.has(cls)) return undefined;
  if (body === null || typeof body !== 'object' || Object.getPrototypeOf(body) !== Object.prototype)
    return undefined;
  const plan = planOf(cls as Ctor);
  if (!plan) return undefined;
  const source = body as Record<string, unknown>;
  const keys = Object.keys(source);
  for (const key of keys)
    if (!plan.known.has(key) || typeof source[key] !== 'string') return undefined;
  // class-transformer's copy: a new instance, then the body's fields in the body's order.
  const entity = new (cls as Ctor)() as Record<string, unknown>;
  for (const key of keys) entity[key] = source[key];
  try {
    for (const field of plan.fields) {
      const value = entity[field.name];
      let applies = true;
      for (const condition of field.conditions) applies = condition(entity, value) && applies;
      if (!applies) continue;
      for (const rule of field.rules) {
        if (rule.validateIf && !rule.validateIf(entity, value)) continue;
        const ok = rule.validate(value, {
          targetName: (cls as Ctor).name,
          property: rule.property,
          object: entity,
          value,
          constraints: rule.constraints,
        });
        if (!ok || isPromiseLike(ok)) return undefined;
      }
    }
  } catch {
    // A rule that throws: the full pipe names the field.
    return undefined;
  }
  return entity;
}
