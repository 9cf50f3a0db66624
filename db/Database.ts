import mongoose, { Connection } from 'mongoose';

/** The one mongoose connection of a process; models are registered on it, not on mongoose's global default. */
export class Database {
  constructor(readonly connection: Connection) {}

  static async connect(uri: string): Promise<Database> {
    const connection = mongoose.createConnection(uri, {
      serverSelectionTimeoutMS: 5000,
      // A database restart must not fail requests for long: the driver reconnects on its own.
      heartbeatFrequencyMS: 2000,
    });
    await connection.asPromise();
    return new Database(connection);
  }

  /** True when the server answers a ping now. */
  async isHealthy(): Promise<boolean> {
    try {
      const db = this.connection.db;
      if (!db) return false;
      await withTimeout(db.admin().command({ ping: 1 }), 2000);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
