// Bundled in place of node-emoji (200 KB of emoji names): markdown.ts turns emoji codes off,
// because `:word:` in a model's answer is ordinary text.
export function get(): undefined {
  return undefined;
}
