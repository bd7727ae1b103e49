import type { NetworkModel } from '../../../src/sim/model';

/**
 * The M/M/c queue as a one-station network, as `consular-sim mmc` builds it
 * (src/cli/commands/mmc.command.ts): times in units of 1/lambda.
 */
export function mmcNetwork(lambda: number, mu: number, servers: number): NetworkModel {
  return {
    name: 'mmc',
    stations: [{ id: 'server', servers }],
    classes: [
      {
        id: 'customer',
        route: [
          { id: 'service', station: 'server', service: { dist: 'exponential', mean: 1 / mu } },
        ],
      },
    ],
    sources: [{ id: 'arrivals', class: 'customer', arrivals: { kind: 'poisson', rate: lambda } }],
  };
}
