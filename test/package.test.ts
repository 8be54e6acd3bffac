import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { ROOT, tempDir } from './helpers/run-cli.ts';

const run = promisify(execFile);

test('npm pack makes a package of the built files alone that installs offline into a fresh prefix and runs', async (t) => {
  const dir = tempDir(t);
  // --ignore-scripts: npm test has just built dist/; rebuilding here would race the other test files.
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT });
  const [pack] = JSON.parse(stdout) as [{ filename: string; files: { path: string }[] }];
  const files = pack.files.map((f) => f.path).sort();
  assert.ok(files.includes('bin/tfy-llm.js') && files.includes('bin/package.json') && files.includes('dist/load.cjs') && files.includes('dist/tfy-llm.cjs') && files.includes('dist/THIRD_PARTY_LICENSES.txt'));
  assert.deepEqual(files.filter((f) => !/^(bin|dist)\//.test(f)), ['LICENSE', 'README.md', 'package.json']);

  const prefix = join(dir, 'prefix');
  // No runtime dependencies (everything is bundled), so the install needs no registry.
  await run('npm', ['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, join(dir, pack.filename)], { cwd: dir });
  // The shebang finds `node` on PATH: put this Node (≥ 22) first, as a user's would be.
  const env = { PATH: `${dirname(process.execPath)}:${process.env.PATH}`, HOME: dir };
  const bin = join(prefix, 'bin', 'tfy-llm');
  const help = await run(bin, ['--help'], { env });
  assert.match(help.stdout, /^Usage: tfy-llm \[options\] \[command\]/);
  const version = await run(bin, ['--version'], { env });
  assert.equal(version.stdout.trim(), (await import('../package.json', { with: { type: 'json' } })).default.version);
  const demo = await run(bin, ['demo'], { env });
  assert.match(demo.stdout, /^response id: resp_[0-9a-f]{24}/m);
});

test('every dependency with an install script is approved in allowScripts, so npm ci warns about none', () => {
  const root = new URL('..', import.meta.url);
  const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
  const allowed = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
  const scripted = Object.entries(lock.packages)
    .filter(([, entry]) => entry.hasInstallScript === true)
    .map(([path]) => path.replace(/^.*node_modules\//, ''));
  assert.ok(scripted.includes('esbuild'), 'esbuild has a postinstall script');
  assert.deepEqual(scripted.filter((name) => allowed[name] !== true), []);
});
