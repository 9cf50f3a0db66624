import request from 'supertest';
import { CivicLine } from '../../app/createCivicLine';
import { WebhookReceipts } from '../../channels/sms/WebhookReceipts';
import { smsWebhookParams, twilioSignature } from '../../scripts/smsClient';
import { recordingLogger, startCivicLine, TextingResident } from '../support/civicLineHarness';
import { photoSource } from '../support/photos';
import { CITY_NUMBER, PUBLIC_BASE_URL, SMS_WEBHOOK_URL, TEST_AUTH_TOKEN } from '../support/testConfig';

const photo = (n: number) => ({ url: `https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME${n}`, contentType: 'image/jpeg' });

describe('POST /twilio/sms', () => {
  let civicLine: CivicLine;
  beforeAll(async () => {
    civicLine = await startCivicLine('smsWebhook');
  });
  afterAll(() => civicLine.close());

  const postSigned = (params: Record<string, string>) =>
    request(civicLine.app)
      .post('/twilio/sms')
      .set('X-Twilio-Signature', twilioSignature(TEST_AUTH_TOKEN, SMS_WEBHOOK_URL, params))
      .type('form')
      .send(params);

  const paramsFrom = (phone: string, body: string) =>
    smsWebhookParams({ webhookUrl: SMS_WEBHOOK_URL, authToken: TEST_AUTH_TOKEN, from: phone, to: CITY_NUMBER }, body);

  describe('security', () => {
    it('refuses an unsigned request with 403 and files nothing', async () => {
      const params = paramsFrom('+12895550101', 'pothole at 1 Main St, deep and dangerous for bikes');
      const response = await request(civicLine.app).post('/twilio/sms').type('form').send(params);
      expect(response.status).toBe(403);
      expect(await civicLine.cases.listForReporter('+12895550101')).toHaveLength(0);
    });

    it('refuses a signature made with another auth token', async () => {
      const params = paramsFrom('+12895550102', 'hi');
      const response = await request(civicLine.app)
        .post('/twilio/sms')
        .set('X-Twilio-Signature', twilioSignature('some-other-token', SMS_WEBHOOK_URL, params))
        .type('form')
        .send(params);
      expect(response.status).toBe(403);
    });

    it('refuses a signed request whose fields were changed on the way', async () => {
      const params = paramsFrom('+12895550103', 'hi');
      const signature = twilioSignature(TEST_AUTH_TOKEN, SMS_WEBHOOK_URL, params);
      const response = await request(civicLine.app)
        .post('/twilio/sms')
        .set('X-Twilio-Signature', signature)
        .type('form')
        .send({ ...params, From: '+12895550999' });
      expect(response.status).toBe(403);
    });

    it('checks the signature against PUBLIC_BASE_URL, not the Host header', async () => {
      const params = paramsFrom('+12895550104', 'hi');
      const response = await request(civicLine.app)
        .post('/twilio/sms')
        .set('Host', 'attacker.example')
        .set('X-Twilio-Signature', twilioSignature(TEST_AUTH_TOKEN, 'http://attacker.example/twilio/sms', params))
        .type('form')
        .send(params);
      expect(response.status).toBe(403);
    });
  });

  describe('proxies', () => {
    it('takes no client address from X-Forwarded-For (any client can send one): Express trusts no proxy', () => {
      expect(civicLine.app.get('trust proxy')).toBe(false);
    });
  });

  describe('bad input', () => {
    it('answers 400, not 500, to a signed request missing the sender', async () => {
      const params = paramsFrom('+12895550105', 'hi');
      delete (params as Record<string, string | undefined>).From;
      const response = await postSigned(params);
      expect(response.status).toBe(400);
    });

    it('answers 413 to an oversized body', async () => {
      const params = paramsFrom('+12895550106', 'x'.repeat(100_000));
      const response = await postSigned(params);
      expect(response.status).toBe(413);
    });

    it('answers a JSON body with a 4xx', async () => {
      const response = await request(civicLine.app).post('/twilio/sms').set('X-Twilio-Signature', 'x').send({ Body: 'hi' });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    });

    it('replies politely to an empty text', async () => {
      const resident = new TextingResident(civicLine, '+12895550107');
      expect(await resident.say('   ')).toContain('I got an empty message');
    });

    it('keeps a very long description (SMS allows 1,600 characters) and replies within SMS limits', async () => {
      const resident = new TextingResident(civicLine, '+12895550108');
      const long = `pothole at 12 King St ${'and it keeps getting bigger every day '.repeat(40)}`.slice(0, 1600);
      const reply = await resident.send(long);
      expect(reply.status).toBe(200);
      for (const message of reply.replies) expect(message.length).toBeLessThanOrEqual(1600);
      const done = await resident.say('yes');
      const number = /case number is (\d{8})/.exec(done)![1];
      expect((await civicLine.cases.findByNumber(number))!.description).toBe(long.trim());
    });
  });

  describe('retries', () => {
    it('handles a webhook delivered twice only once and answers the same', async () => {
      const resident = new TextingResident(civicLine, '+12895550110');
      await resident.say('pothole at 50 Queen St, about a foot wide in the bike lane');
      const sid = 'SM' + 'b'.repeat(32);
      const first = await resident.send('yes', [], sid);
      const second = await resident.send('yes', [], sid);
      expect(second.status).toBe(200);
      expect(second.twiml).toBe(first.twiml);
      expect(first.replies[0]).toMatch(/case number is \d{8}/);
      expect(await civicLine.cases.listForReporter('+12895550110')).toHaveLength(1);
    });
  });

  describe('database blips', () => {
    it('still confirms a filed case when recording the answer to Twilio fails', async () => {
      const resident = new TextingResident(civicLine, '+12895550119');
      await resident.say('pothole at 8 Pine St, deep enough to damage a wheel');
      const complete = jest.spyOn(WebhookReceipts.prototype, 'complete').mockRejectedValueOnce(new Error('connection reset'));
      try {
        expect(await resident.say('yes')).toMatch(/case number is \d{8}/);
        expect(complete).toHaveBeenCalled();
      } finally {
        complete.mockRestore();
      }
      expect(await civicLine.cases.listForReporter('+12895550119')).toHaveLength(1);
    });
  });

  describe('photos', () => {
    it('starts a report from a photo with a caption that names no problem', async () => {
      const resident = new TextingResident(civicLine, '+12895550119');
      expect(await resident.say('look at this', [photo(7)])).toContain("What's the problem?");
    });

    it('keeps every photo of a multi-photo MMS and photos sent later in the report', async () => {
      const resident = new TextingResident(civicLine, '+12895550111');
      const summary = await resident.say('graffiti all over the wall behind the arena on Victoria St', [photo(1), photo(2), photo(3)]);
      expect(summary).toContain('3 photos.');
      expect(await resident.say('', [photo(4)])).toContain('4 photos with your report');
      const number = /case number is (\d{8})/.exec(await resident.say('yes'))![1];
      const stored = await civicLine.cases.findByNumber(number);
      // The case keeps CivicLine's own copies (staff URLs), each made from the photo Twilio received.
      expect(stored!.photos.every((p) => p.url.startsWith(`${PUBLIC_BASE_URL}/staff/photos/`))).toBe(true);
      expect(await Promise.all(stored!.photos.map((p) => photoSource(civicLine, p.url)))).toEqual([1, 2, 3, 4].map((n) => photo(n).url));
    });

    it('starts a report from a photo sent on its own', async () => {
      const resident = new TextingResident(civicLine, '+12895550112');
      expect(await resident.say('', [photo(9)])).toContain("What's the problem?");
    });
  });

  describe('carrier keywords', () => {
    it('records STOP without replying, stays silent while opted out, and resumes after START', async () => {
      const resident = new TextingResident(civicLine, '+12895550113');
      const stop = await resident.send('STOP');
      expect(stop.status).toBe(200);
      expect(stop.replies).toEqual([]);
      expect((await resident.send('how do I license my dog?')).replies).toEqual([]);
      expect((await resident.send('START')).replies).toEqual([]);
      expect(await resident.say('how do I license my dog?')).toContain('Every dog over 12 weeks');
    });

    it('records the French ARRÊT like STOP, accent or not, without replying', async () => {
      const resident = new TextingResident(civicLine, '+12895550141');
      expect((await resident.send('Arrêt.')).replies).toEqual([]);
      expect((await resident.send('how do I license my dog?')).replies).toEqual([]);
      await resident.send('START');
      await resident.send('ARRET');
      expect((await resident.send('how do I license my dog?')).replies).toEqual([]);
    });

    it('never texts an opted-out number proactively', async () => {
      const resident = new TextingResident(civicLine, '+12895550114');
      await resident.send('stop');
      const sent = await civicLine.sms.sendActivities(
        { activity: { from: { id: '+12895550114' } } } as never,
        [{ type: 'message', text: 'Your case was updated' }],
      );
      expect(sent).toEqual([{ id: '' }]);
    });

    it('answers HELP inside a report with help, then the same question', async () => {
      const resident = new TextingResident(civicLine, '+12895550115');
      await resident.say('the streetlight is out');
      const help = await resident.say('HELP');
      expect(help).toMatch(/You can answer the question below[\s\S]*Where is it\?/);
    });
  });

  describe('status', () => {
    it('gives a case status by number, typed with spaces or hyphens, and lists my reports', async () => {
      const resident = new TextingResident(civicLine, '+12895550116');
      await resident.say('pothole at 7 Oak St, deep enough to damage a wheel');
      const number = /case number is (\d{8})/.exec(await resident.say('yes'))![1];
      const spaced = `${number.slice(0, 4)} ${number.slice(4)}`;
      const hyphened = `${number.slice(0, 4)}-${number.slice(4)}`;
      for (const typed of [`status ${spaced}`, hyphened]) {
        const reply = await resident.say(typed);
        expect(reply).toMatch(new RegExp(`Case ${number}: Pothole at 7 Oak St\\. Status: Received \\(since .+\\)\\.[\\s\\S]*Expected done by`));
      }
      await civicLine.cases.changeStatus(number, 'scheduled', 'Crew booked for Thursday morning');
      const mine = await resident.say("what's happening with my reports?");
      expect(mine).toContain(`Case ${number}`);
      expect(mine).toContain('Status: Scheduled');
      expect(mine).toContain('Note from staff: Crew booked for Thursday morning');
    });

    it("shows a case's status to anyone with its number but never the reporter's phone, and lists only my own", async () => {
      const reporter = new TextingResident(civicLine, '+12895550117');
      await reporter.say('graffiti on the library wall at 50 Queen St, big red letters');
      const number = /case number is (\d{8})/.exec(await reporter.say('yes'))![1];
      const stranger = new TextingResident(civicLine, '+12895550118');
      const seen = await stranger.say(`status ${number}`);
      expect(seen).toContain(`Case ${number}: Graffiti.`);
      expect(seen).not.toContain('Queen St');
      expect(seen).not.toMatch(/\+?1?2895550117/);
      expect(await stranger.say('my reports')).not.toContain(number);
    });
  });
});

