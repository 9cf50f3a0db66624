// TEMPORARY bridge: the keyword Recognizer behind the new Understanding interface, until the trained model lands.
import { CATEGORY_IDS } from '../cases/categories';
import { Intent } from './intents';
import { Recognizer } from './Recognizer';
import { PlaceFinder } from './places/Place';
import { Understander, Understanding } from './Understanding';

const INTENT_OF: Record<string, Intent> = {
  help: 'help', cancel: 'cancel', restart: 'cancel', status: 'check_status', report: 'report_problem', question: 'ask_question',
  greeting: 'greeting', thanks: 'thanks', none: 'unknown',
};

export class LegacyUnderstander implements Understander {
  constructor(
    private readonly recognizer: Recognizer,
    private readonly places: PlaceFinder,
  ) {}

  async understand(text: string, options: { locale?: string }): Promise<Understanding> {
    const locale = options.locale ?? 'en';
    const r = this.recognizer.recognize(text, locale);
    let intent: Intent = INTENT_OF[r.intent];
    if (this.recognizer.isYes(text, locale)) intent = 'affirm';
    else if (this.recognizer.isNo(text, locale) && intent !== 'cancel') intent = 'deny';
    if (/\b(911|fire|smoke|sparking|gas|collapsed|someone (is )?hurt)\b/i.test(text)) intent = 'emergency';
    if (/\b(call me|speak to|talk to|person|human|someone call)\b/i.test(text)) intent = 'talk_to_person';
    if (/\b(fran[cç]ais|english)\b/i.test(text)) intent = 'change_language';
    return {
      language: /[àâçéèêëîïôûù]|\b(je|le|la|une|est|svp|bonjour)\b/i.test(text) ? 'fr' : 'en',
      languageConfidence: text.split(' ').length > 3 ? 0.9 : 0.2,
      intent,
      intentConfidence: 0.9,
      intents: [{ id: intent, score: 0.9 }],
      category: r.topCategories.length === 1 ? r.topCategories[0] : null,
      categories: r.topCategories.map((id) => ({ id, score: 0.3 })).filter((c) => CATEGORY_IDS.includes(c.id)),
      topic: null,
      topics: [],
      caseNumber: r.caseNumber ?? null,
      permitNumber: r.permitNumber ?? null,
      place: this.places.find(text, locale),
      emergency: intent === 'emergency' ? { gas: /gas/i.test(text) } : null,
      urgent: r.urgent,
    };
  }
}

