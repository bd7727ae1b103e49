import 'reflect-metadata';
import { parentPort } from 'node:worker_threads';
import { serializeError } from '../common/user-error';
import { runTask, type ExperimentTask } from './experiment';

/** Runs experiment tasks (one replication of one design point) off the main thread. */
parentPort?.on('message', (msg: { index: number; task: ExperimentTask }) => {
  try {
    parentPort?.postMessage({ index: msg.index, output: runTask(msg.task) });
  } catch (err) {
    // The error crosses the thread boundary as data; the other side rebuilds its class.
    parentPort?.postMessage({ index: msg.index, error: serializeError(err) });
  }
});
