import { rmSync } from 'node:fs';
import { createUnderstander } from '../../understanding/createUnderstander';
import { caseNumberIn, permitNumberIn } from '../../understanding/pieces';
import { writeNluContent } from '../support/nluContent';

describe('pieces of a message', () => {
  it.each([
    ['status 48219375', '48219375'],
    ['whats up with 4821 9375', '48219375'],
    ['my case is 1234 5671', '12345671'],
    ['case #4821-9375 please', '48219375'],
    ['call me at 905-555-1234', null],
    ['my number is (905) 555 1234, case 48219375', '48219375'],
    ['+1 905 555 1234', null],
    ['pothole at 45 elm st', null],
  ])('the case number in %j is %s (a phone number is not one)', (text, number) => {
    expect(caseNumberIn(text)).toBe(number);
  });

  it('finds a permit number however it is typed', () => {
    expect(permitNumberIn('whats happening with bp 2026 142')).toBe('BP-2026-0142');
    expect(permitNumberIn('pothole on king')).toBeNull();
  });
});

describe('ModelUnderstander', () => {
  const root = writeNluContent();
  const understander = createUnderstander({ contentRoot: root, fallbackLocale: 'en' });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const understand = (text: string, locale = 'en') => understander.understand(text, { locale });

  it('reads a report: intent, category, place', async () => {
    const u = await understand('big pothole on king st at 45 Elm St');
    expect(u.intent).toBe('report_problem');
    expect(u.category).toBe('pothole');
    expect(u.categories[0]).toEqual({ id: 'pothole', score: expect.any(Number) });
    expect(u.place).toMatchObject({ text: '45 Elm St', kind: 'address' });
    expect(u.emergency).toBeNull();
  });

  it('scores: the three likeliest intents, best first, each 0..1', async () => {
    const { intents, intentConfidence } = await understand('when is garbage day on elm st');
    expect(intents).toHaveLength(3);
    expect(intents[0].score).toBe(intentConfidence);
    expect(intents.map((i) => i.score)).toEqual([...intents.map((i) => i.score)].sort((a, b) => b - a));
    for (const { score } of intents) expect(score).toBeGreaterThanOrEqual(0);
    expect(intents[0].score).toBeLessThanOrEqual(1);
  });

  it('reads a question: its topic', async () => {
    const u = await understand('when is garbage day on elm st');
    expect(u.intent).toBe('ask_question');
    expect(u.topic).toBe('collection-schedule');
  });

  it('names no category for a message that names no problem', async () => {
    for (const text of ['ok', 'thanks', 'can someone call me back']) {
      const u = await understand(text);
      expect(u.category).toBeNull();
      expect(u.categories.map((c) => c.id)).not.toContain('none');
    }
  });

  it('flags an emergency, and a gas emergency, first', async () => {
    expect((await understand('power line down and sparking on oak st')).emergency).toEqual({ gas: false });
    expect((await understand('i smell gas in my kitchen')).emergency).toEqual({ gas: true });
    expect((await understand('ça sent le gaz dans ma maison', 'fr')).emergency).toEqual({ gas: true });
  });

  it('does not call a dangerous pothole or a power outage an emergency; a hazard is urgent instead', async () => {
    const pothole = await understand('dangerous pothole near the school');
    expect(pothole.emergency).toBeNull();
    expect(pothole.urgent).toBe(true);
    expect((await understand('power outage on elm st who do i call')).emergency).toBeNull();
  });

  it('reads the language of each message, unsure for a neutral one', async () => {
    const french = await understand('le lampadaire est éteint sur la rue Queen depuis hier', 'en');
    expect(french.language).toBe('fr');
    expect(french.intent).toBe('report_problem');
    expect(french.category).toBe('streetlight');
    const neutral = await understand('48219375', 'fr');
    expect(neutral).toMatchObject({ language: 'fr', languageConfidence: 0, caseNumber: '48219375', intent: 'check_status' });
  });
});
