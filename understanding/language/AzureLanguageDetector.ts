import { AzureKeyCredential, TextAnalysisClient } from '@azure/ai-language-text';
import { DetectedLanguage, LanguageDetector } from './LanguageDetector';
import { LocalLanguageDetector } from './LocalLanguageDetector';

export interface AzureLanguageOptions {
  endpoint: string;
  key: string;
  /** How long a detection may take before the local detector answers instead. */
  timeoutMs: number;
  /** ISO 3166 country the residents write from: helps the service with short texts. */
  countryHint?: string;
  log?: (message: string, error?: unknown) => void;
}

/**
 * Azure AI Language's detection, for cities that use it. The local detector still decides when a message
 * shows too little of any language (Azure would guess on "ok"), when Azure names a language the bot does
 * not speak, and whenever Azure fails or is slow: a resident's turn never waits on it.
 */
export class AzureLanguageDetector implements LanguageDetector {
  private readonly client: TextAnalysisClient;

  constructor(
    private readonly local: LocalLanguageDetector,
    private readonly options: AzureLanguageOptions,
  ) {
    const insecure = new URL(options.endpoint).protocol === 'http:';
    this.client = new TextAnalysisClient(options.endpoint, new AzureKeyCredential(options.key), {
      // Plain http only ever points at a local stand-in (tests, sandboxes).
      allowInsecureConnection: insecure,
      // One try: the local answer is better than a late one.
      retryOptions: { maxRetries: 0 },
    });
  }

  async detect(text: string, locale?: string): Promise<DetectedLanguage> {
    const local = this.local.detectNow(text, locale);
    if (local.confidence === 0) return local;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.options.timeoutMs);
    try {
      const [result] = await this.client.analyze('LanguageDetection', [{ id: '0', text, countryHint: this.options.countryHint ?? 'ca' }], {
        abortSignal: abort.signal,
      });
      if (!result || result.error) throw new Error(result?.error.message ?? 'no result');
      const { iso6391Name, confidenceScore } = result.primaryLanguage;
      if (!this.local.languages.includes(iso6391Name)) return local;
      // Short messages stay unsure whoever detects them.
      return { language: iso6391Name, confidence: confidenceScore * this.local.evidence(text) };
    } catch (error) {
      this.options.log?.('Azure language detection failed; using the local detector', error);
      return local;
    } finally {
      clearTimeout(timer);
    }
  }
}
