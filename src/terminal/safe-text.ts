// The one way a string from outside (model output, stored prompts, server messages, ids, file names)
// reaches a terminal: escape sequences and control characters (C0 other than tab and newline, DEL, C1)
// are removed, so nothing it says can move the cursor, retitle the window or hide text.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Text from outside made safe to show on a terminal; tabs and newlines are kept. */
export function forTerminal(text: string): string {
  return text.replace(CONTROL, '');
}
