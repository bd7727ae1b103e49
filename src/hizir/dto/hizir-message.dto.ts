import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PrintableText } from '../../common/field-rules';
import type { HizirLang } from '../turkish-text';

/** Longest question Hızır takes: assumption, a long paragraph; longer text goes to e-mail. */
export const HIZIR_MAX_TEXT_LENGTH = 1000;
export const HIZIR_MAX_SESSION_ID_LENGTH = 100;

/** Body of POST /hizir/messages. */
export class HizirMessageDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(HIZIR_MAX_TEXT_LENGTH)
  @PrintableText({ multiline: true })
  text!: string;

  @IsOptional()
  @IsIn(['tr', 'en'])
  lang?: HizirLang;

  @IsOptional()
  @IsString()
  @MaxLength(HIZIR_MAX_SESSION_ID_LENGTH)
  @PrintableText()
  sessionId?: string;
}

/** A clarifying question: which of two close answers the citizen means. The next message with
 * the same sessionId is read as the reply (an option's number, its words, or a sentence). */
export class HizirClarifyDto {
  question!: string;
  options!: string[];
}

/** Response of POST /hizir/messages: the engine's answer fields. */
export class HizirAnswerDto {
  answer!: string;
  area!: string | null;
  operationId!: string | null;
  confidence!: number;
  handoff!: boolean;
  handoffReason!: 'low-confidence' | 'out-of-scope' | null;
  lang!: HizirLang;
  sources!: string[];
  /** Present when Hızır asks which of two close answers is meant (`answer` is the best guess's). */
  clarify?: HizirClarifyDto;
}
