import 'reflect-metadata';
import { parentPort } from 'node:worker_threads';
import { runTask, type ExperimentTask } from './experiment';

/** Runs experiment tasks (one replication of one design point) off the main thread. */
parentPort?.on('message', (msg: { index: number; task: ExperimentTask }) => {
  try {
    parentPort?.postMessage({ index: msg.index, output: runTask(msg.task) });
  } catch (err) {
    parentPort?.postMessage({ index: msg.index, error: (err as Error).message });
  }
});
