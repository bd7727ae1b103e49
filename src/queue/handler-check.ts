import { JOBS_BY_QUEUE, type QueueName } from './queue-names';

/** A queue's job that no processor handles: raised at start, not when the first job fails. */
export class MissingJobHandlerError extends Error {
  constructor(queue: string, jobs: string[]) {
    super(
      `queue '${queue}': no handler for job${jobs.length > 1 ? 's' : ''} ${jobs.map((j) => `'${j}'`).join(', ')}`,
    );
    this.name = 'MissingJobHandlerError';
  }
}

/** Throws unless `handlers` covers every job name declared for `queue` in queue-names.ts. */
export function assertHandlers(
  queue: QueueName,
  handlers: Readonly<Record<string, unknown>>,
): void {
  const missing = JOBS_BY_QUEUE[queue].filter((name) => typeof handlers[name] !== 'function');
  if (missing.length) throw new MissingJobHandlerError(queue, missing);
}

/** Throws if a job arrives with a name the processor does not know (e.g. from a newer producer). */
export function handlerFor<H>(
  queue: string,
  handlers: Readonly<Record<string, H>>,
  name: string,
): H {
  const h = handlers[name];
  if (!h) throw new Error(`queue '${queue}': unknown job '${name}'`);
  return h;
}
