import { TurnContext } from 'botbuilder';
import { turnLanguage } from '../i18n/TurnLanguage';

/** Danger to life or property: 911 is the first line, before anything else the bot says this turn. */
export async function sendEmergencyAdvice(context: TurnContext, emergency: { gas: boolean }): Promise<void> {
  const { t } = turnLanguage(context);
  const lines = [t('emergency.call911'), emergency.gas ? t('emergency.gas') : '', t('emergency.afterwards')];
  await context.sendActivity(lines.filter(Boolean).join('\n'));
}
