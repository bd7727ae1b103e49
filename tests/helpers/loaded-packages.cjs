'use strict';
/* global require, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload */
// Preloaded with `node -r` by tests: writes the npm packages a process loaded, one per line, to
// the file named by LOADED_PACKAGES_FILE when it exits (start-up cost is mostly module loading),
// and, when LOADED_FILES_FILE is set, every file it loaded (packages' and its own) to that file.
const Module = require('node:module');
const { writeFileSync } = require('node:fs');
const packages = new Set();
const files = new Set();
const load = Module._load;
Module._load = function (request, parent, isMain) {
  const loaded = load.apply(this, arguments);
  try {
    const file = Module._resolveFilename(request, parent, isMain);
    files.add(file);
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    if (m) packages.add(m[1]);
  } catch {
    // A built-in module: not a package.
  }
  return loaded;
};
process.on('exit', () => {
  writeFileSync(process.env.LOADED_PACKAGES_FILE, [...packages].join('\n'));
  if (process.env.LOADED_FILES_FILE)
    writeFileSync(process.env.LOADED_FILES_FILE, [...files].join('\n'));
});
