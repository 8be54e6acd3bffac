// marked's inline tokens → styled runs. Every field of a token is read as untrusted (a token from a
// misbehaving lexer or a future marked may lack any of them), and nesting deeper than MAX_DEPTH is shown as
// its text rather than followed.
import { decodeEntities } from './entities.ts';
import { linkable } from './hyperlinks.ts';
import type { Style, Theme } from './theme.ts';
import type { Run } from './wrap.ts';
import { forTerminal } from '../terminal/safe-text.ts';

export const MAX_DEPTH = 40;

export type TokenLike = Readonly<Record<string, unknown>>;

export const str = (value: unknown): string => (typeof value === 'string' ? value : '');
export const list = (value: unknown): TokenLike[] => (Array.isArray(value) ? value.filter((t): t is TokenLike => typeof t === 'object' && t !== null) : []);

const compose = (outer: Style, inner: Style): Style => (text) => outer(inner(text));

/** Text as shown: controls removed (also those an entity spelled), runs of white space one space. */
function clean(text: string): string {
  return forTerminal(decodeEntities(text)).replace(/[ \t\n\r\f\v]+/g, ' ');
}

export function inlineRuns(tokens: unknown, theme: Theme, style: Style = (t) => t, depth = 0): Run[] {
  const runs: Run[] = [];
  for (const token of list(tokens)) runs.push(...tokenRuns(token, theme, style, depth));
  return runs;
}

function tokenRuns(token: TokenLike, theme: Theme, style: Style, depth: number): Run[] {
  const nested = (inner: Style): Run[] =>
    depth >= MAX_DEPTH ? [{ text: clean(str(token['text'])), style }] : inlineRuns(token['tokens'], theme, compose(style, inner), depth + 1);
  switch (token['type']) {
    case 'text':
      if (Array.isArray(token['tokens']) && depth < MAX_DEPTH) return inlineRuns(token['tokens'], theme, style, depth + 1);
      return [{ text: clean(str(token['text'])), style }];
    case 'escape':
      return [{ text: clean(str(token['text'])), style }];
    case 'strong':
      return nested(theme.strong);
    case 'em':
      return nested(theme.em);
    case 'del':
      return nested(theme.del);
    case 'codespan':
      // The code's own characters: no entity decoding; a line break in it is a space.
      return [{ text: forTerminal(str(token['text'])).replace(/[\t\n]/g, ' '), style: compose(style, theme.codespan) }];
    case 'br':
      return [{ text: '\n', style }];
    case 'link':
      return link(token, theme, style, depth);
    case 'image':
      return image(token, theme, style);
    case 'html':
      return html(str(token['text']), theme, style);
    case 'checkbox':
      return [];
    default:
      if (Array.isArray(token['tokens'])) return nested((t) => t);
      return [{ text: clean(str(token['text']) || str(token['raw'])), style }];
  }
}

/** A URL as shown: controls and white space removed (a link destination has neither). */
function cleanHref(href: string): string {
  return forTerminal(href).replace(/\s+/g, '');
}

/** The bare host a text names (`example.com`, `https://example.com/x`), to tell when text and address disagree. */
function namedHost(text: string): string | undefined {
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:[/:?#]\S*)?$/i.exec(text.trim());
  return match?.[1]?.toLowerCase();
}

function hostOf(href: string): string | undefined {
  try {
    return new URL(href).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function link(token: TokenLike, theme: Theme, style: Style, depth: number): Run[] {
  const href = cleanHref(str(token['href']));
  const label = depth < MAX_DEPTH ? inlineRuns(token['tokens'], theme, compose(style, theme.link), depth + 1) : [];
  const labelText = label.map((r) => r.text).join('').trim();
  const bare = labelText === '' || token['autolink'] === true || labelText === href || `mailto:${labelText}` === href;
  const clickable = theme.hyperlinks && linkable(href);
  if (bare) return [{ text: labelText || href, style: compose(style, theme.link), href: clickable ? href : undefined, unbreakable: true }];
  const runs = clickable ? label.map((r) => ({ ...r, href })) : label;
  // A hyperlink hides its address: when the text names a host that is not the address's, the address is shown too.
  const named = namedHost(labelText);
  if (clickable && (named === undefined || named === hostOf(href))) return runs;
  return [...runs, { text: ' ', style }, { text: `(${href})`, style: compose(style, theme.url), unbreakable: true }];
}

function image(token: TokenLike, theme: Theme, style: Style): Run[] {
  const href = cleanHref(str(token['href']));
  const alt = clean(str(token['text'])).trim();
  const label: Run = { text: `[image${alt ? `: ${alt}` : ''}]`, style: compose(style, theme.image) };
  if (!href) return [label];
  const clickable = theme.hyperlinks && linkable(href);
  return [label, { text: ' ', style }, { text: `(${href})`, style: compose(style, theme.url), unbreakable: true, href: clickable ? href : undefined }];
}

function html(text: string, theme: Theme, style: Style): Run[] {
  if (/^<br\s*\/?>$/i.test(text.trim())) return [{ text: '\n', style }];
  return [{ text: clean(text), style: compose(style, theme.html) }];
}

/** The plain text of inline tokens (for a heading's width, a table's record labels). */
export function runsText(runs: readonly Run[]): string {
  return runs.map((r) => r.text).join('');
}
