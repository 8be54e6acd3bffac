// Syntax highlighting of code blocks: highlight.js's core with the languages model answers use most (about
// 25; the full set weighs a megabyte), loaded only when an answer has a code block with a language (see
// output/markdown.ts). Its HTML-ish result (nested <span class="hljs-…">) becomes styled lines, each line
// styled on its own.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import makefile from 'highlight.js/lib/languages/makefile';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import type { Highlight } from './code-block.ts';
import type { Style, Theme } from './theme.ts';

const LANGUAGES = { bash, c, cpp, csharp, css, diff, dockerfile, go, ini, java, javascript, json, kotlin, makefile, markdown, php, python, ruby, rust, shell, sql, swift, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
// Fence names models use that highlight.js spells otherwise.
hljs.registerAliases(['sh', 'zsh', 'shell-script'], { languageName: 'bash' });
hljs.registerAliases(['console', 'shellsession', 'terminal'], { languageName: 'shell' });
hljs.registerAliases(['toml'], { languageName: 'ini' });
hljs.registerAliases(['jsonc', 'json5'], { languageName: 'json' });
hljs.registerAliases(['html', 'svg', 'vue'], { languageName: 'xml' });

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'" };

export function makeHighlighter(theme: Theme): Highlight {
  return (code, language) => {
    if (!hljs.getLanguage(language)) return undefined;
    const html = hljs.highlight(code, { language, ignoreIllegals: true }).value;
    return toLines(html, theme);
  };
}

/** highlight.js's markup → one styled string per line of code (neighbouring text of one style styled once). */
function toLines(html: string, theme: Theme): string[] {
  const lines: [Style | undefined, string][][] = [[]];
  const stack: (Style | undefined)[] = [];
  const current = (): Style | undefined => {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i]) return stack[i];
    return undefined;
  };
  // Every span opens a scope (sub-languages' `language-…` spans too), styled when it is one of highlight.js's.
  for (const [token, classes, entity] of html.matchAll(/<span class="([^"]*)">|<\/span>|&(#?\w+);|[^<&]+|[<&]/g)) {
    if (classes !== undefined) stack.push(theme.code[/(?:^| )hljs-([\w-]+)/.exec(classes)?.[1] ?? '']);
    else if (token === '</span>') stack.pop();
    else {
      const text = entity !== undefined ? (ENTITIES[entity] ?? token) : token;
      const style = current();
      text.split('\n').forEach((part, i) => {
        if (i > 0) lines.push([]);
        const line = lines[lines.length - 1]!;
        const last = line[line.length - 1];
        if (last && last[0] === style) last[1] += part;
        else if (part) line.push([style, part]);
      });
    }
  }
  return lines.map((line) => line.map(([style, text]) => (style ? style(text) : text)).join(''));
}
