// The build's rewrites of dependencies keep their behaviour (scripts/build-plugins.ts).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { build } from 'esbuild';
import { Option } from 'commander';
import { commanderAsciiFlags } from '../scripts/build-plugins.ts';
import { tempDir } from './helpers/run-cli.ts';

test("commander's Option, rebuilt with ASCII flags tested by \\w, says variadic exactly when the original does", async (t) => {
  const dir = tempDir(t);
  const entry = join(dir, 'entry.js');
  writeFileSync(entry, "export { Option } from 'commander';\n");
  const out = join(dir, 'out.mjs');
  await build({ entryPoints: [entry], outfile: out, bundle: true, format: 'esm', platform: 'node', nodePaths: [join(process.cwd(), 'node_modules')], plugins: [commanderAsciiFlags], logLevel: 'error' });
  // The rewrite is there (without it, the comparison below would pass trivially)…
  assert.ok(readFileSync(out, 'utf8').includes('[\\x00-\\x7f]'), 'the ASCII test is in the bundle');
  const rebuilt = (await import(pathToFileURL(out).href)) as { Option: typeof Option };
  const names = ['a', 'Z', '9', '_', '-', '.', ' ', 'é', 'ж', '中', '٣', '\u0301', '\u200d', '$', '😀'];
  const flags = ['-x, --xs <value...>', '--xs [value...]', '--xs <value>', '--xs <...>', '--xs <a..>', '--xs', '--no-xs'];
  for (const name of names) flags.push(`--xs <${name}...>`, `--xs [${name}...]`, `--${name}`);
  // …and keeps the answer of the original.
  let variadic = 0;
  for (const flag of flags) {
    let original: boolean | string;
    let patched: boolean | string;
    try {
      original = new Option(flag).variadic;
    } catch (err) {
      original = (err as Error).message;
    }
    try {
      patched = new rebuilt.Option(flag).variadic;
    } catch (err) {
      patched = (err as Error).message;
    }
    assert.equal(patched, original, flag);
    if (original === true) variadic += 1;
  }
  assert.ok(variadic >= 10, `the list covers variadic flags (${variadic})`);
});
