/**
 * Stand-ins for node:os and node:worker_threads in the browser build. The CLI's
 * replication runner uses them for threads; the Lab runs replications in Web Workers
 * of its own, so these are never asked to do work.
 */
export const parentPort = null;
export function availableParallelism(): number {
  return 1;
}
export class Worker {
  constructor() {
    throw new Error('node:worker_threads is not available in the browser');
  }
}
export default { parentPort, availableParallelism, Worker };
