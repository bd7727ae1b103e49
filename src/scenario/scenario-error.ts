import { UserError } from '../common/user-error';

/**
 * A problem with a scenario file, reported to users as `file: path: rule`.
 * Carries no stack trace to the terminal: the CLI prints the message only.
 */
export class ScenarioError extends UserError {
  declare readonly file: string;
  constructor(file: string, path: string, rule: string) {
    super(file, path, rule);
  }
}

/** Several problems at once; the message lists them one per line (file, path, rule: the first). */
export class ScenarioErrors extends UserError {
  constructor(readonly errors: ScenarioError[]) {
    super(errors[0]?.file, errors[0]?.path ?? '', errors[0]?.rule ?? 'invalid scenario');
    this.message = errors.map((e) => e.message).join('\n');
  }
}
