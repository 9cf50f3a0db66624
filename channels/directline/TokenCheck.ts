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
    const issuedAt = new Date(grant.expiresAt - this.tokens.lifetimeSeconds * 1000);
    return (await this.retired.isRetired(grant, issuedAt)) ? undefined : grant;
  }

  /**
   * A new token for the same conversation; the old one stops working after the grace. A token is refreshed once:
   * the retirement is claimed by insert, so a copy of the old token (or a second request racing the first) gets
   * nothing, and no chain of tokens can outlive the resident's "forget me".
   */
  async refresh(grant: VerifiedGrant): Promise<IssuedToken | undefined> {
    if (!(await this.retired.retire(grant, new Date(Date.now() + this.refreshGraceMs)))) return undefined;
    return this.tokens.issue(grant);
  }

  /** Every token of this web user, at once, no grace (the resident asked this device to forget them). */
  async retireUser(userId: string): Promise<void> {
    await this.retired.retireUser(userId, new Date(), this.tokens.lifetimeSeconds * 1000);
  }
}
