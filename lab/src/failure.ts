/** What the page says of a request to the simulation workers that failed, in its language. */
import { t } from './i18n';
import { WorkerFailedError } from './pool';

export function failureText(err: unknown): string {
  // The worker's own detail is the browser's (in its language, often empty): the page says
  // what happened and how to go on in its own.
  if (err instanceof WorkerFailedError) return t('workerFailed');
  return t('error', { message: err instanceof Error ? err.message : String(err) });
}
