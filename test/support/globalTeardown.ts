import { EmbeddedDatabase } from '../../db/EmbeddedDatabase';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { civicLineTestDatabase?: EmbeddedDatabase }).civicLineTestDatabase?.stop();
}
