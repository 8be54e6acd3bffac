// The first module of every run (bin/tfy-llm.js requires its bundle, dist/load.cjs). It loads the
// bundle's files as classic scripts, each with a V8 code cache made *after* the file's first run.
//
// Why not Node's own compile cache (module.enableCompileCache)? Node makes its cache right after
// compiling a module, before running it, so it holds only the top level: every function a run calls
// is still compiled on first call, every run. For a CLI that is most of start-up (commander's parsing
// and help, the openai client, our own code): ~5 ms of `--help` and ~25 ms of a create. A cache made
// at exit holds every function the run compiled (the v8-compile-cache approach).
//
// The build (scripts/build.ts) turns esbuild's code-split ES modules into CommonJS-shaped scripts:
// `require("./chunk.cjs")` for the static imports between them, `Promise.resolve().then(() =>
// require(…))` for the lazy ones, plain require() for Node built-ins. Files that runs load together
// are merged into packs (scripts/packs.ts): a pack's top level only returns its modules' functions,
// `{"chunks/chunk-X.cjs": function (exports, require, module, __filename, __dirname) {…}, …}`. The
// first require of a module in a pack (the build's __PACKS__ names it) reads and compiles the pack
// once, one file and one code cache, and each module still runs on its own first require, as a file did.
//
// The cache: one file per bundle file (a pack is one) and per command (`create` and `--help` run different functions
// of the same files), made by the first successful run that lacks it or whose cache V8 rejects
// (another Node, other V8 flags), in $XDG_CACHE_HOME/tfy-llm or ~/.cache/tfy-llm: folder 0700, files
// 0600, written whole then renamed; a folder others can write to is not used. V8 itself checks little
// more than a cache's source length, so a cache only ever meets the source it was made from: its
// folder is named by the build's content hash, and each cache file starts with the identity of its
// source file on disk (device, inode, size, modified and changed times), so an edited file is never
// given the cache of its former self. Other builds' folders not used for a month (a folder in use is
// touched once a day) are removed when a new one is made. NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch) turns it off. Any failure to read
// or write it just means no cache.
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Script } from 'node:vm';
import { readCommandLine } from './program/argv.ts';
import { restartWithBoundedHeap } from './heap-bound.ts';
import { hashId } from './batch/id-index.ts';
import { wrapScript } from './script-wrapper.ts';

declare const __BUILD_ID__: string;
declare const __PACKS__: Record<string, string>;

export interface LoaderOptions {
  /** The folder of the bundle's files. */
  root: string;
  /** The bundle file to run first, relative to root. */
  entry: string;
  /** A hash of every bundle file's content. */
  buildId: string;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  /** Resolves what is not a bundle file: Node's built-ins. */
  require: (id: string) => unknown;
  /** The pack (a file, relative to root) of each module kept in one, by its path relative to root. */
  packs?: Readonly<Record<string, string>>;
  /** Node's own flags for this run (process.execArgv). */
  execArgv?: readonly string[];
}

/** A bundle file's code as a function, the way CommonJS runs a module. */
type ModuleFunction = (exports: unknown, require: (id: string) => unknown, module: { exports: unknown }, filename: string, dirname: string) => unknown;

interface Loaded {
  script: Script;
  cacheFile: string;
  /** Names the source file the cache belongs to. */
  header: Buffer;
}

/** The name of a build's cache folder (see cacheFolder): the only names pruning touches. */
const BUILD_FOLDER = /^[0-9a-f]{16}-v\d+\.\d+\.\d+[\w.-]*-[a-z0-9]+$/;

/** Where this build keeps its code cache, or undefined when there is to be none. */
export function cacheFolder(env: NodeJS.ProcessEnv, buildId: string): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE !== undefined && env.NODE_DISABLE_COMPILE_CACHE !== '' && env.NODE_DISABLE_COMPILE_CACHE !== '0') return undefined;
  let base = env.XDG_CACHE_HOME;
  if (!base || !base.startsWith('/')) {
    try {
      // HOME is what os.homedir() returns where it is set, without loading node:os (~0.5 ms).
      base = join(env.HOME || process.getBuiltinModule('node:os').homedir(), '.cache');
    } catch {
      return undefined;
    }
  }
  return join(base, 'tfy-llm', `${buildId}-${process.version}-${process.arch}`);
}

