/**
 * What `run`'s --engine and --via take; anything else is refused naming them (and a close one),
 * by the option's parser (run.command.ts) and again by runAction for a caller that skipped it.
 */
export const ENGINES = ['kernel', 'bullmq'] as const;
export const VIAS = ['queue', 'http'] as const;
