// Every shell example in README.md is run, as written, against the demo gateway (the convention is in
// test/helpers/readme-blocks.ts and the README's Development section). A broken example fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { documented, freshConfig, runExamples, startSandbox } from './helpers/example-sandbox.ts';
import { missingOutput, shellBlocks, type Example } from './helpers/readme-blocks.ts';
import { ROOT } from './helpers/run-cli.ts';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = shellBlocks(README);
/** Blocks that cannot run here (a real gateway, a terminal, the npm registry): few, and each says why. */
const MAX_SKIPPED = 6;

test('README: the shell blocks that are not run are few, and each says why', () => {
  const skipped = blocks.filter((b) => b.skip !== undefined);
  assert.ok(skipped.length <= MAX_SKIPPED, `${skipped.length} blocks are not run: ${skipped.map((b) => `line ${b.line} (${b.skip})`).join(', ')}`);
  assert.ok(blocks.length - skipped.length >= 10, 'most blocks run');
  // The quick start is exactly the two commands a fresh clone needs.
  const quickStart = blocks.find((b) => b.examples.some((e) => e.command.startsWith('npm ci')));
  assert.deepEqual(quickStart?.examples.map((e) => e.command.replace(/\s+#.*$/, '')), ['npm ci && npm run demo', 'npm test']);
});

test('README: every example runs as written against the demo gateway, section by section in one shell, in order', async (t) => {
  const sandbox = await startSandbox(t);
  // As a reader would: one config (profiles, history) from the top of the README to the end, and each
  // section's blocks typed into one shell, so a variable or a `config use` carries on to what follows.
  const env = freshConfig(sandbox);
  const sections: { name: string; examples: Example[] }[] = [];
  for (const block of blocks.filter((b) => b.skip === undefined)) {
    const last = sections.at(-1);
    if (last?.name === block.section) last.examples.push(...block.examples);
    else sections.push({ name: block.section, examples: [...block.examples] });
  }
  for (const section of sections) {
    await t.test(`README.md section "${section.name}" (${section.examples.length} commands)`, async () => {
      const runs = await runExamples(sandbox, section.examples.map((e) => e.command), env);
      section.examples.forEach((example, i) => {
        const run = runs[i] ?? { code: -1, output: '(not run: an earlier command ended the shell)' };
        const output = documented(sandbox, run.output);
        const where = `README.md:${example.line}: ${example.command}\n${output}`;
        assert.equal(run.code, example.exitCode, `exit ${run.code}, expected ${example.exitCode}\n${where}`);
        const missing = missingOutput(example.output, output);
        assert.equal(missing, undefined, `this output line is not printed: ${missing}\n${where}`);
      });
    });
  }
});
