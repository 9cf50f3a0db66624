import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** What a Direct Line token grants: one conversation, as one user, until it expires. */
export interface TokenGrant {
  conversationId: string;
  /** The resident's web user id ("dl_..."): the reporter address their cases are filed under. */
  userId: string;
}

export interface VerifiedGrant extends TokenGrant {
  /** When the token stops being accepted (ms since the epoch). */
  expiresAt: number;
  /** The token's own id (jti): how a refreshed token is retired (see RetiredTokens). */
  tokenId: string;
}

export interface IssuedToken extends TokenGrant {
  token: string;
  expiresIn: number;
}

const ISSUER = 'civicline-directline';

/**
 * Direct Line tokens are JWTs signed with the server secret (HS256) and carry the user id in the `user` claim,
 * where the official client looks for it (an id starting "dl_" must come from the token, so it cannot be forged).
 * They hold no state: any process sharing the secret accepts them.
 */
export class DirectLineTokens {
  constructor(
    private readonly secret: string,
    readonly lifetimeSeconds: number,
  ) {}

  issue(grant: TokenGrant): IssuedToken {
    // Only the grant itself: a refreshed token must not carry over the old one's claims (exp, jti).
    const token = jwt.sign({ conv: grant.conversationId, user: grant.userId }, this.secret, {
      algorithm: 'HS256',
      issuer: ISSUER,
      expiresIn: this.lifetimeSeconds,
      jwtid: randomBytes(8).toString('hex'),
    });
    return { conversationId: grant.conversationId, userId: grant.userId, token, expiresIn: this.lifetimeSeconds };
  }

  /** The grant of a genuine, unexpired token; undefined for anything else (forged, expired, malformed). */
  verify(token: string | undefined): VerifiedGrant | undefined {
    if (!token) return undefined;
    try {
      const claims = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: ISSUER });
      if (typeof claims !== 'object' || typeof claims.conv !== 'string' || typeof claims.user !== 'string' || typeof claims.exp !== 'number' || typeof claims.jti !== 'string') {
        return undefined;
      }
      return { conversationId: claims.conv, userId: claims.user, expiresAt: claims.exp * 1000, tokenId: claims.jti };
    } catch {
      return undefined;
    }
  }

  /**
   * What a photo's link carries (an <img> sends no header): it opens that one photo of that conversation and
   * nothing else, so a copied link gives no one the conversation.
   */
  photoToken(conversationId: string, photoId: string): string {
    return jwt.sign({ conv: conversationId, photo: photoId }, this.secret, { algorithm: 'HS256', issuer: `${ISSUER}/photo`, expiresIn: this.lifetimeSeconds });
  }

  /** The conversation a photo token was issued for, if it is genuine, unexpired and for this photo. */
  conversationOfPhotoToken(token: string | undefined, photoId: string): string | undefined {
    if (!token) return undefined;
    try {
      const claims = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: `${ISSUER}/photo` });
      return typeof claims === 'object' && claims.photo === photoId && typeof claims.conv === 'string' ? claims.conv : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Unguessable ids: knowing one grants nothing without its token, but they are not handed out to guessers either. */
export function newConversationId(): string {
  return randomBytes(18).toString('base64url');
}

export function newWebUserId(): string {
  return `dl_${randomBytes(16).toString('hex')}`;
}
