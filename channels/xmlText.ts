/**
 * Characters XML 1.0 cannot carry: C0 controls other than tab, line feed and carriage return, lone surrogate halves,
 * U+FFFE and U+FFFF. The TwiML builder throws on any of them, so a resident's stray byte would cost their answer.
 */
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without the characters XML cannot carry (they are removed: none of them is visible or spoken). */
export function xmlSafe(text: string): string {
  return text.replace(NOT_IN_XML, '');
}

/** True when XML can carry every character of the text as it is. */
export function isXmlSafe(text: string): boolean {
  NOT_IN_XML.lastIndex = 0;
  return !NOT_IN_XML.test(text);
}
