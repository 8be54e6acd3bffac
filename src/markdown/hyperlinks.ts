// Whether the terminal turns OSC 8 sequences into clickable links. Terminals that do not know OSC 8 mostly
// ignore it, but some print it as garbage, and nothing can be asked of the terminal without waiting for an
// answer, so the decision is made from the environment, like the supports-hyperlinks package does:
// FORCE_HYPERLINK=1/0 decides outright; otherwise only a colour terminal that says who it is and is known to
// support them (iTerm2 ≥ 3.1, WezTerm, VS Code ≥ 1.72, Ghostty, Windows Terminal, VTE ≥ 0.50 (GNOME
// Terminal, Tilix…), Konsole, kitty, foot, Alacritty ≥ 0.11 by TERM) gets them. Inside tmux or screen, on
// CI, and with TERM=dumb: no (tmux passes them only when configured to).
import type { Env } from '../terminal/io.ts';

export function supportsHyperlinks(env: Env, colour: boolean): boolean {
  const force = env['FORCE_HYPERLINK'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (!colour) return false;
  if (env['CI'] || env['TERM'] === 'dumb' || env['TMUX'] || (env['TERM'] ?? '').startsWith('screen')) return false;
  if (env['WT_SESSION'] || env['KONSOLE_VERSION'] || env['KITTY_WINDOW_ID'] || env['WEZTERM_EXECUTABLE']) return true;
  const vte = Number(env['VTE_VERSION']);
  if (Number.isFinite(vte) && vte >= 5000) return true;
  const [major = 0, minor = 0] = (env['TERM_PROGRAM_VERSION'] ?? '').split('.').map(Number);
  switch (env['TERM_PROGRAM']) {
    case 'iTerm.app':
      return major > 3 || (major === 3 && minor >= 1);
    case 'vscode':
      return major > 1 || (major === 1 && minor >= 72);
    case 'WezTerm':
    case 'ghostty':
      return true;
    default:
  }
  return ['xterm-kitty', 'xterm-ghostty', 'foot', 'alacritty', 'wezterm'].includes(env['TERM'] ?? '');
}

/** Only web and mail addresses become links a click opens: `file:`, `javascript:` and the like stay text. */
export function linkable(href: string): boolean {
  return /^(https?:\/\/|mailto:)[^\s]+$/i.test(href);
}

/** `text` as a hyperlink to `href` (OSC 8 with the ST terminator, which every supporting terminal accepts). */
export function hyperlink(text: string, href: string): string {
  return `\u001B]8;;${href}\u001B\\${text}\u001B]8;;\u001B\\`;
}
