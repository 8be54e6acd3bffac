#!/usr/bin/env node
'use strict';
// CommonJS (bin/package.json): the lightest way in. Loads the bundle with a code cache of its own
// (src/loader.ts explains why not Node's).
require('../dist/load.cjs');
