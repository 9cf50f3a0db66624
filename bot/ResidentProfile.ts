/** What the bot remembers about a resident across conversations (user state). */
export interface ResidentProfile {
  /** The language they last used; set by language detection (a later issue) or by choice. */
  locale?: string;
}
