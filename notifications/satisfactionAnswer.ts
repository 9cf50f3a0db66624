/** "5", "4 thanks, quick fix", "3/5", "2 - slow": a score from 1 to 5 first, then an optional comment. */
const ANSWER = /^\s*([1-5])(?!\d)(?![.,:]\d)(?:\s*(?:\/\s*5|sur\s+5|out\s+of\s+5)\b)?(?:\s*(?:stars?|étoiles?)\b)?[\s\-:,.!)]*(.*)$/isu;

export function satisfactionAnswerIn(text: string): { score: number; comment?: string } | undefined {
  const match = ANSWER.exec(text);
  if (!match) return undefined;
  // "1st street", "3rd": the digit starts a word, not a score.
  if (/^[a-z]/i.test(text.trim().slice(1)) && !/^\s*[1-5]\s/.test(text)) return undefined;
  const comment = match[2].trim();
  return { score: Number(match[1]), ...(comment ? { comment } : {}) };
}
