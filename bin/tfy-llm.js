#!/usr/bin/env node
// Cache compiled bytecode between runs: start-up is most of a CLI's wall time.
import module from 'node:module';
module.enableCompileCache?.();
await import('../dist/tfy-llm.js');
