// How each Markdown element looks on a terminal: styles from our one chalk (so colour stays the one decision made
// from NO_COLOR, FORCE_COLOR, --no-color and TTY). With colour off every style is the identity and the renderer
// keeps the few marks that carry meaning (`#` before headings, the quote bar, bullets, code rules).
import type { ChalkInstance } from 'chalk';

export type Style = (text: string) => string;

export const plainStyle: Style = (text) => text;

export interface Theme {
  /** Colour is off: keep textual marks instead of styles. */
  readonly plain: boolean;
  /** Links become OSC 8 hyperlinks (see hyperlinks.ts). */
  readonly hyperlinks: boolean;
  readonly strong: Style;
  readonly em: Style;
  readonly del: Style;
  readonly codespan: Style;
  readonly link: Style;
  readonly url: Style;
  readonly image: Style;
  readonly html: Style;
  readonly heading: readonly Style[];
  readonly rule: Style;
  readonly quoteBar: Style;
  readonly bullet: Style;
  readonly tableBorder: Style;
  readonly tableHeader: Style;
  readonly codeRule: Style;
  /** Syntax highlighting, by highlight.js scope (the first part of its class name). */
  readonly code: Readonly<Record<string, Style>>;
}

export function makeTheme(chalk: ChalkInstance, hyperlinks: boolean): Theme {
  const c = chalk;
  return {
    plain: c.level === 0,
    hyperlinks,
    strong: c.bold,
    em: c.italic,
    // Without colour, struck-out text would read as if it stood: its marks stay.
    del: c.level === 0 ? (text) => `~~${text}~~` : c.strikethrough,
    codespan: c.yellow,
    link: c.blue.underline,
    url: c.dim,
    image: c.italic,
    html: c.dim,
    heading: [c.magenta.bold.underline, c.green.bold, c.green.bold, c.bold, c.bold, c.bold],
    rule: c.dim,
    quoteBar: c.dim,
    bullet: c.cyan,
    tableBorder: c.dim,
    tableHeader: c.bold,
    codeRule: c.dim,
    code: {
      keyword: c.magenta,
      'selector-tag': c.magenta,
      built_in: c.cyan,
      type: c.cyan,
      class: c.cyan,
      literal: c.blue,
      number: c.yellow,
      string: c.green,
      regexp: c.red,
      symbol: c.yellow,
      bullet: c.yellow,
      comment: c.gray,
      quote: c.gray,
      doctag: c.gray,
      meta: c.gray,
      title: c.blue,
      section: c.blue.bold,
      name: c.blue,
      attr: c.cyan,
      attribute: c.cyan,
      property: c.cyan,
      'selector-class': c.cyan,
      'selector-id': c.cyan,
      'template-variable': c.yellow,
      variable: c.red,
      addition: c.green,
      deletion: c.red,
      emphasis: c.italic,
      strong: c.bold,
      link: c.underline,
    },
  };
}
