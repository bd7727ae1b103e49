import 'reflect-metadata';
import { BadRequestException, type ArgumentMetadata, type ValidationPipe } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SafeValidationPipe } from '../../../src/app/body-guard';
import { validationMessages } from '../../../src/app/bootstrap';
import { acceptDirectly, DirectValidation } from '../../../src/common/fast-validation';
import { arrivalWindow } from '../../../src/common/field-rules';
import { EvisaApplicationDto } from '../../../src/evisa/dto/evisa-application.dto';
import { envInt, plausibleArrivalDate } from '../../helpers/fault-env';

/**
 * The direct check of a valid body (src/common/fast-validation.ts) against the full
 * ValidationPipe it stands in for: on every body, the same instance or the same error.
 */
const OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors: Parameters<typeof validationMessages>[0]) =>
    new BadRequestException(validationMessages(errors)),
};
/** The same pipe without the direct path: every body goes through class-transformer and class-validator. */
class FullPipe extends SafeValidationPipe {
  protected override direct(): undefined {
    return undefined;
  }
}
const fast = new SafeValidationPipe(OPTIONS);
const full = new FullPipe(OPTIONS);
const META: ArgumentMetadata = { type: 'body', metatype: EvisaApplicationDto, data: '' };

type Outcome = { ok: true; value: unknown; cls: unknown } | { ok: false; answer: unknown };

async function outcome(pipe: ValidationPipe, body: unknown, meta = META): Promise<Outcome> {
  // Each pipe gets its own copy: the full pipe may change the value it is given.
  const copy: unknown = body === undefined ? undefined : structuredClone(body);
  try {
    const value = await pipe.transform(copy, meta);
    return {
      ok: true,
      value: { ...(value as object) },
      cls: (value as object)?.constructor,
    };
  } catch (err) {
    return {
      ok: false,
      answer: err instanceof BadRequestException ? err.getResponse() : String(err),
    };
  }
}

const VALID = {
  nationality: 'GB',
  passportNumber: 'P1234567',
  fullName: 'Jane Doe',
  email: 'jane@example.org',
  arrivalDate: plausibleArrivalDate(),
};

const { from, to } = arrivalWindow();
const dayBefore = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const dayAfter = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Values near each rule's edges, valid and not. */
const EDGES: Record<string, string[]> = {
  nationality: ['GB', 'TR', 'gb', 'XX', 'GBR', 'G', '', ' GB', 'ZZ'],
  passportNumber: [
    'P1234567',
    'A1234',
    'A123',
    'A'.repeat(20),
    'A'.repeat(21),
    'p1234567',
    'P12 34567',
    'P1234567\n',
  ],
  fullName: [
    'Jane Doe',
    'Şükrü Öztürk',
    'x',
    '',
    ' ',
    'a'.repeat(200),
    'a'.repeat(201),
    '😀'.repeat(100),
    '😀'.repeat(101),
    'é'.repeat(200) + '\ufe0f',
    'Jane\u0000Doe',
    'Jane\u202eDoe',
    'Jane\nDoe',
    'a\ud800b',
  ],
  email: [
    'jane@example.org',
    'jane@example',
    'jane@@example.org',
    'jane@example.org ',
    `${'a'.repeat(64)}@example.org`,
    `${'a'.repeat(65)}@example.org`,
    `a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(57)}.org`,
    '"quoted"@example.org',
    'jane@[127.0.0.1]',
    '\udc00@example.org',
    'JANE@EXAMPLE.ORG',
  ],
  arrivalDate: [
    VALID.arrivalDate,
    from,
    to,
    dayBefore,
    dayAfter,
    '2027-02-30',
    '2027-1-05',
    '9999-12-31',
    '',
  ],
  idempotencyKey: [
    'key-0001',
    'k'.repeat(7),
    'k'.repeat(8),
    'k'.repeat(128),
    'k'.repeat(129),
    'bad key!',
    '',
  ],
};

const fieldValue = (field: string) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...EDGES[field]) },
    { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<unknown>(null, 0, 7, true, [], ['GB'], {}, { a: 'b' }),
    },
  );

const FIELDS = Object.keys(EDGES);
/** A valid body with none, one or a few fields changed, removed or added, and maybe an unknown field. */
const body = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.option(fc.nat(), { nil: undefined })), {
      maxLength: 3,
    }),
    fc.array(fc.constantFrom(...FIELDS), { maxLength: 1 }),
    fc.option(fc.constantFrom('extra', 'token', 'status', 'constructor', 'toString', ' '), {
      nil: undefined,
    }),
  )
  .chain(([edits, oddities, extra]) =>
    fc.tuple(...FIELDS.map((f) => fieldValue(f))).map((random) => {
      const b: Record<string, unknown> = { ...VALID };
      for (const [field, pick] of edits) {
        if (pick === undefined) delete b[field];
        else b[field] = EDGES[field][pick % EDGES[field].length];
      }
      for (const field of oddities) b[field] = random[FIELDS.indexOf(field)];
      if (extra !== undefined) b[extra] = 'x';
      return b;
    }),
  );

