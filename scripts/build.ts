// One minified ESM bundle (plus lazily loaded chunks) so start-up reads few files.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { 'tfy-llm': 'src/entry.ts', 'demo-gateway': 'src/gateway/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  // marked-terminal's optional extras that the CLI turns off; see the stubs for why.
  alias: { 'cli-highlight': './src/bundle-stubs/cli-highlight.ts', 'node-emoji': './src/bundle-stubs/node-emoji.ts' },
  define: { __VERSION__: JSON.stringify(process.env.npm_package_version ?? JSON.parse(readFileSync('package.json', 'utf8')).version) },
  logLevel: 'warning',
});
