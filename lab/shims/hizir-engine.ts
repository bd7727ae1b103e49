/**
 * Hızır's engine in the browser build, for `deflection: measured` only: the real engine's
 * answers to the test questions, recorded at build time (lab/vite.config.mts), replayed.
 */
import answers from 'virtual:hizir-answers';

export class HizirEngine {
  static fromConfig(): HizirEngine {
    return new HizirEngine();
  }

  answer(text: string): { handoff: boolean } {
    const handoff = (answers as Record<string, boolean>)[text];
    if (handoff === undefined)
      throw new Error('the Lab knows Hızır’s answers to its test questions only');
    return { handoff };
  }
}
