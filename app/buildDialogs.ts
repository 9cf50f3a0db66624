import { ConversationState } from 'botbuilder';
import { ResidentLanguage } from '../bot/ResidentLanguage';
import { CaseService } from '../cases/CaseService';
import { CaseGrouping } from '../cases/CaseGrouping';
import { Aside } from '../dialogs/Aside';
import { CallbackDialog } from '../dialogs/CallbackDialog';
import { CallbackSummary } from '../dialogs/CallbackSummary';
import { PersonDialog } from '../dialogs/PersonDialog';
import { OpeningHours } from '../hours/OpeningHours';
import { Callbacks } from './buildVoice';
import { ClarifyDialog } from '../dialogs/ClarifyDialog';
import { DroppedReport } from '../dialogs/DroppedReport';
import { FaqAnswers, LastQuestion, StreetFacts } from '../dialogs/FaqAnswers';
import { FaqDialog } from '../dialogs/FaqDialog';
import { InterruptionServices } from '../dialogs/InterruptibleDialog';
import { LanguageNames } from '../dialogs/LanguageNames';
import { MainDialog } from '../dialogs/MainDialog';
import { ReportDialog } from '../dialogs/ReportDialog';
import { ReportDraft } from '../dialogs/ReportDraft';
import { StatusDialog } from '../dialogs/StatusDialog';
import { StatusReports } from '../dialogs/StatusReports';
import { PermitStatusProvider } from '../permits/PermitStatusProvider';
import { NumberVerifications } from '../callbacks/NumberVerifications';
import { CallbackLimits } from '../dialogs/CallbackLimits';
import { LookupLimits } from '../dialogs/LookupLimits';
import { AttemptLedger } from '../storage/AttemptLedger';
import { KnowledgeBase } from '../understanding/KnowledgeBase';
import { PlaceReader, Understander } from '../understanding/Understanding';
import { Vocabulary } from '../understanding/Vocabulary';

export interface DialogParts {
  conversationState: ConversationState;
  residentLanguage: ResidentLanguage;
  understander: Understander;
  places: PlaceReader;
  streets: StreetFacts;
  knowledge: KnowledgeBase;
  vocabularies: Map<string, Vocabulary>;
  fallbackLocale: string;
  cases: CaseService;
  permits: PermitStatusProvider;
  /** Look-ups, codes and call-back requests, counted per resident, conversation, web address and target. */
  attempts: AttemptLedger;
  verifications: NumberVerifications;
  callbacks: Callbacks;
  hours: OpeningHours;
  /** A staff number is configured for transfers (CITY_STAFF_NUMBER). */
  canTransfer: boolean;
  clock: () => Date;
  grouping: CaseGrouping;
}

/** Part of the composition root: the dialogs and the services they share, built once. */
export function buildDialogs(parts: DialogParts): MainDialog {
  const { conversationState, residentLanguage, understander, vocabularies } = parts;
  const vocabulary = (locale: string): Vocabulary => {
    const words = vocabularies.get(locale) ?? vocabularies.get(parts.fallbackLocale);
    if (!words) throw new Error(`No vocabulary for "${locale}" nor "${parts.fallbackLocale}"`);
    return words;
  };
  const faqAnswers = new FaqAnswers(parts.knowledge, understander, conversationState.createProperty<LastQuestion | undefined>('lastQuestion'), parts.streets);
  const statusReports = new StatusReports(parts.cases, parts.permits, new LookupLimits(parts.attempts), new CallbackSummary(parts.callbacks.queue, parts.clock), parts.places);
  const languageNames = new LanguageNames(vocabularies);
  const services: InterruptionServices = { residentLanguage, languageNames, aside: new Aside(faqAnswers, statusReports), vocabulary };
  const { cases, hours, clock } = parts;
  const dropped = new DroppedReport(conversationState.createProperty('droppedReport'));
  const report = new ReportDialog(services, {
    drafts: conversationState.createProperty<ReportDraft>('reportDraft'),
    dropped,
    cases: parts.cases,
    grouping: parts.grouping,
    places: parts.places,
    understander,
    vocabulary,
  });
  return new MainDialog(
    {
      faq: new FaqDialog(faqAnswers),
      report,
      status: new StatusDialog(services, statusReports),
      clarify: new ClarifyDialog(services),
      person: new PersonDialog(services, { cases, hours, canTransfer: parts.canTransfer, clock }),
      callback: new CallbackDialog(services, {
        queue: parts.callbacks.queue,
        texts: parts.callbacks.texts,
        cases,
        hours,
        verifications: parts.verifications,
        limits: new CallbackLimits(parts.attempts),
        clock,
      }),
    },
    { understander, residentLanguage, languageNames, faqAnswers, dropped, vocabulary },
  );
}
