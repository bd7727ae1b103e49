#!/usr/bin/env node
'use strict';
// The CLI runs from the compiled output; `npm ci` builds it through the prepare script.
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('consular-sim is not built yet: run `npm ci` (or `npm run build`) first.\n');
  process.exit(2);
}
require(entry).main(process.argv);
