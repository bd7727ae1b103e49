import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PrintableText } from '../../common/field-rules';
import { HIZIR_MAX_TEXT_LENGTH } from '../hizir-limits';
import type { HizirLang } from '../turkish-text';

export { HIZIR_MAX_TEXT_LENGTH };
export const HIZIR_MAX_SESSION_ID_LENGTH = 100;

/** Body of POST /hizir/messages. */
export class HizirMessageDto {
  @ApiProperty({
    example: 'pasaportumu kaybettim',
    description: 'the question, in Turkish or English',
    minLength: 1,
    maxLength: HIZIR_MAX_TEXT_LENGTH,
  })
  @IsString()
  @Length(1, HIZIR_MAX_TEXT_LENGTH, {
    message: `text must be 1 to ${HIZIR_MAX_TEXT_LENGTH} characters long`,
  })
  // An empty question breaks the length rule alone: one message, as for an e-visa's fullName.
  @PrintableText({ multiline: true, validateIf: (_: object, value: unknown) => value !== '' })
  text!: string;

  @ApiPropertyOptional({
    enum: ['tr', 'en'],
    nullable: true,
    description:
      'answer in this language (default: detected from the text); null is the same as leaving it out, as for every optional field of the API',
  })
  @IsOptional()
  @IsIn(['tr', 'en'])
  lang?: HizirLang | null;

  @ApiPropertyOptional({
    description:
      "the conversation's id; groups its hand-offs to an officer and carries a clarifying question to its reply. A session is one client address's: the same id from another address is another conversation. Use an id nobody can guess (a random UUID). null is the same as leaving it out: no conversation",
    example: '3f9c2a7e-5b1d-4c8e-9a60-2d7f4e1b8c35',
    nullable: true,
    type: String,
    minLength: 1,
    maxLength: HIZIR_MAX_SESSION_ID_LENGTH,
  })
  @IsOptional()
  @IsString()
  @MaxLength(HIZIR_MAX_SESSION_ID_LENGTH)
  @PrintableText()
  sessionId?: string | null;
}

/** A clarifying question: which of two close answers the citizen means, or which operation of an
 * area a message naming only the area means. The next message with the same sessionId is read as
 * the reply (an option's number, as hizir-reply-number.ts reads it, its words, or a sentence). */
export class HizirClarifyDto {
  @ApiProperty({
    example: 'About your lost or stolen passport: do you need to travel in the next few days?',
    description:
      'in the answer\'s language; after a reply numbering no option ("9" after five, "the ninth") or a number written as no whole number ("2.0", "1e0", "-1"), the same question, opening with a sentence saying which numbers there are, and it waits for the reply again',
  })
  question!: string;
  @ApiProperty({
    type: [String],
    description:
      'the choices, in order; a reply may be an option\'s number, its words or a sentence. The whole reply is read as a number in digits of any script ("2", "٢"), as a number word or ordinal in English or Turkish, one to ten ("two", "the second", "2nd", "iki", "ikinci", "ikincisi", "2."), or beside a word for option ("option 2", "no. 2", "#2", "2. seçenek", "seçenek 2", "2 numara")',
  })
  options!: string[];
}

/** Response of POST /hizir/messages: the engine's answer fields. */
export class HizirAnswerDto {
  @ApiProperty({
    description:
      'the answer text, or the hand-off notice; for a message without a letter (only digits, symbols or emoji), a request to write the question in words (in Turkish then English unless lang is given), never a hand-off',
  })
  answer!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'passport',
    description: 'catalogue area of the answer',
  })
  area!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'passport-lost-stolen',
    description: 'catalogue operation of the answer',
  })
  operationId!: string | null;
  @ApiProperty({
    minimum: 0,
    maximum: 1,
    description: 'calibrated probability that the answer is right',
  })
  confidence!: number;
  @ApiProperty({ description: 'true when the question goes to an officer' })
  handoff!: boolean;
  @ApiProperty({
    nullable: true,
    enum: ['low-confidence', 'out-of-scope', 'sensitive'],
    description:
      'why the question goes to an officer; sensitive: an arrest, accident, hospital stay, missing person or death abroad (answered meanwhile)',
  })
  handoffReason!: 'low-confidence' | 'out-of-scope' | 'sensitive' | null;
  @ApiProperty({ enum: ['tr', 'en'] })
  lang!: HizirLang;
  @ApiProperty({ type: [String], description: 'where the answer comes from in config/' })
  sources!: string[];
  /** Present when Hızır asks which of two close answers, or which of an area's operations, is
   * meant (`answer` is the best guess's). */
  @ApiPropertyOptional({
    type: HizirClarifyDto,
    description:
      'present when two answers are close, or the message names an area and no operation of it ("info about visas please": up to five of the area\'s most common operations): which one is meant (answer, area and operationId hold the best guess\'s meanwhile)',
  })
  clarify?: HizirClarifyDto;
}
