// Bundled in place of cli-highlight (and its 1 MB of highlight.js): markdown.ts renders code
// blocks itself, in the one colour decision, so marked-terminal never needs to highlight.
// Should it ever call this, marked-terminal falls back to its plain code style.
export function highlight(): string {
  throw new Error('syntax highlighting is not bundled');
}
