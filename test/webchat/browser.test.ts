import { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot, seriousAccessibilityViolations } from '../support/browser';
import { pngImage } from '../support/photos';
import { WebServer } from '../support/webChatHarness';

const SEND_BOX = '[data-id="webchat-sendbox-input"]';

/**
 * A resident in a real browser (Debian's chromium, driven by playwright-core) on the demo page: the page,
 * Microsoft's Web Chat bundle and the Direct Line all come from CivicLine, with no internet.
 */
describe('the demo page in Chromium', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  const elsewhere: string[] = [];

  beforeAll(async () => {
    server = await WebServer.start('browser');
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'en-CA' });
    // Offline apart from this server: anything asked of another host (a CDN, a font) is refused and noted.
    await context.route(/^(?!http:\/\/127\.0\.0\.1|blob:|data:)/, (route) => {
      elsewhere.push(route.request().url());
      return route.abort();
    });
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function send(text: string): Promise<void> {
    await page.locator(SEND_BOX).fill(text);
    await page.locator(SEND_BOX).press('Enter');
  }

  const transcript = () => page.locator('.webchat__basic-transcript');
  /** The last message bubble saying this (Web Chat also keeps hidden copies for screen readers). */
  const said = (text: string | RegExp) => transcript().locator('.webchat__text-content').filter({ hasText: text }).last();

  it('opens the chat, answers a question, files a report with a photo, checks its status, and survives a reload', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('heading', { name: 'Welcome to the Town of Elmhurst' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, '1-page');

    // Open the chat: the greeting comes in the browser's language with the main menu as buttons.
    await page.getByRole('button', { name: 'Chat with us' }).click();
    await said('This is the Town of Elmhurst').waitFor();
    await page.getByRole('toolbar', { name: 'Suggested actions' }).getByRole('button', { name: 'Report a problem' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, '2-chat-open');

    await send('how do I license my dog?');
    await said(/Every dog over 12 weeks/).waitFor();
    await screenshot(page, '3-answer');

    await send('pothole at 9 Mill St, my front tire went right in');
    await said(/Reply YES to send it/).waitFor();
    // Web Chat attaches the chosen file to the send box; sending sends it.
    await page.locator('input[type="file"]').setInputFiles({ name: 'pothole.png', mimeType: 'image/png', buffer: pngImage(64, 48) });
    // Sent only once Web Chat shows it attached (a click before that sends nothing: seen under load in CI).
    await page.locator('.webchat__attachment-icon--checked').waitFor();
    await page.getByRole('button', { name: 'Send' }).click();
    await said(/Photo added \(1 photo with your report\)/).waitFor();
    // The photo shown back comes from CivicLine's store, through this conversation.
    const shown = transcript().locator('img[src*="/photos/"]').first();
    await shown.waitFor();
    expect(await shown.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth)).toBe(64);
    await send('yes');
    const filed = said(/Your case number is \d{8}/);
    await filed.waitFor();
    const number = /case number is (\d{8})/.exec((await filed.textContent()) ?? '')![1];
    await screenshot(page, '4-report-filed');

    await send(`status ${number}`);
    await said(new RegExp(`Case ${number}: Pothole at 9 Mill St`)).waitFor();
    await screenshot(page, '5-status');

    // A reload reopens the same conversation, history included, and it goes on.
    await page.reload();
    await said(/Your case number is/).waitFor();
    await send('my reports');
    await said(/Here is what I have for you:/).waitFor();
    await screenshot(page, '6-after-reload');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(elsewhere).toEqual([]);
  }, 120_000);
});
