/**
 * One run of an M/M/10 subject at rho 0.9, for bench/instructions.bench.ts (transpiled and run
 * in plain Node, bench/plain-node.ts): `node mmc-subjects.js <subject> <customers> <dist>`,
 * where subject is `bare`, `event-list` (the bare loop on <dist>'s event list) or `kernel`
 * (<dist>'s kernel). Prints the customers served.
 */
import { join } from 'node:path';
import { bareMmc, bareMmcOnEventList } from './mmc-baseline';
import { mmcNetworkOf } from './dist-of';

const LAMBDA = 9;
const MU = 1;
const C = 10;
const [subject, customers, dist] = process.argv.slice(2);
const n = Number(customers);

/* eslint-disable @typescript-eslint/no-require-imports */
function run(): number {
  if (subject === 'bare') return bareMmc(LAMBDA, MU, C, n, 1).served;
  if (subject === 'event-list') {
    const { EventList } = require(join(dist, 'sim', 'event-list'));
    return bareMmcOnEventList(LAMBDA, MU, C, n, 1, new EventList()).served;
  }
  const { runNetwork } = require(join(dist, 'sim', 'network'));
  const mmcNetwork = mmcNetworkOf(dist);
  return runNetwork(mmcNetwork(LAMBDA, MU, C), { seed: 1, until: n / LAMBDA }).totals.completed;
}
/* eslint-enable @typescript-eslint/no-require-imports */

process.stdout.write(`${run()}\n`);
