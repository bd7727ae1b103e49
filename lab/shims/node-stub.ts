/**
 * Stand-ins for node:os, node:worker_threads and node:crypto in the browser build. The CLI's
 * replication runner uses the first two for threads; the Lab runs replications in Web Workers
 * of its own. node:crypto hashes Hızır's trained model, which stays out of the page (the Lab
 * replays the engine's recorded answers). None is asked to do work; named here, the build no
 * longer warns of them on every `npm ci`.
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
export function createHash(): never {
  throw new Error('node:crypto is not available in the browser');
}
export default { parentPort, availableParallelism, Worker, createHash };
