import { parentPort } from 'node:worker_threads';
import { runNetwork, type NetworkModel, type RunOptions } from '../sim/network';
import { serializeError } from '../sim/user-error';

/** Runs one replication's arms off the main thread. */
export interface ReplicationJob {
  id: number;
  arms: Record<string, NetworkModel>;
  options: Omit<RunOptions, 'onProgress'>;
}

parentPort?.on('message', (job: ReplicationJob) => {
  try {
    const runs = Object.fromEntries(
      Object.entries(job.arms).map(([arm, model]) => [arm, runNetwork(model, job.options)]),
    );
    parentPort?.postMessage({ id: job.id, runs });
  } catch (err) {
    // The error crosses the thread boundary as data; the main thread rebuilds its class.
    parentPort?.postMessage({ id: job.id, error: serializeError(err) });
  }
});
