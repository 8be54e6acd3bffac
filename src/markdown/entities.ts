// marked leaves character references in text for an HTML renderer to pass on; a terminal shows characters.
// The common named ones and every numeric one are decoded; a reference to a control character becomes nothing,
// so `&#27;` cannot smuggle an escape in.
const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0', copy: '©', reg: '®', trade: '™', hellip: '…',
  mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', middot: '·',
  bull: '•', times: '×', divide: '÷', deg: '°', plusmn: '±', euro: '€', pound: '£', yen: '¥', cent: '¢',
  larr: '←', rarr: '→', uarr: '↑', darr: '↓', harr: '↔', rArr: '⇒', lArr: '⇐', ne: '≠', le: '≤', ge: '≥',
  check: '✓', sect: '§', para: '¶', shy: '',
};

const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z]{2,8});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
      const char = String.fromCodePoint(code);
      return CONTROL.test(char) || code === 0 ? '' : char;
    }
    return NAMED[ref] ?? whole;
  });
}
