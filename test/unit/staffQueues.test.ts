import { parseStaffQueues } from '../../staff/staffQueues';
import { testConfig } from '../support/testConfig';

describe('STAFF_QUEUES: which queues each agent works', () => {
  it('reads agent:queue1|queue2 entries', () => {
    const { queues, problems } = parseStaffQueues('ann:roads|bylaw; bob:waste');
    expect(problems).toEqual([]);
    expect([...queues]).toEqual([
      ['ann', ['roads', 'bylaw']],
      ['bob', ['waste']],
    ]);
  });

  it('names every problem: a misspelt queue, a bad name, an agent twice, an empty list', () => {
    const { problems } = parseStaffQueues('ann:roads;dee:road;b b:roads;ann:bylaw;cy:');
    expect(problems).toEqual([
      expect.stringContaining('unknown queue "road"'),
      expect.stringContaining('must be agentName:queue1|queue2'),
      expect.stringContaining('"ann" is listed twice'),
      expect.stringContaining('name at least one queue'),
    ]);
  });

  it('stops start-up on a bad STAFF_QUEUES, naming it', () => {
    expect(() => testConfig({ STAFF_QUEUES: 'ann:rodas' })).toThrow(/STAFF_QUEUES.*unknown queue "rodas"/);
    expect(testConfig({ STAFF_QUEUES: '' }).staffQueues.size).toBe(0);
  });
});
