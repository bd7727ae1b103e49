/**
 * Default key prefix of queues and records (QUEUE_PREFIX in the environment overrides it, e.g.
 * per test file). Apart from the configuration's schema so that the queue names, which the
 * CLI's help text quotes, do not load class-validator.
 */
export const DEFAULT_QUEUE_PREFIX = '{consular}';
