import { UserError } from '../common/user-error';

/**
 * A problem with a reference-data file under config/, reported as `file: path: rule`
 * (e.g. `config/missions.yaml: missions[12].officers: must be a positive integer`).
 * The message carries no stack trace, so a CLI can print it as it is.
 */
export class ConfigError extends UserError {
  declare readonly file: string;
  constructor(
    /** The file, relative to the config directory's parent (`config/missions.yaml`). */
    file: string,
    /** Where in the file: `missions[12].officers`; '' for the file as a whole. */
    path: string,
    /** What is wrong, phrased as the rule: `must be a positive integer`. */
    rule: string,
  ) {
    super(file, path, rule);
  }
}
