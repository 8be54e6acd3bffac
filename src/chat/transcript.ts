// /save: the thread as Markdown: the turns fetched from the gateway (a resumed thread's earlier ones),
// then what this session kept (each message and each answer's text).
import type { EarlierTurn } from './earlier.ts';
import type { ChatSession } from './session.ts';

export interface Before {
  turns: readonly EarlierTurn[];
  /** A response older still, not fetched (or not fetchable); named so the reader knows the file starts mid-way. */
  before: string | undefined;
}

export function transcriptMarkdown(session: ChatSession, now: Date, earlier: Before): string {
  const lines = [`# Chat, ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`, ''];
  if (earlier.before) lines.push(`This conversation continues \`${earlier.before}\`; earlier turns are not in this file.`, '');
  if (session.instructions) lines.push(`**Instructions:** ${session.instructions}`, '');
  const turn = (text: string, attachments: readonly string[], model: string, id: string, answer: string): void => {
    lines.push('## You', '', text, '');
    for (const name of attachments) lines.push(`- attached: \`${name}\``);
    if (attachments.length > 0) lines.push('');
    lines.push(`## ${model} (\`${id}\`)`, '', answer.trimEnd(), '');
  };
  for (const t of earlier.turns) turn(t.text, [], t.model, t.id, t.answer);
  for (const t of session.turns) turn(t.text, t.attachments, t.model, t.id, t.answer);
  return `${lines.join('\n').trimEnd()}\n`;
}
