/**
 * A simulation worker: the CLI's scenario loader, service models and kernel, running in a
 * Web Worker on the files bundled at build time. The page runs one per core and hands each
 * a replication at a time, so replications run in parallel as `run --threads` does.
 */
import '../../shims/process';
import 'reflect-metadata';
import { loadScenario } from '../../../src/scenario/scenario.loader';
import { mmcRunWindow } from '../../../src/sim/erlang';
import { runNetwork } from '../../../src/sim/network';
import { replicationSeed } from '../../../src/sim/rng';
import { metricDifference, type Difference } from '../../../src/experiment/compare';
import { fieldsOf } from './fields';
import {
  checkScenario,
  LAB_MAX_IN_SYSTEM,
  runReplication,
  RunTimeError,
  userErrors,
} from './lab-engine';
import { mmcNetwork } from '../../../src/sim/mmc-network';
import type { Request, Response } from './protocol';

const post = (msg: Response) => (self as unknown as Worker).postMessage(msg);

self.onmessage = (event: MessageEvent<Request>) => {
  const req = event.data;
  try {
    let value: unknown;
    switch (req.type) {
      case 'fields':
        value = fieldsOf(loadScenario(`/${req.file}`));
        break;
      case 'check':
        value = checkScenario(req.file, req.set);
        break;
      case 'run':
        value = runReplication(req.job, (fraction) =>
          post({ id: req.id, type: 'progress', fraction }),
        );
        break;
      case 'compare': {
        // The differences `consular-sim compare` computes: paired on common random numbers, else Welch.
        const out: Record<string, Difference> = {};
        for (const [k, b] of Object.entries(req.b)) {
          const a = req.a[k];
          if (!a) continue;
          out[k] = metricDifference(k, a, b, req.paired, req.figures, req.centres?.[k]);
        }
        value = out;
        break;
      }
      case 'calibrate': {
        // Timed here, not in the page: the message and the worker's start are not the kernel's.
        // teaching-mmc's queue (90% busy), counted from the start: the warm-up costs time too.
        const lambda = 0.9;
        const window = mmcRunWindow(lambda, 0.1, req.customers);
        const started = performance.now();
        runNetwork(mmcNetwork(lambda, 0.1, 10), {
          seed: replicationSeed(1, 0),
          ...window,
          maxInSystem: LAB_MAX_IN_SYSTEM,
        });
        const seconds = (performance.now() - started) / 1000;
        value = (lambda * window.until) / Math.max(seconds, 1e-3);
        break;
      }
      case 'mmc': {
        const { lambda, mu, servers, customers } = req;
        // The warm-up and span of `consular-sim mmc` (src/sim/erlang.ts).
        const run = runNetwork(mmcNetwork(lambda, mu, servers), {
          seed: replicationSeed(req.seed, req.replication),
          ...mmcRunWindow(lambda, mu, customers),
          maxInSystem: LAB_MAX_IN_SYSTEM,
        });
        const st = run.stations.server;
        value = {
          Wq: st.wait.mean,
          Lq: st.meanQueue,
          Pwait: st.waitedShare,
          rho: st.utilisation,
          customers: st.served,
        };
        break;
      }
      default:
        throw new Error('unknown request');
    }
    post({ id: req.id, type: 'ok', value });
  } catch (err) {
    post({
      id: req.id,
      type: 'error',
      message: err instanceof Error ? err.message : String(err),
      errors: userErrors(err instanceof RunTimeError ? err.cause : err),
      runTime: err instanceof RunTimeError,
    });
  }
};
