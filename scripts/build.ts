// The bundle: esbuild's minified, code-split ES modules (start-up reads three files; the rest load when
// a command needs them), each then turned into a CommonJS-shaped script that src/loader.ts runs with
// a V8 code cache made after its first run (see there for why), plus the loader itself.
import { build, transform, type BuildOptions } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProgram, type CommandLine } from '../src/program/program.ts';
import { builtinsAsRequire, commanderAsciiFlags, dynamicImportTargets, startupInOneChunk } from './build-plugins.ts';

const version = process.env.npm_package_version ?? (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

// The top-level help lines of every command, read off the full program, so that a run can build only
// the command it needs (src/program/program.ts, buildProgram) and still list the others truthfully.
const full = await buildProgram(async () => {});
const help = full.createHelp();
const commandIndex: CommandLine[] = full.commands.map((command) => ({
  name: command.name(),
  term: help.subcommandTerm(command),
  description: help.subcommandDescription(command),
}));

const options = {
  entryPoints: { 'tfy-llm': 'src/entry.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  // No keepNames: it wraps every class and function in a naming call at load. The one name that
  // mattered, the SDK's User-Agent (built from its class name), is set by http/client.ts itself.
  legalComments: 'none',
  metafile: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.cjs' },
  // conf's schema validator, which it builds only when given a schema; see the stub for why.
  alias: {
    'ajv/dist/2020.js': './src/bundle-stubs/ajv.ts',
    'ajv-formats': './src/bundle-stubs/ajv.ts',
  },
  define: { __VERSION__: JSON.stringify(version), __COMMAND_INDEX__: JSON.stringify(commandIndex) },
  logLevel: 'warning',
} satisfies BuildOptions;

// A first pass finds what is imported lazily; the second makes those imports keep start-up in one chunk.
const root = fileURLToPath(new URL('..', import.meta.url));
const probe = await build({ ...options, write: false, plugins: [builtinsAsRequire] });
const lazy = dynamicImportTargets(probe.metafile, root);
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
// Inline source maps, carried through the transform below into a .map file beside each script, which
// only --verbose reads (terminal/stack.ts): the scripts themselves stay as they were, with no comment.
const result = await build({
  ...options,
  sourcemap: 'inline',
  sourcesContent: false,
  write: false,
  plugins: [builtinsAsRequire, commanderAsciiFlags, startupInOneChunk(join(root, 'src', 'main.ts'), lazy)],
});

// Each file as a script for the loader: imports become require(), import() a promised require().
const hash = createHash('sha256');
for (const file of [...result.outputFiles].sort((a, b) => a.path.localeCompare(b.path))) {
  // (Checked before the transform, which would quietly turn import.meta into {}.)
  if (/\bimport\.meta\b/.test(file.text)) throw new Error(`${file.path} uses import.meta, which a script does not have`);
  const { code, map } = await transform(file.text, {
    format: 'cjs',
    loader: 'js',
    platform: 'node',
    target: 'node22',
    minify: true,
    supported: { 'dynamic-import': false },
    sourcemap: 'external',
    sourcefile: file.path,
  });
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, code);
  // (No absolute path of the machine that built it: a plugin's virtual module is named after its importer.)
  writeFileSync(`${file.path}.map`, map.replaceAll(root, ''));
  hash.update(`${file.path.slice(root.length)}\0${code}\0`);
}
// The loader's own code (the wrapper it puts around each file is part of what V8 compiles) too.
hash.update(readFileSync('src/loader.ts'));
hash.update(readFileSync('src/program/argv.ts'));
hash.update(readFileSync('src/script-wrapper.ts'));
await build({
  entryPoints: ['src/loader.ts'],
  outfile: 'dist/load.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  minify: true,
  legalComments: 'none',
  define: { __BUILD_ID__: JSON.stringify(hash.digest('hex').slice(0, 16)) },
  logLevel: 'warning',
});

// The bundle is a copy of its dependencies, so it carries their licences (MIT and friends require it).
// Every copy counts: one package can be bundled at several versions (and the same version from several
// folders), so each version is listed, with the licence its own folder carries.
const packages = new Map<string, { name: string; version: string; dir: string }>(); // name@version → it
for (const input of Object.keys(result.metafile.inputs)) {
  const at = input.lastIndexOf('node_modules/');
  // (A plugin's virtual module, `builtin:…?importer`, is not a file of the package.)
  if (at < 0 || /^[\w-]+:/.test(input)) continue;
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  const name = parts[0]?.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
  const dir = input.slice(0, at) + join('node_modules', name);
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  if (!packages.has(`${name}@${version}`)) packages.set(`${name}@${version}`, { name, version, dir });
}
const notices = [...packages].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([id, { dir }]) => {
  const file = existsSync(dir) ? readdirSync(dir).find((f) => /^(licen[cs]e|copying)([.-]|$)/i.test(f)) : undefined;
  const { license } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { license?: string };
  const text = file ? readFileSync(join(dir, file), 'utf8').trim() : `License: ${license ?? 'see the package'}`;
  return `${id}\n${'-'.repeat(id.length)}\n${text}\n`;
});
writeFileSync('dist/THIRD_PARTY_LICENSES.txt', `Packages bundled into tfy-llm and their licences.\n\n${notices.join('\n')}`);
