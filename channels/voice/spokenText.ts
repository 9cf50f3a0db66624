/**
 * Text written for screens, made fit to be heard: whatever a sentence's spoken variant (`_speak`) did not
 * already change. Links are dropped, numbers a caller must note down are read digit by digit in small groups,
 * and line breaks become pauses.
 */
export function spokenText(text: string): string {
  return text
    .split('\n')
    .map(withoutLinks)
    .join('\n')
    .replace(PHONE, (_m, country: string | undefined, a: string, b: string, c: string) => [country, a, b, c].filter((g): g is string => Boolean(g)).map(digits).join(', '))
    .replace(REFERENCE, (m: string) => reference(m))
    .replace(LONG_NUMBER, (m: string) => groupedDigits(m.replace(/[\s-]/g, '')))
    .replace(/["“”«»]/g, '')
    .replace(/\p{Extended_Pictographic}\uFE0F?/gu, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => (/[.!?:;,。？！]$/.test(line) ? line : `${line}.`))
    .join(' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** http(s)://…, www.…, and a bare domain with a path (elmhurst.example/report). */
const URL = /\b(?:https?:\/\/|www\.)[^\s)]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)+\/[^\s)]*/gi;
/** What is left of a line whose link was its point ("More: https://…") is only a label. */
const LABEL_WORDS = 3;

function withoutLinks(line: string): string {
  const rest = line.replace(URL, '');
  if (rest === line) return line;
  const words = rest.replace(/[:\s]+$/, '').trim();
  return words.split(/\s+/).filter(Boolean).length <= LABEL_WORDS && /:\s*$/.test(rest) ? '' : rest;
}
/** North American numbers as written: 905-555-0311, (905) 555-0311, 905.555.0311, 1-800-555-0177, +1 905 555 0311. */
const PHONE = /(?<![\d-])(?:\+?(1)[\s.-])?\(?(\d{3})\)?[\s.-](\d{3})[\s.-](\d{4})(?![\d-])/g;
/** Permit and similar references: BP-2026-0142. */
const REFERENCE = /\b[A-Z]{1,4}(?:-\d+)+\b/g;
/** Case numbers and other long numbers (5+ digits, perhaps grouped): never read as "forty-eight million". */
const LONG_NUMBER = /(?<!\d|\d[.,:])\d(?:[\s-]?\d){4,}(?!\d|[.,:]\d)/g;

function digits(group: string): string {
  return group.split('').join(' ');
}

/** 48219375 -> "4 8 2 1, 9 3 7 5": groups of four are easier to follow and to write down. */
function groupedDigits(number: string): string {
  const groups: string[] = [];
  for (let i = 0; i < number.length; i += 4) groups.push(digits(number.slice(i, i + 4)));
  return groups.join(', ');
}

function reference(text: string): string {
  return text
    .split('-')
    .map((part) => (/^\d+$/.test(part) ? groupedDigits(part) : digits(part)))
    .join(', ');
}
