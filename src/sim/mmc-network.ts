import type { NetworkModel } from './model';

/**
 * The M/M/c queue as a one-station network: Poisson arrivals at rate `lambda`, exponential
 * service at rate `mu`, `servers` servers, times in the unit of the rates. What `consular-sim
 * mmc` and `bench` simulate, and the Lab's M/M/c lesson.
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
