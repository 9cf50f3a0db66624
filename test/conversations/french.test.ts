import { CivicLine } from '../../app/createCivicLine';
import { startCivicLine } from '../support/civicLineHarness';
import { textsQueuedFor } from '../support/outbox';
import { waitFor } from '../support/waitFor';
import { answerOf, Resident } from './resident';

/** Issue 5, "French, complete": detected per message, remembered, switched on request, never on "ok". */
describe('a francophone resident', () => {
  let civicLine: CivicLine;
  beforeAll(async () => {
    civicLine = await startCivicLine('french');
  });
  afterAll(() => civicLine.close());

  it('gets French answers from the French knowledge base', async () => {
    const reply = await new Resident(civicLine).say('comment je fais pour avoir une licence pour mon chien?');
    expect(reply).toContain(answerOf('dog-licence', 'fr'));
  });

  it('files a report written in French, in French, and keeps French for the yes', async () => {
    const resident = new Resident(civicLine);
    const readBack = await resident.say('y a un gros nid de poule devant le 45 rue Elm, attention');
    expect(readBack).toMatch(/OUI/);
    const done = await resident.say('oui');
    expect(done).toMatch(/numéro de dossier/i);
    expect(await resident.onlyCase()).toMatchObject({ category: 'pothole', location: { street: 'Elm St', number: '45' } });
    expect((await resident.onlyCase()).reporters[0].locale).toBe('fr');
  });

  it('reads the place back with its French street names ("45, rue Elm", "rue King et rue Queen"), and files the town\'s own', async () => {
    const resident = new Resident(civicLine);
    const readBack = await resident.say('nid-de-poule devant le 45 rue Elm');
    expect(readBack).toContain('45, rue Elm');
    expect(readBack).not.toContain('Elm St');
    await resident.say('oui');
    const filed = await resident.onlyCase();
    expect(filed).toMatchObject({ location: { text: '45 Elm St' } });
    expect(await resident.say(`statut ${filed.number}`)).toContain('45, rue Elm');
    await civicLine.cases.changeStatus(filed.number, 'scheduled');
    await waitFor(async () => (await textsQueuedFor(civicLine, resident.phone)).some((text) => text.includes('Planifié')), 'the status notice');
    expect((await textsQueuedFor(civicLine, resident.phone)).find((text) => text.includes('Planifié'))).toContain('45, rue Elm');

    const crossing = await new Resident(civicLine).say('lampadaire brisé au coin de King et Queen');
    expect(crossing).toContain('rue King et rue Queen');
  });

  it('does not switch language on a short neutral message', async () => {
    const resident = new Resident(civicLine);
    await resident.say('bonjour, je veux signaler un lampadaire brisé');
    const where = await resident.say('ok');
    expect(where).toMatch(/Où|adresse|endroit/i);
    const afterAddress = await resident.say('45 Elm St');
    expect(afterAddress).toMatch(/OUI/);
  });

  it('switches on "français" and back on "English" at any time, and remembers it', async () => {
    const resident = new Resident(civicLine);
    expect(await resident.say('hi')).toMatch(/Town of Elmhurst/);
    expect(await resident.say('français')).toMatch(/en fran(ç|c)ais/i);
    expect(await resident.say('ok')).not.toMatch(/Town of Elmhurst/);
    expect(await resident.say('English please')).toMatch(/English/);
  });

  it('tells a French speaker in danger to call 911 first', async () => {
    const reply = await new Resident(civicLine).say('ça sent le gaz dans ma cuisine');
    expect(reply.split('\n')[0]).toContain('911');
  });
});
