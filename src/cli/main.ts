import 'reflect-metadata';
import { Command } from 'commander';
import { registerAsk } from './commands/ask.command';
import { registerAudit } from './commands/audit.command';
import { registerBench } from './commands/bench.command';
import { registerCompare } from './commands/compare.command';
import { registerMmc } from './commands/mmc.command';
import { registerReproduce } from './commands/reproduce.command';
import { registerRun } from './commands/run.command';
import { registerServe } from './commands/serve.command';
import { registerSweep } from './commands/sweep.command';
import { registerWorker } from './commands/worker.command';
import { reportError } from './errors';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('consular-sim')
    .description(
      "Simulate a foreign ministry's digital consular services (e-visa, Konsolosluk.NET, " +
        'konsolosluk.gov.tr, payments, the Hızır chatbot) and check the figures reported for them. ' +
        'Quick start: consular-sim reproduce.',
    )
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (str, write) => write(str) });
  registerRun(program);
  registerReproduce(program);
  registerCompare(program);
  registerSweep(program);
  registerAudit(program);
  registerMmc(program);
  registerBench(program);
  registerAsk(program);
  registerServe(program);
  registerWorker(program);
  return program;
}

/** Runs the CLI on an argv (the bin script calls this). */
export function main(argv: string[] = process.argv): Promise<void> {
  return buildProgram()
    .parseAsync(argv)
    .then(() => undefined)
    .catch((err: unknown) => {
      process.exitCode = reportError(err);
    });
}

if (require.main === module) void main();
