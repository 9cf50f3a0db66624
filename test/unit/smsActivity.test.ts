import { ActivityTypes } from 'botbuilder';
import { readSmsPayload, SMS_CHANNEL_ID, smsConversationId, smsConversationReference, smsToActivity } from '../../channels/sms/smsActivity';
import { newMessageSid, smsWebhookParams } from '../../scripts/smsClient';

const CITY = '+15555550100';
const RESIDENT = '+12895550001';
const SERVICE_URL = 'https://civicline.example.test';
const options = { webhookUrl: `${SERVICE_URL}/twilio/sms`, authToken: 'test-auth-token', from: RESIDENT, to: CITY };
const photo = (i: number) => ({ url: `https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME${i}`, contentType: i % 2 ? 'image/png' : 'image/jpeg' });

describe('readSmsPayload: the Twilio webhook body', () => {
  it('accepts what Twilio sends', () => {
    const params = smsWebhookParams(options, 'pothole on king st');
    expect(readSmsPayload(params)).toMatchObject({ MessageSid: params.MessageSid, From: RESIDENT, To: CITY, Body: 'pothole on king st' });
  });

  it('accepts an MMS sid and the older SmsMessageSid field', () => {
    const mms = 'MM' + 'a1'.repeat(16);
    expect(readSmsPayload({ MessageSid: mms, From: RESIDENT, To: CITY })?.MessageSid).toBe(mms);
    const sid = newMessageSid();
    expect(readSmsPayload({ SmsMessageSid: sid, From: RESIDENT, To: CITY })?.MessageSid).toBe(sid);
  });

  it('refuses a body with a field that is not text: Twilio sends only strings, anything else is someone else', () => {
    expect(readSmsPayload({ MessageSid: newMessageSid(), From: RESIDENT, To: CITY, Body: 'hi', Extra: { nested: true } })).toBeNull();
    expect(readSmsPayload({ MessageSid: newMessageSid(), From: RESIDENT, To: CITY, Body: 'hi', Count: 3 })).toBeNull();
    expect(readSmsPayload({ MessageSid: newMessageSid(), From: RESIDENT, To: CITY, Body: { $ne: null } })).toBeNull();
  });

  const valid = { MessageSid: 'SM' + '0123456789abcdef'.repeat(2), From: RESIDENT, To: CITY, Body: 'hi' };
  it.each<[string, unknown]>([
    ['no body at all', undefined],
    ['null', null],
    ['a string', 'MessageSid=SM123'],
    ['missing MessageSid', { ...valid, MessageSid: undefined }],
    ['empty MessageSid', { ...valid, MessageSid: '' }],
    ['MessageSid of the wrong kind', { ...valid, MessageSid: 'AC' + '0'.repeat(32) }],
    ['MessageSid too short', { ...valid, MessageSid: 'SM1234' }],
    ['MessageSid with non-hex digits', { ...valid, MessageSid: 'SM' + 'z'.repeat(32) }],
    ['MessageSid with trailing text', { ...valid, MessageSid: `${valid.MessageSid}x` }],
    ['MessageSid not a string', { ...valid, MessageSid: 12345 }],
    ['missing From', { ...valid, From: undefined }],
    ['empty From', { ...valid, From: '' }],
    ['From not a string', { ...valid, From: ['+12895550001'] }],
    ['missing To', { ...valid, To: undefined }],
    ['empty To', { ...valid, To: '' }],
  ])('rejects %s', (_problem, body) => {
    expect(readSmsPayload(body)).toBeNull();
  });
});

