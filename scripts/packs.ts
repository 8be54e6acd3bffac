// Packs: bundle files that are loaded together, merged into one file at build time (scripts/build.ts),
// each keeping its identity as a module (src/loader.ts runs it on first require, as before).
//
// Why: esbuild's code splitting makes one chunk per distinct set of lazily imported modules that share
// code, so as commands came to share code a create came to read 35 files, most of them 1–3 KB, and each
// file costs the loader an open and read of it and of its code cache and a vm.Script of its own.
//
// Which files go together is planned from the static import graph, for the ways a run loads the bundle
// ("uses"): a command (its spec, its module, the common options), or one other lazily imported module.
// Each chunk is first grouped with the chunks that exactly the same uses need (no use then reads more
// than before); then two groups are merged while that pays: every use that needs both saves a file,
// every use that needs only one of them reads the other's bytes for nothing. Start-up (the entry and
// what it imports statically, which every run loads) is one pack, in the entry's own file.
import { createHash } from 'node:crypto';

/** A bundle file as the build made it: path relative to dist/, code, and what it imports statically. */
export interface BundleFile {
  name: string;
  code: string;
  imports: readonly string[];
}

/**
 * What one file fewer is worth in bytes read for nothing: a file costs the loader about 0.1 ms (two
 * opens and reads, its own vm.Script), and reading ~100 KB more of a file about as much (measured in
 * a fresh process). The cost of a file's code cache does not change: it holds what the run compiled.
 */
export const FILE_COST_BYTES = 96 * 1024;

export interface PackPlan {
  /** Each pack's members, the file it is written to first; single files stay files of their own. */
  packs: { file: string; members: string[] }[];
}

/** A way a run loads the bundle: the files it loads lazily (their static imports follow), and how much it counts. */
export interface Use {
  roots: readonly string[];
  weight: number;
}

/** Plans the packs. `entry` is the start-up file. */
export function planPacks(files: ReadonlyMap<string, BundleFile>, entry: string, uses: readonly Use[]): PackPlan {
  const closure = (roots: readonly string[], skip: ReadonlySet<string>): Set<string> => {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length > 0) {
      const name = stack.pop() as string;
      if (seen.has(name) || skip.has(name)) continue;
      seen.add(name);
      stack.push(...(files.get(name)?.imports ?? []));
    }
    return seen;
  };
  const startup = closure([entry], new Set());
  const needs = uses.map((use) => closure(use.roots, startup));
  const weight = (use: number): number => uses[use]?.weight ?? 0;

  // Groups of files that exactly the same uses need. (A file no use reaches is a group of its own.)
  const bySignature = new Map<string, string[]>();
  for (const name of [...files.keys()].sort()) {
    if (startup.has(name)) continue;
    const signature = needs.flatMap((need, i) => (need.has(name) ? [i] : [])).join(',') || `alone:${name}`;
    bySignature.set(signature, [...(bySignature.get(signature) ?? []), name]);
  }
  interface Group {
    members: string[];
    bytes: number;
    users: Set<number>;
  }
  const groups: Group[] = [...bySignature].map(([signature, members]) => ({
    members,
    bytes: members.reduce((sum, name) => sum + Buffer.byteLength(files.get(name)?.code ?? ''), 0),
    users: new Set(signature.startsWith('alone:') ? [] : signature.split(',').map(Number)),
  }));
  const gain = (a: Group, b: Group): number => {
    let total = 0;
    for (const use of a.users) total += weight(use) * (b.users.has(use) ? FILE_COST_BYTES : -b.bytes);
    for (const use of b.users) if (!a.users.has(use)) total -= weight(use) * a.bytes;
    return total;
  };
  // Greedy: the best merge first, while one pays.
  for (;;) {
    let best: [number, number, number] | undefined;
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        const a = groups[i] as Group;
        const b = groups[j] as Group;
        if (a.users.size === 0 || b.users.size === 0) continue;
        const value = gain(a, b);
        if (value > 0 && (best === undefined || value > best[2])) best = [i, j, value];
      }
    }
    if (best === undefined) break;
    const [i, j] = best;
    const a = groups[i] as Group;
    const b = groups[j] as Group;
    groups[i] = { members: [...a.members, ...b.members], bytes: a.bytes + b.bytes, users: new Set([...a.users, ...b.users]) };
    groups.splice(j, 1);
  }

  // Members in an order that runs nothing differently (each still runs on its first require): sorted.
  const packs = [{ file: entry, members: [entry, ...[...startup].filter((name) => name !== entry).sort()] }];
  for (const group of groups) {
    const members = [...group.members].sort();
    if (members.length === 1) {
      packs.push({ file: members[0] as string, members });
      continue;
    }
    const hash = createHash('sha256');
    for (const name of members) hash.update(`${name}\0${files.get(name)?.code ?? ''}\0`);
    packs.push({ file: `chunks/pack-${hash.digest('hex').slice(0, 8).toUpperCase()}.cjs`, members });
  }
  return { packs };
}

/** The opening of each member's function in a pack: the same parameters as the loader's wrapper. */
const MEMBER_OPENING = 'function(exports,require,module,__filename,__dirname){';

export interface SourceMapV3 {
  version: 3;
  sources: string[];
  mappings: string;
  names?: string[];
  [key: string]: unknown;
}

/**
 * A pack's text and its index source map: `return{"<member>":function(…){<code>\n},…}`, each member
 * starting on a line of its own; the loader runs the text (in its usual wrapper) to get the functions.
 * `rebase` turns a member map's source path into one relative to the pack's folder.
 */
export function writePack(members: readonly { name: string; code: string; map: SourceMapV3 }[], rebase: (member: string, source: string) => string): { code: string; map: string } {
  let code = 'return{';
  let line = 0;
  const sections: { offset: { line: number; column: number }; map: SourceMapV3 }[] = [];
  for (const member of members) {
    const opening = `\n${JSON.stringify(member.name)}:${MEMBER_OPENING}`;
    code += opening;
    line += 1;
    sections.push({ offset: { line, column: opening.length - 1 }, map: { ...member.map, sources: member.map.sources.map((source) => rebase(member.name, source)) } });
    code += `${member.code}\n},`;
    line += (member.code.match(/\n/g)?.length ?? 0) + 1;
  }
  code += '\n}';
  return { code, map: JSON.stringify({ version: 3, sections }) };
}
