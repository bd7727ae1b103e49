'use strict';
/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload */
// Loaded with `node --require` by bench/reproduce.bench.ts: when the process exits, writes the
// CPU seconds it used (all its threads, the worker threads included) to BENCH_CPU_FILE.
const { writeFileSync } = require('node:fs');
const file = process.env.BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ userSeconds: user / 1e6, systemSeconds: system / 1e6 }));
  });
}
