import { ConversationState, MemoryStorage, TestAdapter, TurnContext } from 'botbuilder';
import { ChoiceMemory } from '../../bot/ChoiceMemory';
import { Choice, chosenId, messageWithChoices } from '../../dialogs/choices';
import { smsText } from '../../channels/sms/smsText';

const MENU: Choice[] = [
  { id: 'menu:report', title: 'Report a problem' },
  { id: 'menu:status', title: 'Check on a report or permit' },
];

/** Runs two turns: the bot offers `offer` on the first; returns the choice the second message resolves to. */
async function resolveAfterOffer(offer: Choice[], reply: string): Promise<{ chosen?: string; text?: string }> {
  const state = new ConversationState(new MemoryStorage());
  const memory = new ChoiceMemory(state.createProperty<Choice[]>('offeredChoices'));
  let seen: { chosen?: string; text?: string } = {};
  const adapter = new TestAdapter(async (context: TurnContext) => {
    memory.remember(context);
    await memory.resolve(context);
    seen = { chosen: chosenId(context.activity), text: context.activity.text };
    if (context.activity.text === 'first') await context.sendActivity(messageWithChoices('Choose:', offer));
    await state.saveChanges(context);
  });
  await adapter.send('first');
  await adapter.send(reply);
  return seen;
}

describe('choices offered on one channel are picked the same way on all', () => {
  it.each(['2', '2.', '#2', 'option 2', ' 2 ', 'Option 2', 'choix 2', 'no. 2'])('takes "%s" as the second option', async (reply) => {
    expect(await resolveAfterOffer(MENU, reply)).toEqual({ chosen: 'menu:status', text: 'Check on a report or permit' });
  });

  it('takes the words of an option, whatever their case and punctuation', async () => {
    expect((await resolveAfterOffer(MENU, 'report a problem!')).chosen).toBe('menu:report');
  });

  it('leaves a number outside the menu, or any other message, as the resident wrote it', async () => {
    expect(await resolveAfterOffer(MENU, '3')).toEqual({ chosen: undefined, text: '3' });
    expect(await resolveAfterOffer(MENU, 'pothole on 12 Main St')).toEqual({ chosen: undefined, text: 'pothole on 12 Main St' });
    expect(await resolveAfterOffer(MENU, 'hello 1')).toEqual({ chosen: undefined, text: 'hello 1' });
    expect(await resolveAfterOffer(MENU, 'apt 2')).toEqual({ chosen: undefined, text: 'apt 2' });
  });

  it('maps nothing when the last message offered no choices', async () => {
    expect(await resolveAfterOffer([], '1')).toEqual({ chosen: undefined, text: '1' });
  });
});

describe('choices on SMS', () => {
  it('are numbered lines under the message', () => {
    expect(smsText(messageWithChoices('Choose:', MENU))).toBe('Choose:\n1. Report a problem\n2. Check on a report or permit');
  });
});
