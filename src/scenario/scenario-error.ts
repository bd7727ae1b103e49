/**
 * A problem with a scenario file, reported to users as `file: path: rule`.
 * Carries no stack trace to the terminal: the CLI prints the message only.
 */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly rule: string,
  ) {
    super(path ? `${file}: ${path}: ${rule}` : `${file}: ${rule}`);
    this.name = 'ScenarioError';
  }
}

/** Several problems at once; the message lists them one per line. */
export class ScenarioErrors extends Error {
  constructor(readonly errors: ScenarioError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'ScenarioErrors';
  }
}
