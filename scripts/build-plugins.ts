// esbuild plugins that keep start-up lean. Why they exist: see each one.
import { builtinModules, createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Metafile, Plugin } from 'esbuild';

const BUILTINS = new Set(builtinModules);
const requireHere = createRequire(import.meta.url);

/**
 * Node built-ins are loaded with require(), and only the properties the code uses are ever read.
 * Node defines many built-in exports lazily (util.TextDecoder, fs.Dir, util.parseArgs…): merely
 * looking at them loads their internals. An ES import of `node:util` builds a namespace of all of
 * them, and so does esbuild's CommonJS interop: 35 internal modules, a third of start-up, that a run
 * mostly never uses. So each built-in becomes a small ES module whose named exports are pure reads;
 * tree-shaking drops the ones nothing imports. (The bundle's banner defines require.)
 */
export const builtinsAsRequire: Plugin = {
  name: 'builtins-as-require',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (!BUILTINS.has(name)) return undefined;
      // A require() (CommonJS code, and the facades themselves) gets the real module object as is.
      if (args.namespace === 'builtin' || args.kind === 'require-call') return { path: `node:${name}`, external: true };
      // commander requires child_process for executable subcommands, which tfy-llm does not have;
      // loading it pulls in net, dgram and more at every start.
      if (name === 'child_process' && /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)) return { path: name, namespace: 'no-child-process' };
      // One facade per importer: an importer that takes the whole namespace (`import * as fs`) keeps
      // every export of its own facade, without making every other importer read them all too.
      return { path: `${name}?${args.importer}`, namespace: 'builtin' };
    });
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({ contents: facade(args.path.split('?')[0] ?? ''), loader: 'js' }));
    build.onLoad({ filter: /.*/, namespace: 'no-child-process' }, () => ({
      contents: `module.exports = { spawn() { throw new Error('tfy-llm has no executable subcommands'); } };`,
      loader: 'js',
    }));
  },
};

function facade(name: string): string {
  const names = Object.getOwnPropertyNames(requireHere(`node:${name}`) as object).filter(
    (key) => /^[A-Za-z_][\w]*$/.test(key) && key !== 'default',
  );
  // The module's own names cannot clash with an export: those are plain identifiers, these start with $$.
  const lines = [`const $$m = require("node:${name}");`, 'const $$get = (key) => $$m[key];', 'export default $$m;'];
  for (const key of names) lines.push(`export const ${key} = /* @__PURE__ */ $$get(${JSON.stringify(key)});`);
  return lines.join('\n');
}

/**
 * Start-up reads one chunk, not ten. With code splitting esbuild puts each module in a chunk named
 * by the set of entry points that reach it, and every lazily imported module (a command, ora, the
 * Markdown renderer…) is an entry point: so the modules a run always loads (main.ts and everything
 * it imports statically: commander, the program, errors, io…) came out spread over some ten chunks,
 * by which commands happen to share each one, and Node's ES module loader costs about a millisecond
 * per file. Making every lazily imported module also import `startup` (which each one runs after
 * anyway) gives those modules one and the same set of entry points, hence one chunk. `lazyTargets`
 * is the set of dynamically imported files, from a first build's metafile (see scripts/build.ts).
 */
export function startupInOneChunk(startup: string, lazyTargets: ReadonlySet<string>): Plugin {
  return {
    name: 'startup-in-one-chunk',
    setup(build) {
      build.onLoad({ filter: /\.(ts|js|mjs)$/ }, async (args) => {
        if (args.namespace !== 'file' || args.path === startup || !lazyTargets.has(args.path)) return undefined;
        const source = await readFile(args.path, 'utf8');
        return { contents: `import ${JSON.stringify(startup)};\n${source}`, loader: args.path.endsWith('.ts') ? 'ts' : 'js' };
      });
    },
  };
}

/** The files an esbuild metafile shows imported with import(), as absolute paths (ES modules only). */
export function dynamicImportTargets(metafile: Metafile, root: string): Set<string> {
  const targets = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const imported of input.imports) {
      if (imported.kind !== 'dynamic-import' || imported.path.includes(':')) continue;
      if (metafile.inputs[imported.path]?.format === 'esm') targets.add(resolve(root, imported.path));
    }
  }
  return targets;
}

/**
 * commander's Option constructor tests every flag string against /\p{ID_Continue}\.\.\.[>\]]$/u, and
 * V8 compiles a Unicode-property regular expression from ICU's tables on first use: ~1 ms of every
 * start, the largest single item of a run's own time. On ASCII flags (all of tfy-llm's)
 * \p{ID_Continue} is exactly \w, so the same test is made with \w there and the Unicode expression
 * is built only for a flag with non-ASCII characters. The build fails if commander's line changes.
 */
export const commanderAsciiFlags: Plugin = {
  name: 'commander-ascii-flags',
  setup(build) {
    build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]option\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const original = '/\\p{ID_Continue}\\.\\.\\.[>\\]]$/u.test(flags)';
      if (!source.includes(original)) throw new Error(`commander's option.js no longer has ${original}: review scripts/build-plugins.ts`);
      const ascii = `(/^[\\x00-\\x7f]*$/.test(flags) ? /\\w\\.\\.\\.[>\\]]$/ : /\\p{ID_Continue}\\.\\.\\.[>\\]]$/u).test(flags)`;
      return { contents: source.replace(original, ascii), loader: 'js' };
    });
  },
};
