import { UserError } from '../common/user-error';
import { visibleText } from '../common/visible-text';

/**
 * A problem with a scenario file, reported to users as `file: path: rule`, and `; note` after
 * it when the message says more than the rule (that the value was inherited through `extends:`,
 * say): the rule stays word for word what the check says, for whoever reads it by its words.
 * Carries no stack trace to the terminal: the CLI prints the message only.
 */
export class ScenarioError extends UserError {
  declare readonly file: string;
  constructor(file: string, path: string, rule: string, note?: string) {
    super(file, path, rule);
    if (note) this.message = `${this.message}; ${visibleText(note)}`;
  }
}

/** Several problems at once; the message lists them one per line (file, path, rule: the first). */
export class ScenarioErrors extends UserError {
  constructor(readonly errors: ScenarioError[]) {
    super(errors[0]?.file, errors[0]?.path ?? '', errors[0]?.rule ?? 'invalid scenario');
    this.message = errors.map((e) => e.message).join('\n');
  }
}
