#!/usr/bin/env node
'use strict';
// Loads the bundle with a code cache of its own (src/loader.ts explains why not Node's).
require('../dist/load.cjs');
