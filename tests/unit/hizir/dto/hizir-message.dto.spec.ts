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

  it('says the lengths the API takes: text and sessionId from 1 character', () => {
    // The empty string is refused for both ("text must be 1 to 1000 characters long", sessionId
    // "must be printable text with at least one visible character"), but the schema gave only
    // maxLength: a client generated from it sent "" and got a 400 it was not told of.
    const rule = (field: string) =>
      Reflect.getMetadata('swagger/apiModelProperties', HizirMessageDto.prototype, field) as {
        minLength?: number;
        maxLength?: number;
      };
    expect(rule('text')).toMatchObject({ minLength: 1, maxLength: 1000 });
    expect(rule('sessionId')).toMatchObject({ minLength: 1, maxLength: 100 });
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