describe('GET /healthz', () => {
  it('answers 200 with the database state (in detail for staff)', async () => {
    const staffToken = 'healthz-staff-token-0123456789';
    const civicLine = await startCivicLine('healthz', { STAFF_API_TOKENS: `agent:${staffToken}` });
    const response = await request(civicLine.app).get('/healthz').set('Authorization', `Bearer ${staffToken}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', database: 'up', outages: 0, restarts: 0 });
    await civicLine.close();
    const down = await request(civicLine.app).get('/healthz').set('Authorization', `Bearer ${staffToken}`);
    expect(down.status).toBe(503);
    expect(down.body.database).toBe('down');
  });
});

describe('operator logs', () => {
  it("show a failed turn's conversation with the residents' phone numbers masked", async () => {
    const logger = recordingLogger();
    const civicLine = await startCivicLine('maskedLogs', {}, undefined, { logger });
    try {
      jest.spyOn(civicLine.bot, 'run').mockRejectedValueOnce(new Error('dialog state unreadable for +12895550120'));
      const resident = new TextingResident(civicLine, '+12895550120');
      expect(await resident.say('hi')).toContain('Sorry, something went wrong on our side');

      const logged = logger.lines.join('\n');
      expect(logged).toContain('Turn failed in conversation +1******0100:+1******0120');
      expect(logged).toContain('dialog state unreadable for +1******0120');
      expect(logged).not.toMatch(/2895550120|5555550100/);
    } finally {
      jest.restoreAllMocks();
      await civicLine.close();
    }
  });
});

describe('a conversation left for a long time', () => {
  it('starts afresh, says the old report was not sent, and answers the new message', async () => {
    const civicLine = await startCivicLine('idle', { CONVERSATION_IDLE_MINUTES: '0.002' });
    try {
      const resident = new TextingResident(civicLine, '+12895550120');
      expect(await resident.say('the streetlight is out')).toContain('Where is it?');
      await new Promise((r) => setTimeout(r, 300));
      const reply = await resident.say('how do I license my dog?');
      expect(reply).toMatch(/I've dropped what we started earlier \(nothing was sent\)[\s\S]*Every dog over 12 weeks/);
    } finally {
      await civicLine.close();
    }
  });

  it('does not take a "1" sent long after a menu for that menu\'s first option', async () => {
    const civicLine = await startCivicLine('idleChoice', { CONVERSATION_IDLE_MINUTES: '0.002' });
    try {
      const resident = new TextingResident(civicLine, '+12895550122');
      expect(await resident.say('can someone call me back')).toMatch(/When should we call you\?\n1\. /);
      await new Promise((r) => setTimeout(r, 300));
      const reply = await resident.say('1');
      expect(reply).toMatch(/I've dropped what we started earlier/);
      expect(reply).not.toMatch(/Which language/);
      expect(await civicLine.callbacks.queue.activeFor(resident.phone)).toEqual([]);
    } finally {
      await civicLine.close();
    }
  });
});

describe('a conversation whose saved state no longer fits the bot (e.g. a dialog renamed by an upgrade)', () => {
  it('apologises, starts the conversation afresh, and the next message works', async () => {
    const civicLine = await startCivicLine('brokenState');
    try {
      const resident = new TextingResident(civicLine, '+12895550121');
      expect(await resident.say('the streetlight is out')).toContain('Where is it?');
      const states = civicLine.database.connection.collection<{ _id: string; json: string }>('botState');
      const key = `sms/conversations/${CITY_NUMBER}:+12895550121/`;
      const saved = await states.findOne({ _id: key });
      await states.updateOne({ _id: key }, { $set: { json: saved!.json.replace(/reportLocationPrompt/g, 'aPromptThatNoLongerExists') } });

      expect(await resident.say('40 King St')).toContain("I've started our conversation over");
      expect(await resident.say('how do I license my dog?')).toContain('Every dog over 12 weeks');
    } finally {
      await civicLine.close();
    }
  });
});

