import 'reflect-metadata';
import { describe, expect, it, vi } from 'vitest';
import { ModelError } from '../../../src/sim/model';
import { UserError } from '../../../src/common/user-error';
import { runTask } from '../../../src/experiment/experiment';
import { runScenario } from '../../../src/experiment/scenario.runner';
import { loadScenario } from '../../../src/scenario/scenario.loader';

// A run that stops with a model error (the kernel's in-system limit, as a run whose demand far
// exceeds capacity meets it after some 2^24 customers and 3 GB): raised at once here.
vi.mock('../../../src/sim/network', async (original) => ({
  ...(await original<typeof import('../../../src/sim/network')>()),
  runNetwork: () => {
    throw new ModelError('stations.desk', 'demand far exceeds capacity');
  },
}));

const FILE = 'scenarios/teaching-mmc.yaml';

async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('expected the run to fail');
}

describe('an error raised while a scenario runs names the scenario file', () => {
  it('runScenario (run, reproduce): file: path: rule, still a ModelError', async () => {
    const err = await caught(() => runScenario(loadScenario(FILE), { threads: 0 }));
    expect(err).toBeInstanceOf(ModelError);
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ file: FILE, path: 'stations.desk' });
    expect((err as Error).message).toBe(`${FILE}: stations.desk: demand far exceeds capacity`);
  });

  it('runTask (sweep, audit, queue workers): the same', async () => {
    const scenario = loadScenario(FILE);
    const err = await caught(() =>
      runTask({
        point: 0,
        replication: 0,
        file: scenario.file,
        document: scenario.document,
        seed: 1,
        detail: false,
      }),
    );
    expect(err).toBeInstanceOf(ModelError);
    expect((err as Error).message).toBe(`${FILE}: stations.desk: demand far exceeds capacity`);
  });
});