describe('smsToActivity: one SMS as a Bot Framework message', () => {
  it('maps the text, both numbers, the conversation and asks for replies in the response', () => {
    const params = smsWebhookParams(options, 'garbage wasnt picked up on elm st');
    const activity = smsToActivity(readSmsPayload(params)!, SERVICE_URL);
    expect(activity).toMatchObject({
      type: ActivityTypes.Message,
      id: params.MessageSid,
      channelId: SMS_CHANNEL_ID,
      serviceUrl: SERVICE_URL,
      text: 'garbage wasnt picked up on elm st',
      from: { id: RESIDENT },
      recipient: { id: CITY },
      conversation: { id: smsConversationId(CITY, RESIDENT), isGroup: false },
      deliveryMode: 'expectReplies',
      attachments: [],
    });
    expect(activity.channelData).toMatchObject({ From: RESIDENT, To: CITY });
  });

  it('an MMS without text has empty text', () => {
    const params: Record<string, string> = smsWebhookParams(options, '', [photo(0)]);
    delete params.Body;
    const activity = smsToActivity(readSmsPayload(params)!, SERVICE_URL);
    expect(activity.text).toBe('');
    expect(activity.attachments).toHaveLength(1);
  });

  it('gives each resident their own conversation with each city number', () => {
    expect(smsConversationId(CITY, RESIDENT)).not.toBe(smsConversationId(CITY, '+12895550002'));
    expect(smsConversationId(CITY, RESIDENT)).not.toBe(smsConversationId('+15555550199', RESIDENT));
    expect(smsConversationReference(CITY, RESIDENT, SERVICE_URL)).toMatchObject({
      channelId: SMS_CHANNEL_ID,
      user: { id: RESIDENT },
      bot: { id: CITY },
      conversation: { id: smsConversationId(CITY, RESIDENT) },
    });
  });

  it.each([1, 3, 10])('turns every one of %i photos into an attachment, in order', (count) => {
    const media = Array.from({ length: count }, (_, i) => photo(i));
    const activity = smsToActivity(readSmsPayload(smsWebhookParams(options, 'see photos', media))!, SERVICE_URL);
    expect(activity.attachments).toEqual(media.map((m) => ({ contentUrl: m.url, contentType: m.contentType })));
  });

  it('takes at most 10 media items', () => {
    const media = Array.from({ length: 12 }, (_, i) => photo(i));
    const activity = smsToActivity(readSmsPayload(smsWebhookParams(options, '', media))!, SERVICE_URL);
    expect(activity.attachments).toEqual(media.slice(0, 10).map((m) => ({ contentUrl: m.url, contentType: m.contentType })));
  });

  it.each(['3', '10', '999'])('a NumMedia of %j yields exactly the photos sent', (numMedia) => {
    const params = { ...smsWebhookParams(options, 'photos', [photo(0), photo(1), photo(2)]), NumMedia: numMedia };
    const activity = smsToActivity(readSmsPayload(params)!, SERVICE_URL);
    expect(activity.attachments?.map((a) => a.contentUrl)).toEqual([photo(0).url, photo(1).url, photo(2).url]);
  });

  it.each(['', 'abc', '-3', '1.5e3', 'NaN', undefined])('a garbage NumMedia (%j) invents no attachment and breaks nothing', (numMedia) => {
    const params: Record<string, string> = smsWebhookParams(options, 'photos', [photo(0), photo(1), photo(2)]);
    if (numMedia === undefined) delete params.NumMedia;
    else params.NumMedia = numMedia;
    const activity = smsToActivity(readSmsPayload(params)!, SERVICE_URL);
    expect(activity.text).toBe('photos');
    const sent = [photo(0), photo(1), photo(2)].map((m) => ({ contentUrl: m.url, contentType: m.contentType }));
    expect(sent.slice(0, activity.attachments!.length)).toEqual(activity.attachments);
  });

  it.each(['', 'abc', '0', undefined])('keeps the photos sent even when NumMedia says %j', (numMedia) => {
    const params: Record<string, string> = smsWebhookParams(options, 'photos', [photo(0), photo(1)]);
    if (numMedia === undefined) delete params.NumMedia;
    else params.NumMedia = numMedia;
    const activity = smsToActivity(readSmsPayload(params)!, 'https://x.example');
    expect(activity.attachments?.map((a) => a.contentUrl)).toEqual([photo(0).url, photo(1).url]);
  });

  it('a NumMedia that promises more than was sent adds nothing', () => {
    const params = { ...smsWebhookParams(options, 'photo', [photo(0)]), NumMedia: '5' };
    expect(smsToActivity(readSmsPayload(params)!, SERVICE_URL).attachments).toHaveLength(1);
  });

  it('a media item without a content type is still kept', () => {
    const params: Record<string, string> = smsWebhookParams(options, 'photo', [photo(0)]);
    delete params.MediaContentType0;
    const [attachment] = smsToActivity(readSmsPayload(params)!, SERVICE_URL).attachments ?? [];
    expect(attachment).toEqual({ contentUrl: photo(0).url, contentType: 'application/octet-stream' });
  });
});
