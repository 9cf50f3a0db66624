import { IncomingMessage } from 'node:http';
import { requestOrigin } from '../../channels/directline/requestOrigin';
import { DirectLineTokens } from '../../channels/directline/DirectLineTokens';
import { isAllowedOrigin } from '../../channels/directline/cors';
import { fromClient } from '../../channels/directline/webActivity';
import { sniffImageType } from '../../photos/imageType';
import { pngImage } from '../support/photos';

describe('sniffImageType', () => {
  it.each<[string, Buffer, string | undefined]>([
    ['a PNG', pngImage(), 'image/png'],
    ['a JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]), 'image/jpeg'],
    ['a GIF', Buffer.from('GIF89a\x01\x00', 'latin1'), 'image/gif'],
    ['a WebP', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]), 'image/webp'],
    ['an iPhone HEIC', Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(8)]), 'image/heic'],
    ['an HTML page', Buffer.from('<!doctype html><script>alert(1)</script>'), undefined],
    ['an SVG (may carry scripts)', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), undefined],
    ['a PDF', Buffer.from('%PDF-1.7'), undefined],
    ['nothing', Buffer.alloc(0), undefined],
  ])('%s is %s', (_what, bytes, type) => {
    expect(sniffImageType(bytes)).toBe(type);
  });
});

describe('DirectLineTokens', () => {
  const tokens = new DirectLineTokens('s'.repeat(40), 3600);

  it('grants its own conversation and user until it expires', () => {
    const { token, expiresIn } = tokens.issue({ conversationId: 'c1', userId: 'dl_u1' });
    expect(expiresIn).toBe(3600);
    expect(tokens.verify(token)).toEqual({ conversationId: 'c1', userId: 'dl_u1', expiresAt: expect.any(Number), tokenId: expect.any(String) });
  });

  it('carries the user in the "user" claim, where the official client reads it', () => {
    const { token } = tokens.issue({ conversationId: 'c1', userId: 'dl_u1' });
    expect(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())).toMatchObject({ user: 'dl_u1', conv: 'c1' });
  });

  it('refuses a token whose claims were edited, an unsigned one, and a photo token used as a token', () => {
    const { token } = tokens.issue({ conversationId: 'c1', userId: 'dl_u1' });
    const [header, , signature] = token.split('.');
    const edited = Buffer.from(JSON.stringify({ conv: 'c2', user: 'dl_u1', iss: 'civicline-directline', exp: 9999999999 })).toString('base64url');
    expect(tokens.verify(`${header}.${edited}.${signature}`)).toBeUndefined();
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(tokens.verify(`${none}.${edited}.`)).toBeUndefined();
    expect(tokens.verify(tokens.photoToken('c1', 'w1'))).toBeUndefined();
  });
});

describe('fromClient', () => {
  const grant = { conversationId: 'c1', userId: 'dl_u1' };

  it('keeps what a resident may say and sets the sender itself', () => {
    const checked = fromClient({ type: 'message', text: 'hi', from: { id: 'dl_other', name: 'Ann' }, id: 'forged', channelData: { clientActivityID: 'x1' } }, grant);
    expect(checked).toEqual({ activity: expect.objectContaining({ text: 'hi', from: { id: 'dl_u1', name: 'Ann', role: 'user' }, channelData: { clientActivityID: 'x1' } }) });
    expect((checked as { activity: { id?: string } }).activity.id).toBeUndefined();
  });

  it('ignores typing and refuses other activity types and overlong text', () => {
    expect(fromClient({ type: 'typing' }, grant)).toEqual({ ignored: true });
    expect(fromClient({ type: 'conversationUpdate' }, grant)).toEqual({ error: expect.any(String) });
    expect(fromClient({ type: 'message', text: 'x'.repeat(5001) }, grant)).toEqual({ error: expect.stringContaining('5000') });
    expect(fromClient('hello', grant)).toEqual({ error: expect.any(String) });
  });
});

describe('isAllowedOrigin', () => {
  it('allows listed origins, the public address and same-origin pages only', () => {
    const allowed = ['https://www.elmhurst.ca'];
    expect(isAllowedOrigin('https://www.elmhurst.ca', 'civicline.elmhurst.ca', allowed, 'https://civicline.elmhurst.ca')).toBe(true);
    expect(isAllowedOrigin('https://civicline.elmhurst.ca', 'internal:3978', allowed, 'https://civicline.elmhurst.ca')).toBe(true);
    expect(isAllowedOrigin('http://localhost:3978', 'localhost:3978', allowed, 'https://civicline.elmhurst.ca')).toBe(true);
    expect(isAllowedOrigin('https://www.elmhurst.ca.evil.example', 'civicline.elmhurst.ca', allowed, 'https://civicline.elmhurst.ca')).toBe(false);
    expect(isAllowedOrigin('null', 'civicline.elmhurst.ca', allowed, 'https://civicline.elmhurst.ca')).toBe(false);
  });
});

describe('requestOrigin (for the stream and photo URLs a client opens)', () => {
  const req = (host: string, headers: Record<string, string> = {}) => ({ headers: { host, ...headers }, socket: {} }) as unknown as IncomingMessage;

  it('uses the public scheme for the public host, so a page behind TLS gets wss:// even without TRUST_PROXY', () => {
    expect(requestOrigin(req('civicline.elmhurst.ca'), 'https://civicline.elmhurst.ca', false)).toEqual({ scheme: 'https', host: 'civicline.elmhurst.ca' });
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', () => {
    const forwarded = req('10.0.0.5:3978', { 'x-forwarded-proto': 'https' });
    expect(requestOrigin(forwarded, 'https://civicline.elmhurst.ca', true).scheme).toBe('https');
    expect(requestOrigin(forwarded, 'https://civicline.elmhurst.ca', false).scheme).toBe('http');
  });
});