describe('direct validation of a valid body', () => {
  it('accepts a valid e-visa body as an instance of the class, with its fields', () => {
    const accepted = acceptDirectly(EvisaApplicationDto, { ...VALID });
    expect(accepted).toBeInstanceOf(EvisaApplicationDto);
    expect({ ...accepted }).toMatchObject(VALID);
    const keyed = acceptDirectly(EvisaApplicationDto, { ...VALID, idempotencyKey: 'key-0001' });
    expect(keyed).toMatchObject({ idempotencyKey: 'key-0001' });
  });

  it('leaves every body it does not accept to the full pipe', () => {
    for (const bad of [
      { ...VALID, nationality: 'XX' },
      { ...VALID, extra: 'x' },
      { ...VALID, idempotencyKey: null },
      { ...VALID, fullName: 7 },
      { nationality: 'GB' },
      [VALID],
      'text',
      null,
      Object.assign(Object.create(null) as object, VALID),
    ])
      expect(acceptDirectly(EvisaApplicationDto, bad)).toBeUndefined();
  });

  it('gives the same instance or the same error as the full ValidationPipe, on every body', async () => {
    let accepted = 0;
    process.on('exit', () => console.log('ACCEPTED', accepted));
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const [a, f] = [await outcome(fast, b), await outcome(full, b)];
        expect(a).toEqual(f);
        if (a.ok) {
          expect(a.cls).toBe(EvisaApplicationDto);
          accepted++;
        }
      }),
      { numRuns: envInt('FUZZ_RUNS', 3000) },
    );
    // The generator reaches the accepting side too, or the comparison above proves little.
    expect(accepted).toBeGreaterThan(0);
    for (const b of [
      VALID,
      { ...VALID, idempotencyKey: 'key-0001' },
      { ...VALID, email: 'jane@example' },
    ])
      expect(await outcome(fast, b)).toEqual(await outcome(full, b));
  });

  it('is not used for a class whose rules or copy it does not run as the full pipe does', () => {
    @DirectValidation()
    class Nested {
      @ValidateNested()
      @Type(() => Object)
      inner!: string;
    }
    @DirectValidation()
    class Transformed {
      @IsString()
      @Transform(({ value }: { value: string }) => value.trim())
      name!: string;
    }
    @DirectValidation()
    class Defined {
      @IsDefined()
      name!: string;
    }
    @DirectValidation()
    class Grouped {
      @Matches(/^a$/, { groups: ['x'] })
      name!: string;
    }
    class Unmarked {
      @IsOptional()
      @IsString()
      name?: string;
    }
    @DirectValidation()
    class Marked {
      @IsOptional()
      @IsString()
      name?: string;
    }
    // Each body is one the full pipe accepts.
    const cases: [new () => object, object][] = [
      [Nested, { inner: 'a' }],
      [Transformed, { name: ' a ' }],
      [Defined, { name: 'a' }],
      [Grouped, { name: 'a' }],
      [Unmarked, { name: 'a' }],
    ];
    for (const [cls, b] of cases) expect(acceptDirectly(cls, b), cls.name).toBeUndefined();
    expect(acceptDirectly(Marked, { name: 'a' })).toBeInstanceOf(Marked);
  });

  it('does not take the direct path when the pipe does not transform', async () => {
    const plain = new SafeValidationPipe({ ...OPTIONS, transform: false });
    const value = await plain.transform({ ...VALID }, META);
    expect(value).not.toBeInstanceOf(EvisaApplicationDto);
    expect(value).toEqual(VALID);
  });

  it('does not take the direct path with options it does not reproduce', async () => {
    // Only exposed properties are copied: nothing of the body is, and the full pipe refuses it.
    const exposedOnly = new SafeValidationPipe({
      ...OPTIONS,
      transformOptions: { excludeExtraneousValues: true },
    });
    await expect(exposedOnly.transform({ ...VALID }, META)).rejects.toBeInstanceOf(
      BadRequestException,
    );
    const grouped = new SafeValidationPipe({ ...OPTIONS, groups: ['x'] });
    expect(await outcome(grouped, VALID)).toEqual(
      await outcome(new FullPipe({ ...OPTIONS, groups: ['x'] }), VALID),
    );
  });
});
