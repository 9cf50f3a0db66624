import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { WebServer } from '../support/webChatHarness';

/** The city's own site, on another origin, with the embed snippet from the README. */
function citySite(chatServer: () => string): Server {
  return createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>Elmhurst</title></head><body><main><h1>Town of Elmhurst</h1></main>
<div id="civicline-chat"></div>
<script src="${chatServer()}/webchat/civicline-chat.js"></script>
<script>CivicLineChat.mount(document.getElementById('civicline-chat'), { server: '${chatServer()}', title: 'Town of Elmhurst', accent: '#00573f' });</script>
</body></html>`);
  });
}

describe('the chat embedded on the city\'s own site (another origin)', () => {
  let site: Server;
  let siteOrigin: string;
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    site = citySite(() => server.baseUrl).listen(0, '127.0.0.1');
    await once(site, 'listening');
    // "localhost" and "127.0.0.1" are different origins: the site and the chat server really are cross-origin.
    siteOrigin = `http://localhost:${(site.address() as AddressInfo).port}`;
    server = await WebServer.start('embed', { WEBCHAT_ALLOWED_ORIGINS: siteOrigin });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    site?.close();
  });

  it('works on a listed origin: greeting, a question answered, no refused request', async () => {
    const page = await (await browser.newContext({ locale: 'en-CA' })).newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') refused.push(message.text());
    });
    await page.goto(`${siteOrigin}/`);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    const said = (text: RegExp) => page.locator('.webchat__basic-transcript .webchat__text-content').filter({ hasText: text }).last();
    await said(/This is the Town of Elmhurst/).waitFor({ timeout: 20_000 });
    await page.locator('[data-id="webchat-sendbox-input"]').fill('how do I license my dog?');
    await page.locator('[data-id="webchat-sendbox-input"]').press('Enter');
    await said(/Every dog over 12 weeks/).waitFor();
    expect(refused.filter((text) => /CORS|Access-Control/i.test(text))).toEqual([]);
  }, 90_000);

  it('puts the cursor in the message box when opened, and Escape closes the chat back to its button', async () => {
    const page = await (await browser.newContext({ locale: 'en-CA' })).newPage();
    await page.goto(`${siteOrigin}/`);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    // (Run in the page, written as text: this project's TypeScript has no DOM types.)
    await page.waitForFunction("document.activeElement && document.activeElement.getAttribute('data-id') === 'webchat-sendbox-input'", undefined, { timeout: 20_000 });
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Chat with us' }).waitFor();
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toBe('Chat with us');
    expect(await page.locator('.civicline-chat__panel').isHidden()).toBe(true);
  }, 90_000);

  it('"Forget me on this device" revokes the browser\'s resident key and starts afresh as someone new', async () => {
    const page = await (await browser.newContext({ locale: 'en-CA' })).newPage();
    await page.goto(`${siteOrigin}/`);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    const said = (text: RegExp) => page.locator('.webchat__basic-transcript .webchat__text-content').filter({ hasText: text }).last();
    await said(/This is the Town of Elmhurst/).waitFor({ timeout: 20_000 });
    const kept = () => page.evaluate(`JSON.parse(localStorage.getItem('civicline-chat:${server.baseUrl}') || '{}')`) as Promise<{ residentKey?: string; userId?: string }>;
    const before = await kept();
    expect(before.residentKey).toMatch(/^rk_/);

    await page.getByRole('button', { name: 'Forget me on this device' }).click();
    await page.getByRole('status').filter({ hasText: 'this device no longer remembers you' }).waitFor({ timeout: 20_000 });
    await said(/This is the Town of Elmhurst/).waitFor({ timeout: 20_000 });
    const after = await kept();
    expect(after.userId).not.toBe(before.userId);
    expect(after.residentKey).not.toBe(before.residentKey);
    // The server forgot the old key: it brings back no one.
    const again = await fetch(`${server.domain}/tokens/generate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ residentKey: before.residentKey }) });
    expect(((await again.json()) as { userId: string }).userId).not.toBe(before.userId);
  }, 90_000);
});
