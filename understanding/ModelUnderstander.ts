import { CategoryId } from '../cases/categories';
import { INTENTS } from './intents';
import { LANGUAGE_SWITCH_CONFIDENCE, LanguageDetector } from './language/LanguageDetector';
import { rank } from './model/LinearClassifier';
import { CATEGORY_LABELS, NluModel, NO_CATEGORY } from './model/NluModel';
import { caseNumberIn, permitNumberIn } from './pieces';
import { SafetyNet } from './safety/SafetyNet';
import { PlaceFinder } from './places/Place';
import { Scored, Understander, Understanding } from './Understanding';

/** Below this a category or topic is not worth listing at all. */
export const LISTED = 0.05;
/** A problem whose best category scores below this gets a menu of the likely ones instead of a guess. */
export const CATEGORY_SURE = 0.5;
/** A question whose best topic scores below this is a weak match. */
export const TOPIC_SURE = 0.25;
/** A topic is only named for a message that may well be a question. */
export const QUESTION_PLAUSIBLE = 0.3;
/**
 * Emergencies get a lower bar than the best intent: "call 911 if anyone is in danger" once too often costs a
 * line of text, a missed emergency can cost a life. The intent stays the model's best, so a report that is
 * also flagged is still filed after the 911 line.
 */
export const EMERGENCY_SCORE = 0.3;
/** An emergency the gas classifier gives this much is about gas (the vocabulary's gas words count too). */
export const GAS_SCORE = 0.5;
/** A hazard phrase counts when the model gives the message at least this chance of being an emergency. */
export const HAZARD_FLOOR = 0.01;

export interface UnderstanderParts {
  model: NluModel;
  languages: LanguageDetector;
  places: PlaceFinder;
  safety: SafetyNet;
}

/**
 * The trained model behind the dialogs' Understander: one message in, what the resident wants out. The model
 * gives intent, category, topic and how sure it is; the vocabulary's safety net and the case, permit and
 * place finders add the rest.
 */
export class ModelUnderstander implements Understander {
  constructor(private readonly parts: UnderstanderParts) {}

  async understand(text: string, options: { locale?: string } = {}): Promise<Understanding> {
    const { model, safety } = this.parts;
    const vector = model.features.vector(text);
    const intentScores = model.intent.probabilities(vector);
    const intents = rank(intentScores, INTENTS, 3);
    const categories = model.category
      .ranked(vector, CATEGORY_LABELS.length)
      .filter((c): c is Scored<CategoryId> => c.id !== NO_CATEGORY && c.score >= LISTED)
      .slice(0, 3);
    const topics = model.topic.ranked(vector, 3).filter((t) => t.score >= LISTED);
    const questionScore = intentScores[INTENTS.indexOf('ask_question')];
    const detected = await this.parts.languages.detect(text, options.locale);

    const emergencyScore = intentScores[INTENTS.indexOf('emergency')];
    const danger = safety.assess(text);
    // A hazard phrase the model sees no trace of danger in is a false alarm ("the van hasn't moved in weeks").
    const isEmergency = emergencyScore >= EMERGENCY_SCORE || (danger.hazard && emergencyScore >= HAZARD_FLOOR);
    // A faint "emergency" on top (under EMERGENCY_SCORE) is not one: the next reading is what the message asks.
    const best = intents[0].id === 'emergency' && !isEmergency && intents[1] ? intents[1] : intents[0];
    const intent = best.id;

    const placeLocale = detected.confidence >= LANGUAGE_SWITCH_CONFIDENCE ? detected.language : (options.locale ?? detected.language);
    return {
      language: detected.language,
      languageConfidence: detected.confidence,
      intent,
      intentConfidence: best.score,
      intents,
      category: categories[0]?.score >= CATEGORY_SURE ? categories[0].id : null,
      categories,
      topic: questionScore >= QUESTION_PLAUSIBLE && topics[0]?.score >= TOPIC_SURE ? topics[0].id : null,
      topics,
      caseNumber: caseNumberIn(text),
      permitNumber: permitNumberIn(text),
      place: this.parts.places.find(text, placeLocale),
      emergency: isEmergency ? { gas: danger.gas || model.gas.probabilities(vector)[1] >= GAS_SCORE } : null,
      urgent: !isEmergency && danger.urgent,
    };
  }
}
