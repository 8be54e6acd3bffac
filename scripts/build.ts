// The bundle: esbuild's minified, code-split ES modules (the rest load when a command needs them), each
// then turned into a CommonJS-shaped script that src/loader.ts runs with a V8 code cache made after its
// first run (see there for why), those loaded together merged into packs (scripts/packs.ts: start-up
// reads one file, the entry's), plus the loader itself.
import { build, transform, type BuildOptions } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProgram, type CommandLine } from '../src/program/program.ts';
import { planPacks, writePack, type BundleFile, type SourceMapV3, type Use } from './packs.ts';
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
const dist = join(root, 'dist');
const files = new Map<string, BundleFile & { map: SourceMapV3 }>();
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
  const name = relative(dist, file.path);
  const output = result.metafile.outputs[relative(root, file.path)];
  if (output === undefined) throw new Error(`${file.path} is not in the metafile`);
  const imports = output.imports.filter((i) => i.kind === 'import-statement' && i.path.startsWith('dist/')).map((i) => relative('dist', i.path));
  // (No absolute path of the machine that built it: a plugin's virtual module is named after its importer.)
  files.set(name, { name, code, imports, map: JSON.parse(map.replaceAll(root, '')) as SourceMapV3 });
}

// The ways a run loads the bundle (scripts/packs.ts): a command's spec, module and the common options;
// any other lazily imported file alone. A command with subcommands counts once in all, and the
// commands run most (and timed: README, Performance) count more.
const WEIGHTS: Record<string, number> = { 'create/create': 4, 'chat/chat': 2, 'batch/run': 1 };
const entryFile = (input: string): string | undefined => {
  const found = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint === input);
  return found === undefined ? undefined : relative('dist', found[0]);
};
const lazyFiles = Object.entries(result.metafile.outputs).flatMap(([path, output]) => (output.entryPoint !== undefined && output.entryPoint !== 'src/entry.ts' ? [[output.entryPoint, relative('dist', path)] as const] : []));
const common = entryFile('src/spec/common.ts');
const commands = lazyFiles.flatMap(([input, name]) => {
  const command = /^src\/commands\/([\w-]+)\/((?!spec\.ts$)[\w-]+)\.ts$/.exec(input);
  return command ? [{ dir: command[1] as string, file: command[2] as string, name }] : [];
});
const uses: Use[] = [];
const inCommand = new Set<string>();
for (const { dir, file, name } of commands) {
  const roots = [entryFile(`src/commands/${dir}/spec.ts`), name, common].filter((f): f is string => f !== undefined);
  const weight = WEIGHTS[`${dir}/${file}`] ?? 1 / commands.filter((other) => other.dir === dir).length;
  uses.push({ roots, weight });
  for (const f of roots) inCommand.add(f);
}
for (const [, name] of lazyFiles) if (!inCommand.has(name)) uses.push({ roots: [name], weight: 1 });
const { packs } = planPacks(files, 'tfy-llm.cjs', uses);

// Each pack written once, with its source map beside it (only --verbose reads the maps:
// terminal/stack.ts), and what the loader needs to find a module's pack.
const hash = createHash('sha256');
const packOf: Record<string, string> = {};
for (const { file, members } of packs) {
  const path = join(dist, file);
  let written: { code: string; map: string };
  if (members.length === 1 && members[0] === file) {
    const only = files.get(file);
    if (only === undefined) throw new Error(`no bundle file ${file}`);
    written = { code: only.code, map: JSON.stringify(only.map) };
  } else {
    const rebase = (member: string, source: string): string => (source.startsWith('<') ? source : relative(dirname(path), resolve(dirname(join(dist, member)), source)));
    written = writePack(members.map((name) => files.get(name) as BundleFile & { map: SourceMapV3 }), rebase);
    for (const member of members) packOf[member] = file;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, written.code);
  writeFileSync(`${path}.map`, written.map);
  hash.update(`${file}\0${written.code}\0`);
}
hash.update(JSON.stringify(packOf));
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
  define: { __BUILD_ID__: JSON.stringify(hash.digest('hex').slice(0, 16)), __PACKS__: JSON.stringify(packOf) },
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
