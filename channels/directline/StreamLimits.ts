/**
 * How many Direct Line streams may be open at once, per conversation (however many times its token was
 * refreshed) and per client address. Open sockets belong to the process that holds them and end with it, so
 * they are counted here, in memory: behind a load balancer each process enforces the same limits.
 */
export class StreamLimits {
  private readonly byConversation = new Map<string, number>();
  private readonly byAddress = new Map<string, number>();

  constructor(private readonly limits: { perConversation: number; perAddress: number }) {}

  /** Takes a place for a new stream, or says which limit is reached; release() gives the place back. */
  take(conversationId: string, address: string): { release: () => void } | { refused: 'conversation' | 'address' } {
    if ((this.byConversation.get(conversationId) ?? 0) >= this.limits.perConversation) return { refused: 'conversation' };
    if ((this.byAddress.get(address) ?? 0) >= this.limits.perAddress) return { refused: 'address' };
    add(this.byConversation, conversationId, 1);
    add(this.byAddress, address, 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        add(this.byConversation, conversationId, -1);
        add(this.byAddress, address, -1);
      },
    };
  }
}

function add(counts: Map<string, number>, key: string, delta: number): void {
  const next = (counts.get(key) ?? 0) + delta;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
