import path from 'node:path';
import { existsSync } from 'node:fs';
import { Server } from 'node:http';
import dotenv from 'dotenv';
import { createCivicLine } from './app/createCivicLine';
import { consoleLogger } from './app/Logger';
import { ConfigError, loadConfig } from './config/config';
import { EmbeddedDatabase } from './db/EmbeddedDatabase';

/** Twilio gives a webhook 15 s; a turn in flight at shutdown gets this long to finish. */
const SHUTDOWN_GRACE_MS = 10000;

/** Project root whether run from source (tsx) or from dist/. */
const ROOT = existsSync(path.join(__dirname, 'locales')) ? __dirname : path.resolve(__dirname, '..');

async function main(): Promise<void> {
  dotenv.config({ path: path.join(ROOT, '.env'), quiet: true });
  const config = loadConfig(process.env);
  const logger = consoleLogger;

  let embedded: EmbeddedDatabase | undefined;
  let databaseUri = config.mongodbUri;
  if (!databaseUri) {
    embedded = new EmbeddedDatabase({
      binary: config.ferretdb.binary ?? path.join(ROOT, '.cache', 'ferretdb', 'ferretdb'),
      dataDir: config.ferretdb.dataDir ?? path.join(ROOT, 'data', 'ferretdb'),
    });
    databaseUri = await embedded.start();
    logger.info(`Embedded database (FerretDB on SQLite) started at ${databaseUri}`);
  }

  const civicLine = await createCivicLine({ config, databaseUri, logger, contentRoot: ROOT });
  if (config.placeholderAuthToken) {
    logger.info(
      'WARNING: TWILIO_AUTH_TOKEN is the public placeholder from .env.example, so anyone could sign webhooks: ' +
        'listening on 127.0.0.1 only. Put the auth token from the Twilio console in .env to accept Twilio.',
    );
  }
  const onListening = () => {
    const where = config.listenHost ? `http://${config.listenHost}:${config.port} only` : `port ${config.port} on all interfaces`;
    logger.info(`CivicLine listening on ${where} (web chat: ${config.publicBaseUrl}/; Twilio webhooks: SMS ${config.publicBaseUrl}/twilio/sms, voice ${config.publicBaseUrl}/twilio/voice)`);
  };
  const server: Server = config.listenHost
    ? civicLine.app.listen(config.port, config.listenHost, onListening)
    : civicLine.app.listen(config.port, onListening);
  civicLine.attach(server);

  const shutdown = async (signal: string) => {
    logger.info(`${signal}: shutting down`);
    civicLine.closeLiveConnections();
    // Let webhooks in flight finish (their replies and state writes) before the database goes away.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, SHUTDOWN_GRACE_MS);
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      server.closeIdleConnections();
    });
    await civicLine.close().catch(() => undefined);
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