/**
 * Which cache a run uses: runs that share it run mostly the same functions. Any help view is "help";
 * else the first word that is not a flag (root flags take no values), else "root".
 */
export function commandKey(argv: readonly string[]): string {
  const line = readCommandLine(argv);
  if (line.help) return 'help';
  return /^[a-z][a-z-]{0,31}$/.test(line.command) ? line.command : 'root';
}

/**
 * V8 rejects a cache made under other V8 flags (a heap flag included): a run started with flags of its
 * own (a batch's bounded heap, heap-bound.ts) keeps its cache apart, or it and a plain run of the same
 * command would each throw away the other's. A short hash of the flags, or nothing without any.
 */
export function flagsKey(execArgv: readonly string[]): string {
  if (execArgv.length === 0) return '';
  return `.${hashId(execArgv.join(' '))[0].toString(16).padStart(8, '0')}`;
}

/**
 * A folder someone else could write to (or swap, through its parent) is not trusted with code: it
 * could hold any bytecode. Trusted: the folder's modified time (0 when it is not made yet).
 */
function trustedSince(folder: string): number | undefined {
  let modified = 0;
  for (const path of [folder, dirname(folder)]) {
    try {
      const stat = statSync(path);
      if ((stat.mode & 0o022) !== 0 || (process.getuid !== undefined && stat.uid !== process.getuid())) return undefined;
      if (path === folder) modified = stat.mtimeMs;
    } catch {
      // Not made yet: it will be made private.
    }
  }
  return modified;
}

const DAY_MS = 24 * 3600 * 1000;

/** A folder in use is touched once a day, so that pruning (which goes by its time) leaves it alone. */
function markUsed(folder: string, modified: number): void {
  if (modified >= Date.now() - DAY_MS) return;
  try {
    const now = new Date();
    utimesSync(folder, now, now);
  } catch {
    // Only a hint for pruning.
  }
}

