/**
 * The longest question Hızır takes, in characters (an assumption: a long paragraph; longer text
 * goes to e-mail): the API's rule and the CLI's. In a file of its
 * own, without the DTO's decorators, so `consular-sim ask` reads it without loading Nest's
 * OpenAPI and validation libraries (hundreds of milliseconds of start-up).
 */
export const HIZIR_MAX_TEXT_LENGTH = 1000;
