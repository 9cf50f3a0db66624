import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CATEGORY_IDS } from '../../cases/categories';
import { isValidCaseNumber } from '../../cases/caseNumber';
import { PROJECT_ROOT } from '../support/paths';

/** The held-out sets bench:nlu scores the model on: a mislabelled line would make a good model look bad. */
const HELDOUT_DIR = path.join(PROJECT_ROOT, 'test', 'nlu', 'heldout');
const INTENTS = ['report_problem', 'check_status', 'ask_question', 'request_callback', 'talk_to_person', 'emergency',
  'change_language', 'help', 'cancel', 'greeting', 'thanks', 'affirm', 'deny', 'unknown'];
/** Sizes the issue asks for; the spread asked of the French set by its brief. */
const MIN_LINES: Record<string, number> = { en: 300, fr: 150 };
const SPREAD: Record<string, { perCategory: number; topics: number; perIntent: number; emergencies: number; gas: number }> = {
  fr: { perCategory: 4, topics: 30, perIntent: 4, emergencies: 10, gas: 3 },
};
/** As the town writes places: "45 Elm St", "King St & Queen St". */
const STREET = "[A-Z][A-Za-z']*(?: [A-Z][A-Za-z']*)? (?:St|Ave|Rd|Dr|Cres|Blvd|Ct|Way|Lane|Pl)";
const ADDRESS = new RegExp(`^(?:\\d+[A-Z]? ${STREET}|${STREET} & ${STREET})$`);

interface Line {
  text: string;
  intent: string;
  category?: string;
  topic?: string;
  gas?: boolean;
  address?: string;
  caseNumber?: string;
}

const files = existsSync(HELDOUT_DIR) ? readdirSync(HELDOUT_DIR).filter((f) => f.endsWith('.jsonl')) : [];

describe.each(files)('held-out set %s', (file) => {
  const locale = path.basename(file, '.jsonl');
  const lines = readFileSync(path.join(HELDOUT_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Line);
  const knowledgeDir = path.join(PROJECT_ROOT, 'knowledge', existsSync(path.join(PROJECT_ROOT, 'knowledge', locale)) ? locale : 'en');
  const topics = new Set(readdirSync(knowledgeDir).map((f) => path.basename(f, '.md')));

  it('labels every line with the shared names, and only the fields its intent carries', () => {
    const wrong = lines.filter(
      (l) =>
        !l.text?.trim() ||
        !INTENTS.includes(l.intent) ||
        (l.intent === 'report_problem') !== (l.category !== undefined) ||
        (l.category !== undefined && !(CATEGORY_IDS as readonly string[]).includes(l.category)) ||
        (l.intent === 'ask_question') !== (l.topic !== undefined) ||
        (l.topic !== undefined && !topics.has(l.topic)) ||
        (l.gas !== undefined && (l.intent !== 'emergency' || l.gas !== true)),
    );
    expect(wrong).toEqual([]);
  });

  it('gives addresses as the town writes them and case numbers that exist in the text and pass the check digit', () => {
    expect(lines.filter((l) => l.address !== undefined && !ADDRESS.test(l.address))).toEqual([]);
    expect(
      lines.filter((l) => l.caseNumber !== undefined && (!isValidCaseNumber(l.caseNumber) || !l.text.replace(/[\s-]/g, '').includes(l.caseNumber))),
    ).toEqual([]);
  });

  it('has no line twice', () => {
    const texts = lines.map((l) => l.text.trim().toLowerCase());
    expect(texts.filter((t, i) => texts.indexOf(t) !== i)).toEqual([]);
  });

  it('is as large and as varied as the issue asks', () => {
    expect(lines.length).toBeGreaterThanOrEqual(MIN_LINES[locale] ?? 150);
    const spread = SPREAD[locale];
    if (!spread) return;
    const count = (pick: (l: Line) => boolean) => lines.filter(pick).length;
    expect(CATEGORY_IDS.filter((c) => count((l) => l.category === c) < spread.perCategory)).toEqual([]);
    expect(new Set(lines.map((l) => l.topic).filter(Boolean)).size).toBeGreaterThanOrEqual(spread.topics);
    expect(INTENTS.filter((i) => count((l) => l.intent === i) < spread.perIntent)).toEqual([]);
    expect(count((l) => l.intent === 'emergency')).toBeGreaterThanOrEqual(spread.emergencies);
    expect(count((l) => l.gas === true)).toBeGreaterThanOrEqual(spread.gas);
  });
});