export function start(options: LoaderOptions): void {
  const wanted = cacheFolder(options.env, options.buildId);
  const modified = wanted === undefined ? undefined : trustedSince(wanted);
  const folder = modified === undefined ? undefined : wanted;
  const key = commandKey(options.argv) + flagsKey(options.execArgv ?? []);
  const modules = new Map<string, { exports: unknown }>();
  const fresh: Loaded[] = [];
  let used = false;

  const packs = options.packs ?? {};
  /** The functions of each pack loaded, by the pack's path relative to root. */
  const packed = new Map<string, Record<string, ModuleFunction>>();

  /** Compiles a bundle file (with its code cache) and runs its top level, which returns its function. */
  const compile = (file: string): ModuleFunction => {
    // The file's identity on disk: V8 checks little more than a cache's source length, so a cache is
    // only used for the very file it was made from (an edited or replaced file has another one).
    const fd = openSync(file, 'r');
    let source: string;
    let header: Buffer;
    try {
      const stat = fstatSync(fd);
      header = Buffer.from(`tfy-llm code cache ${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}\n`);
      source = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
    const cacheFile = folder === undefined ? undefined : join(folder, `${file.slice(options.root.length + 1).replace(/[\\/]/g, '_')}.${key}`);
    let cachedData: Buffer | undefined;
    if (cacheFile !== undefined) {
      try {
        const saved = readFileSync(cacheFile);
        if (saved.length > header.length && saved.subarray(0, header.length).equals(header)) cachedData = saved.subarray(header.length);
      } catch {
        // Not made yet.
      }
    }
    const script = new Script(wrapScript(source), { filename: file, cachedData });
    if (cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) fresh.push({ script, cacheFile, header });
    else if (cachedData !== undefined) used = true;
    return script.runInThisContext() as ModuleFunction;
  };

  const load = (file: string): unknown => {
    const known = modules.get(file);
    if (known) return known.exports;
    const module = { exports: {} as unknown };
    modules.set(file, module);
    const name = file.slice(options.root.length + 1);
    const pack = Object.hasOwn(packs, name) ? packs[name] : undefined;
    let run: ModuleFunction | undefined;
    if (pack === undefined) {
      run = compile(file);
    } else {
      // A pack is read and compiled once, by the first of its modules required; its top level only
      // returns its modules' functions, each run when that module is first required, as a file was.
      let functions = packed.get(pack);
      if (functions === undefined) {
        const packFile = join(options.root, pack);
        functions = compile(packFile)({}, options.require, { exports: {} }, packFile, dirname(packFile)) as Record<string, ModuleFunction>;
        packed.set(pack, functions);
      }
      run = Object.hasOwn(functions, name) ? functions[name] : undefined;
      if (run === undefined) throw new Error(`${pack} does not hold ${name}`);
    }
    const dir = dirname(file);
    const requireHere = (id: string): unknown => (id.startsWith('./') || id.startsWith('../') ? load(resolve(dir, id)) : options.require(id));
    run(module.exports, requireHere, module, file, dir);
    return module.exports;
  };

  // Only a run that succeeded makes a cache: one that stopped at a usage error ran little of the code.
  if (folder !== undefined) {
    process.once('exit', (code) => {
      if (used) markUsed(folder, modified ?? 0);
      if (code === 0) saveCaches(folder, fresh);
    });
  }
  load(join(options.root, options.entry));
}

/** Writes the caches the run made; never fails the run. */
function saveCaches(folder: string, fresh: readonly Loaded[]): void {
  if (fresh.length === 0) return;
  try {
    const made = mkdirSync(folder, { recursive: true, mode: 0o700 });
    // A new build's folder: the folders of earlier builds (or Node versions) left alone for a month go.
    // Not all of them: two installs (or two Node versions) in use would keep removing each other's.
    if (made !== undefined) {
      const parent = dirname(folder);
      const monthAgo = Date.now() - 30 * DAY_MS;
      for (const name of readdirSync(parent)) {
        const path = join(parent, name);
        try {
          if (path !== folder && BUILD_FOLDER.test(name) && statSync(path).mtimeMs < monthAgo) rmSync(path, { recursive: true, force: true });
        } catch {
          // Another run pruned it first.
        }
      }
    }
  } catch {
    return;
  }
  for (const { script, cacheFile, header } of fresh) {
    const temp = `${cacheFile}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, Buffer.concat([header, script.createCachedData()]), { mode: 0o600, flag: 'wx' });
      renameSync(temp, cacheFile);
    } catch {
      try {
        unlinkSync(temp);
      } catch {
        // Never written.
      }
    }
  }
}

/** A bundle that cannot load (a file missing from a broken install) is one error line, not a stack. */
export function cannotStart(err: unknown, argv: readonly string[]): string {
  const detail = readCommandLine(argv).verbose && err instanceof Error && err.stack ? `${err.stack}\n` : '';
  const why = err instanceof Error ? err.message.replace(/\s+/g, ' ').trim() : String(err);
  return `error: tfy-llm could not start: ${why}\nhint: its installation looks broken: install it again\n${detail}`;
}

if (typeof __BUILD_ID__ === 'string') {
  const argv = process.argv.slice(2);
  // A long batch starts again with a bounded heap, before anything of the bundle is loaded.
  restartWithBoundedHeap(readCommandLine(argv));
  try {
    start({ root: __dirname, entry: 'tfy-llm.cjs', buildId: __BUILD_ID__, argv, env: process.env, require, packs: __PACKS__, execArgv: process.execArgv });
  } catch (err) {
    process.stderr.write(cannotStart(err, argv));
    process.exitCode = 1;
  }
}
