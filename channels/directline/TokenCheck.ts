import { DirectLineTokens, IssuedToken, VerifiedGrant } from './DirectLineTokens';
import { RetiredTokens } from './RetiredTokens';

/**
 * The full check of a Direct Line token: its signature and expiry (no state), then whether it was retired (the
 * database, so every process agrees). A refreshed token keeps working for a short grace, so a request or a page
 * already under way with it still succeeds.
 */
export class TokenCheck {
  constructor(
    readonly tokens: DirectLineTokens,
    private readonly retired: RetiredTokens,
    private readonly refreshGraceMs: number,
  ) {}

  async grantOf(token: string | undefined): Promise<VerifiedGrant | undefined> {
    const grant = this.tokens.verify(token);
    if (!grant) return undefined;
    return (await this.retired.isRetired(grant)) ? undefined : grant;
  }

  /** A new token for the same conversation; the old one stops working after the grace. */
  async refresh(grant: VerifiedGrant): Promise<IssuedToken> {
    const renewed = this.tokens.issue(grant);
    await this.retired.retire(grant, new Date(Date.now() + this.refreshGraceMs));
    return renewed;
  }

  /** At once, no grace (the resident asked this device to forget them). */
  async retireNow(grant: VerifiedGrant): Promise<void> {
    await this.retired.retire(grant, new Date());
  }
}
