export interface Outage {
  from: Date;
  to: Date;
  reason: string;
}

export interface DatabaseHealth {
  up: boolean;
  /** While down: since when, and the first sign of it. */
  downSince?: Date;
  reason?: string;
  /** Outages seen since start, the last one that ended, and restarts of the embedded database. */
  outages: number;
  lastOutage?: Outage;
  restarts: number;
}

/**
 * What operators see at /healthz about the database: up or down, since when, why, and the last outage. Fed by the
 * embedded database's supervisor, the driver's connection events and health pings alike, so an outage on the
 * embedded database and on MONGODB_URI is reported the same way.
 */
export class DatabaseStatus {
  private downSince?: Date;
  private reason?: string;
  private outages = 0;
  private lastOutage?: Outage;
  private restarts = 0;

  /** `certain`: the reason is known first-hand (the supervisor saw the process exit), over a symptom seen first. */
  down(reason: string, certain = false): void {
    if (this.downSince) {
      if (certain) this.reason = reason;
      return;
    }
    this.downSince = new Date();
    this.reason = reason;
    this.outages++;
  }

  up(): void {
    if (!this.downSince) return;
    this.lastOutage = { from: this.downSince, to: new Date(), reason: this.reason ?? 'unknown' };
    this.downSince = undefined;
    this.reason = undefined;
  }

  /** The embedded database was started again by its supervisor. */
  restarted(): void {
    this.restarts++;
  }

  get health(): DatabaseHealth {
    return {
      up: !this.downSince,
      ...(this.downSince ? { downSince: this.downSince, reason: this.reason } : {}),
      outages: this.outages,
      ...(this.lastOutage ? { lastOutage: this.lastOutage } : {}),
      restarts: this.restarts,
    };
  }
}
