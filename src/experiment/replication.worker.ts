import { parentPort } from 'node:worker_threads';
import { freezeModel } from '../sim/compile';
import { runNetwork, type NetworkModel, type RunOptions } from '../sim/network';
import { serializeError } from '../common/user-error';

/**
 * Messages to a replication thread. A plan's arms cross the thread boundary once per thread
 * (`arms`), each replication then names its plan (`run`), and `drop` frees the arms when the
 * plan is over: a thread serves the replications of several plans (scenarios) in turn.
 */
export type ReplicationMessage =
  | { type: 'arms'; plan: number; arms: Record<string, NetworkModel> }
  | { type: 'run'; plan: number; id: number; options: Omit<RunOptions, 'onProgress'> }
  | { type: 'drop'; plan: number };

const arms = new Map<number, Record<string, NetworkModel>>();

parentPort?.on('message', (msg: ReplicationMessage) => {
  if (msg.type === 'arms') {
    // The thread's own copy, run for every replication of the plan here: compiled once.
    for (const model of Object.values(msg.arms)) freezeModel(model);
    arms.set(msg.plan, msg.arms);
    return;
  }
  if (msg.type === 'drop') {
    arms.delete(msg.plan);
    return;
  }
  try {
    const models = arms.get(msg.plan);
    if (!models) throw new Error(`replication ${msg.id + 1}: the thread has no arms for its plan`);
    const runs = Object.fromEntries(
      Object.entries(models).map(([arm, model]) => [arm, runNetwork(model, msg.options)]),
    );
    parentPort?.postMessage({ plan: msg.plan, id: msg.id, runs });
  } catch (err) {
    // The error crosses the thread boundary as data; the main thread rebuilds its class.
    parentPort?.postMessage({ plan: msg.plan, id: msg.id, error: serializeError(err) });
  }
});
