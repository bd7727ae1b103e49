import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { HizirAnswerDto, HizirMessageDto } from '../../../../src/hizir/dto/hizir-message.dto';

/** The properties @nestjs/swagger puts in the OpenAPI schema of a DTO (as `:name`). */
function openApiProperties(cls: { prototype: object }): string[] {
  const names = Reflect.getMetadata('swagger/apiModelPropertiesArray', cls.prototype) as
    string[] | undefined;
  return (names ?? []).map((n) => n.replace(/^:/, '')).sort();
}

// /docs showed POST /hizir/messages with an empty body: every field is now described.
describe('Hızır DTOs in OpenAPI', () => {
  it('the request body lists text, lang and sessionId', () => {
    expect(openApiProperties(HizirMessageDto)).toEqual(['lang', 'sessionId', 'text']);
  });

  it('the answer lists every field the engine returns', () => {
    expect(openApiProperties(HizirAnswerDto)).toEqual(
      [
        'answer',
        'area',
        'clarify',
        'confidence',
        'handoff',
        'handoffReason',
        'lang',
        'operationId',
        'sources',
      ].sort(),
    );
  });
});
