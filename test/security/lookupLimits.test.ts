import { potholeReport } from '../support/reports';
import { WebServer } from '../support/webChatHarness';
import { WebChatter } from '../support/webChatter';

/**
 * Attack: look-up limits counted per web user, so a fresh Direct Line conversation started over and a permit's
 * postal code could be guessed. Limits now count per conversation, per address and per target (the permit or
 * case number) too.
 */
const ENV = { TRUST_PROXY: '1', RATE_LIMIT_IP_PER_MINUTE: '10000', RATE_LIMIT_CONVERSATION_PER_MINUTE: '1000' };
const from = (ip: string) => ({ 'X-Forwarded-For': ip });

/** Wrong postal codes of the right shape (the permits below are L4X 2B7, L4X 3C1 and L4X 1A9). */
const wrongPostalCodes = Array.from({ length: 40 }, (_, i) => `M${i % 10}R ${(i * 7) % 10}Z${Math.floor(i / 10)}`);

/** One guess from a fresh conversation: "status <permit>", then a postal code. Answers whether the permit was shown. */
async function guessFromFreshConversation(server: WebServer, ip: string, permit: string, postalCode: string, address: string): Promise<boolean> {
  const chatter = await WebChatter.start(server, from(ip));
  const asked = await chatter.say(`status ${permit}`);
  if (asked.includes(address)) return true;
  return (await chatter.say(postalCode)).includes(address);
}

/**
 * Fresh conversations, one after another, each making one wrong guess; then the right postal code. (Guesses made
 * at the same moment may all be refused at once, which would leave the attacker's budget unspent: one at a time is
 * the attacker's best.)
 */
async function guessRun(server: WebServer, permit: string, right: string, address: string, ipOf: (i: number) => string, wrongGuesses: number): Promise<boolean> {
  for (let i = 0; i < wrongGuesses; i++) expect(await guessFromFreshConversation(server, ipOf(i), permit, wrongPostalCodes[i], address)).toBe(false);
  return guessFromFreshConversation(server, ipOf(wrongGuesses), permit, right, address);
}

/** Many fresh conversations: slow on a loaded machine. */
const SLOW = 300_000;

describe('permit and case look-ups from web chat', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await WebServer.start('lookupLimits', ENV);
  });
  afterAll(() => server.stop());

  it('stops postal-code guessing across 30 fresh conversations from one address', async () => {
    expect(await guessRun(server, 'BP-2026-0142', 'L4X 2B7', '27 Elm St', () => '198.51.100.20', 29)).toBe(false);
  }, SLOW);

  it('stops postal-code guessing across fresh conversations from many addresses (the permit keeps its own count)', async () => {
    expect(await guessRun(server, 'BP-2026-0157', 'L4X 3C1', '9 Maple Ave', (i) => `203.0.113.${i + 1}`, 15)).toBe(false);
  }, SLOW);

  it('lets a resident who made a couple of mistakes see their permit', async () => {
    const resident = await WebChatter.start(server, from('198.51.100.30'));
    await resident.say('status BP-2026-0163');
    expect(await resident.say('L4X 1A8')).not.toContain('310 King St');
    await resident.say('status BP-2026-0163');
    expect(await resident.say('L4X1B9')).not.toContain('310 King St');
    await resident.say('status BP-2026-0163');
    expect(await resident.say('l4x 1a9')).toContain('310 King St');
  });

  it('stops case-number guessing from fresh conversations at one address, not residents elsewhere', async () => {
    const opened = await server.civicLine.cases.open(potholeReport('+12895552101'));
    for (let i = 0; i < 16; i++) await (await WebChatter.start(server, from('198.51.100.40'))).say(`status ${String(10_000_000 + i * 7919)}`);
    const blocked = await (await WebChatter.start(server, from('198.51.100.40'))).say(`status ${opened.number}`);
    expect(blocked).not.toContain(`Case ${opened.number}`);
    const elsewhere = await (await WebChatter.start(server, from('198.51.100.41'))).say(`status ${opened.number}`);
    expect(elsewhere).toContain(`Case ${opened.number}`);
  }, SLOW);
});

describe('a case whose look-ups strangers used up', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await WebServer.start('lookupLimitsOwner', ENV);
  });
  afterAll(() => server.stop());

  it('still answers its own reporter, whose identity comes from the channel', async () => {
    const reporter = await WebChatter.start(server, from('203.0.113.9'));
    const opened = await server.civicLine.cases.open({ ...potholeReport('+12895552103'), reporter: { ...potholeReport('+12895552103').reporter, channel: 'webchat', address: reporter.session.userId } });
    // Strangers from many addresses spend the case's look-ups for the hour.
    let refused = false;
    for (let i = 0; i < 60 && !refused; i++) {
      refused = !(await (await WebChatter.start(server, from(`198.51.100.${100 + i}`))).say(`status ${opened.number}`)).includes(`Case ${opened.number}`);
    }
    expect(refused).toBe(true);
    const own = await reporter.say(`status ${opened.number}`);
    expect(own).toContain(`Case ${opened.number}`);
  }, SLOW);
});

describe('look-ups behind no trusted proxy', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await WebServer.start('lookupLimitsNoProxy', { RATE_LIMIT_IP_PER_MINUTE: '10000', RATE_LIMIT_CONVERSATION_PER_MINUTE: '1000' });
  });
  afterAll(() => server.stop());

  it('counts the connection\'s own address: a made-up X-Forwarded-For on each request does not start over', async () => {
    const opened = await server.civicLine.cases.open(potholeReport('+12895552102'));
    for (let i = 0; i < 16; i++) await (await WebChatter.start(server, from(`192.0.2.${i + 1}`))).say(`status ${String(20_000_000 + i * 7919)}`);
    const blocked = await (await WebChatter.start(server, from('192.0.2.200'))).say(`status ${opened.number}`);
    expect(blocked).not.toContain(`Case ${opened.number}`);
  }, SLOW);
});
