import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/scenario/scenario.loader';

/**
 * A scenario's description tells a reader what its model does. One that says customers are
 * lost (give up, find their own way) where no station or step can lose anyone — no queue
 * limit, balking, patience or turning away — describes a run that never happens: the
 * evacuation's said citizens waiting too long for a seat were lost, its assumption said nobody
 * gives up, and every run lost 0.
 */
const files = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => join('scenarios', f));

function canLose(s: ReturnType<typeof loadScenario>): boolean {
  const net = s.network;
  if (!net) return true; // a service model's losses are its own: not judged here
  const stations = net.stations.some(
    (st) => st.queueLimit !== undefined || st.balking || st.closePolicy === 'turn-away',
  );
  const steps = net.classes.some(
    (c) => c.patience !== undefined || c.route.some((step) => step.patience !== undefined),
  );
  return stations || steps;
}

describe('a scenario does not describe losses its model cannot produce', () => {
  it.each(files)('%s', (file) => {
    const s = loadScenario(file);
    if (canLose(s)) return;
    const tr = s.translations?.tr;
    expect(s.description).not.toMatch(/\(lost\)|\bare lost\b|find their own way/i);
    expect(tr?.description ?? '').not.toMatch(/kaybedilir|kendi yollarıyla döner/i);
  });
});
