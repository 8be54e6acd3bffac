// --verbose stacks point into the sources (src/…:line:column), not into the minified bundle; the maps
// are only read then.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { deadPort } from './helpers/ports.ts';
import { ROOT, spawnCli, tempDir } from './helpers/run-cli.ts';

test('every bundle file has its source map beside it, with no absolute path of the build machine', () => {
  const dist = join(ROOT, 'dist');
  const files = [...readdirSync(dist).map((f) => join(dist, f)), ...readdirSync(join(dist, 'chunks')).map((f) => join(dist, 'chunks', f))].filter((f) => f.endsWith('.cjs'));
  assert.ok(files.length > 10);
  for (const file of files) {
    if (file.endsWith('load.cjs')) continue;
    assert.ok(existsSync(`${file}.map`), `${file}.map`);
    assert.ok(!readFileSync(`${file}.map`, 'utf8').includes(ROOT), `${file}.map names the build folder`);
    assert.doesNotMatch(readFileSync(file, 'utf8'), /sourceMappingURL/, `${file} points at its map (only --verbose reads it)`);
  }
});

test('--verbose: the stack of a failure names source files and lines, and those lines are the ones that ran', async (t) => {
  const port = await deadPort();
  const env = { TFY_LLM_CONFIG_DIR: tempDir(t), TFY_LLM_BASE_URL: `http://127.0.0.1:${port}/api/llm`, TFY_API_KEY: 'tfy-key-for-the-stack' };
  const result = await spawnCli(['create', 'hi', '-m', 'p/gpt-4o', '--max-retries', '0', '-v'], { env });
  assert.equal(result.code, 1, result.stderr);
  const frames = [...result.stderr.matchAll(/\((src\/[\w/.-]+\.ts):(\d+):(\d+)\)/g)];
  assert.ok(frames.length >= 3, result.stderr);
  for (const [, file = '', line] of frames) {
    const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
    // Each frame of ours is a call on its way down: the line holds a call that awaits or invokes. An
    // async function that ends in `return await f()` is resumed at its closing brace: then the line before awaits.
    const at = Number(line) - 1;
    const text = lines[at]?.trim() === '}' ? (lines[at - 1] ?? '') : (lines[at] ?? '');
    assert.match(text, /await|\w\(/, `${file}:${line} is "${text.trim()}"`);
  }
  assert.ok(frames.some(([, file]) => file === 'src/commands/create/create.ts'), result.stderr);
  assert.doesNotMatch(result.stderr, /dist\/(chunks\/)?[\w-]+\.cjs:1:\d+/, 'a frame of our own code left in the bundle');
  assert.ok(!result.stderr.includes('tfy-key-for-the-stack'));
});
