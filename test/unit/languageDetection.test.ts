import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { createUnderstander } from '../../understanding/createUnderstander';
import { AzureLanguageDetector } from '../../understanding/language/AzureLanguageDetector';
import { LANGUAGE_SWITCH_CONFIDENCE } from '../../understanding/language/LanguageDetector';
import { LocalLanguageDetector } from '../../understanding/language/LocalLanguageDetector';
import { trainModel } from '../../understanding/model/NluModel';
import { loadTrainingData } from '../../understanding/model/trainingData';
import { writeNluContent } from '../support/nluContent';

const root = writeNluContent();
const local = new LocalLanguageDetector(trainModel(loadTrainingData(root)));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('LocalLanguageDetector', () => {
  it.each([
    ['le lampadaire est éteint sur la rue Queen depuis hier soir', 'fr'],
    ['les vidanges ont pas été ramassées, pouvez-vous passer?', 'fr'],
    ['the street light is out on queen st since last night', 'en'],
    ['when is garbage day on my street this week', 'en'],
  ])('%j is clearly %s: enough to switch the conversation', async (text, language) => {
    const detected = await local.detect(text, language === 'fr' ? 'en' : 'fr');
    expect(detected.language).toBe(language);
    expect(detected.confidence).toBeGreaterThanOrEqual(LANGUAGE_SWITCH_CONFIDENCE);
  });

  it.each(['ok', 'k', '👍', '48219375', '45 Elm St', 'Main St and King St', 'Jean Tremblay', 'yes', 'oui', 'merci'])(
    '%j is too short or neutral to switch a conversation, whatever its language',
    async (text) => {
      for (const locale of ['en', 'fr']) {
        expect((await local.detect(text, locale)).confidence).toBeLessThan(LANGUAGE_SWITCH_CONFIDENCE);
      }
    },
  );

  it.each(['48219375', '45 Elm St', '👍'])('%j, in no language at all, is taken to be in the conversation’s language', async (text) => {
    expect(await local.detect(text, 'fr')).toEqual({ language: 'fr', confidence: 0 });
    expect(await local.detect(text, 'en')).toEqual({ language: 'en', confidence: 0 });
  });
});

describe('a language added later, written without spaces', () => {
  const withChinese = writeNluContent({ chinese: true });
  const understander = createUnderstander({ contentRoot: withChinese, fallbackLocale: 'en' });
  afterAll(() => rmSync(withChinese, { recursive: true, force: true }));

  it('is detected, and understood, from its examples alone', async () => {
    const u = await understander.understand('街上的路灯坏了', { locale: 'en' });
    expect(u.language).toBe('zh');
    expect(u.languageConfidence).toBeGreaterThanOrEqual(LANGUAGE_SWITCH_CONFIDENCE);
    expect(u.intent).toBe('report_problem');
    expect(u.category).toBe('streetlight');
  });

  it('leaves the other languages and the neutral messages as they were', async () => {
    expect(await understander.understand('the street light is out on queen st since last night', { locale: 'zh' })).toMatchObject({ language: 'en' });
    expect((await understander.understand('45 Elm St', { locale: 'zh' })).languageConfidence).toBe(0);
  });
});

/** A stand-in for the analyze-text endpoint of Azure AI Language. */
class FakeAzureLanguage {
  readonly requests: { path: string; key: string | undefined; body: { kind: string; analysisInput: { documents: { text: string; countryHint?: string }[] } } }[] = [];
  answer: (res: ServerResponse) => void = (res) => this.detected(res, 'fr', 0.97);
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  detected(res: ServerResponse, iso6391Name: string, confidenceScore: number): void {
    const document = { id: '0', detectedLanguage: { name: iso6391Name, iso6391Name, confidenceScore }, warnings: [] };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'LanguageDetectionResults', results: { documents: [document], errors: [], modelVersion: '2024-11-01' } }));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      this.requests.push({ path: req.url ?? '', key: req.headers['ocp-apim-subscription-key'] as string | undefined, body: JSON.parse(body) });
      this.answer(res);
    });
  }
}

describe('AzureLanguageDetector', () => {
  const azure = new FakeAzureLanguage();
  const errors: unknown[] = [];
  let detector: AzureLanguageDetector;

  beforeAll(async () => {
    const endpoint = await azure.start();
    detector = new AzureLanguageDetector(local, { endpoint, key: 'fake-key', timeoutMs: 300, log: (_m, e) => errors.push(e) });
  });
  afterAll(() => azure.stop());
  beforeEach(() => {
    azure.requests.length = 0;
    errors.length = 0;
    azure.answer = (res) => azure.detected(res, 'fr', 0.97);
  });

  const french = 'le lampadaire est éteint sur la rue Queen depuis hier soir';

  it('asks Azure AI Language (with the key, and Canada as the country hint) and takes its answer', async () => {
    expect(await detector.detect(french, 'en')).toEqual({ language: 'fr', confidence: 0.97 });
    expect(azure.requests).toHaveLength(1);
    const [request] = azure.requests;
    expect(request.path).toMatch(/^\/language\/:analyze-text\?api-version=/);
    expect(request.key).toBe('fake-key');
    expect(request.body.kind).toBe('LanguageDetection');
    expect(request.body.analysisInput.documents).toEqual([expect.objectContaining({ text: french, countryHint: 'ca' })]);
  });

  it('does not ask about "ok" or an address: they never switch a conversation anyway', async () => {
    expect(await detector.detect('ok', 'en')).toEqual({ language: 'en', confidence: 0 });
    expect(await detector.detect('45 Elm St', 'fr')).toEqual({ language: 'fr', confidence: 0 });
    expect(azure.requests).toHaveLength(0);
  });

  it('keeps a short message unsure even when Azure is sure of it', async () => {
    expect((await detector.detect('merci beaucoup', 'en')).confidence).toBeLessThan(LANGUAGE_SWITCH_CONFIDENCE);
  });

  it('answers with the local detector when Azure fails', async () => {
    azure.answer = (res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'InternalServerError', message: 'boom' } }));
    };
    expect(await detector.detect(french, 'en')).toEqual(await local.detect(french, 'en'));
    expect(azure.requests).toHaveLength(1); // one try: no retries while a resident waits
    expect(errors).toHaveLength(1);
  });

  it('answers with the local detector when Azure is slower than the time allowed', async () => {
    azure.answer = (res) => setTimeout(() => azure.detected(res, 'en', 0.99), 2000).unref();
    const started = Date.now();
    expect(await detector.detect(french, 'en')).toEqual(await local.detect(french, 'en'));
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('answers with the local detector when Azure names a language the bot does not speak', async () => {
    azure.answer = (res) => azure.detected(res, 'it', 0.9);
    expect(await detector.detect(french, 'en')).toEqual(await local.detect(french, 'en'));
  });
});
