// /save: the thread as Markdown, from what the session kept (each message and each answer's text).
import type { ChatSession } from './session.ts';

export function transcriptMarkdown(session: ChatSession, now: Date): string {
  const lines = [`# Chat, ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`, ''];
  const first = session.turns[0];
  const start = first?.previous ?? session.base;
  if (start) lines.push(`This conversation continues \`${start}\`; earlier turns are not in this file.`, '');
  if (session.instructions) lines.push(`**Instructions:** ${session.instructions}`, '');
  for (const turn of session.turns) {
    lines.push('## You', '', turn.text, '');
    for (const name of turn.attachments) lines.push(`- attached: \`${name}\``);
    if (turn.attachments.length > 0) lines.push('');
    lines.push(`## ${turn.model} (\`${turn.id}\`)`, '', turn.answer.trimEnd(), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
