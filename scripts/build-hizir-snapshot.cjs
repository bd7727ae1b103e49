'use strict';
/* global require, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script over dist/ */
// Part of `npm run build`: stores Hızır's parsed knowledge base and vocabulary stems next to the
// compiled engine, so that `consular-sim ask` does not parse YAML or load the stemmers to start.
// The engine checks the snapshot's source hash against config/ and ignores a stale one.
const fs = require('node:fs');
const path = require('node:path');
const dist = path.join(__dirname, '..', 'dist', 'hizir');
const { HizirEngine } = require(path.join(dist, 'hizir.engine.js'));
const { SNAPSHOT_FILE } = require(path.join(dist, 'hizir-snapshot.js'));
const snapshot = HizirEngine.buildSnapshot(path.join(__dirname, '..', 'config'));
fs.writeFileSync(SNAPSHOT_FILE, JSON.stringify(snapshot));
