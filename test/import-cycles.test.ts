// No import cycles in src/: every import counts, static, dynamic (`import()`) and type-only, because a
// cycle of any kind means two files that cannot be understood (or moved) one without the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+\.ts)\1/gm;

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** file → the files it imports, relative to src/. */
export function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(root)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => relative(root, resolve(dirname(file), m[2] ?? '')));
    graph.set(relative(root, file), [...new Set(targets)]);
  }
  return graph;
}

/** The cycles of a graph, each as the list of files around it (Tarjan's strongly connected components). */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    indexOf.set(node, index);
    low.set(node, index);
    index += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
    }
    if (low.get(node) !== indexOf.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!indexOf.has(node)) visit(node);
  return found;
}

test('the checker finds a cycle, direct or through a lazy or type-only import', () => {
  const graph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts']],
    ['c.ts', ['a.ts']],
    ['d.ts', ['a.ts']],
  ]);
  assert.deepEqual(cycles(graph), [['a.ts', 'b.ts', 'c.ts']]);
  const text = `import type { X } from './x.ts';\nconst y = await import('../y/y.ts');\nexport { z } from './z.ts';\n`;
  assert.deepEqual([...text.matchAll(IMPORT)].map((m) => m[2]), ['./x.ts', '../y/y.ts', './z.ts']);
});

test('src/ has no import cycle', () => {
  const graph = importGraph(SRC);
  assert.ok(graph.size > 50, `read ${graph.size} files`);
  assert.deepEqual(cycles(graph), []);
});

test('rooms are imported downwards: no room imports a command or the program, and errors/ imports no other room', () => {
  const graph = importGraph(SRC);
  const top = (file: string): string => file.split('/')[0] ?? '';
  const wrong: string[] = [];
  for (const [file, targets] of graph) {
    const room = top(file);
    for (const target of targets) {
      const into = top(target);
      const aboveRooms = ['commands', 'program', 'main.ts', 'entry.ts'];
      if (!aboveRooms.includes(room) && room !== 'loader.ts' && aboveRooms.includes(into)) wrong.push(`${file} → ${target}`);
      if (room === 'errors' && into !== 'errors') wrong.push(`${file} → ${target}`);
      if (room === 'commands' && into === 'program') wrong.push(`${file} → ${target}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('src/ casts nothing to never: every value has a type that says what it is', () => {
  const casts = sources(SRC).flatMap((file) =>
    readFileSync(file, 'utf8').split('\n').flatMap((line, i) => (/\bas never\b/.test(line) ? [`${relative(SRC, file)}:${i + 1}`] : [])),
  );
  assert.deepEqual(casts, []);
});
