import path from 'node:path';
import { existsSync } from 'node:fs';
import { Server } from 'node:http';
import dotenv from 'dotenv';
import { createCivicLine } from './app/createCivicLine';
import { consoleLogger } from './app/Logger';
import { ConfigError, loadConfig } from './config/config';
import { DatabaseStatus } from './db/DatabaseStatus';
import { EmbeddedDatabase } from './db/EmbeddedDatabase';

/** At shutdown, webhooks in flight get this long to answer as usual; then they answer at once and text the rest. */
const SHUTDOWN_ANSWER_GRACE_MS = 1000;

/**
 * Exit codes the supervisor (scripts/supervise.js) reads: a configuration it cannot fix by restarting (invalid
 * settings, a port in use) stops it; any other failure is restarted.
 */
const EXIT_CONFIG = 78;
const EXIT_CRASH = 70;

/** Project root whether run from source (tsx) or from dist/. */
const ROOT = existsSync(path.join(__dirname, 'locales')) ? __dirname : path.resolve(__dirname, '..');

async function main(): Promise<void> {
  guardProcess();
  dotenv.config({ path: path.join(ROOT, '.env'), quiet: true });
  const config = loadConfig(process.env);
  const logger = consoleLogger;

  const databaseStatus = new DatabaseStatus();
  let embedded: EmbeddedDatabase | undefined;
  let databaseUri = config.mongodbUri;
  if (!databaseUri) {
    embedded = new EmbeddedDatabase({
      binary: config.ferretdb.binary ?? path.join(ROOT, '.cache', 'ferretdb', 'ferretdb'),
      dataDir: config.ferretdb.dataDir ?? path.join(ROOT, 'data', 'ferretdb'),
    });
    databaseUri = await embedded.start();
    const database = embedded;
    process.once('exit', () => database.stopNow());
    logger.info(`Embedded database (FerretDB on SQLite) started at ${databaseUri}`);
    // Restarted on the same port and data whenever it dies; the driver reconnects and turns resume by themselves.
    embedded.supervise({
      down: (reason) => {
        databaseStatus.down(reason, true);
        logger.error(`Embedded database down (${reason}): restarting it`);
      },
      up: () => {
        databaseStatus.up();
        logger.info('Embedded database restarted');
      },
      restarted: () => databaseStatus.restarted(),
    });
  }

  const civicLine = await createCivicLine({ config, databaseUri, logger, contentRoot: ROOT, databaseStatus });
  if (config.placeholderAuthToken) {
    logger.info(
      'WARNING: TWILIO_AUTH_TOKEN is the public placeholder from .env.example, so anyone could sign webhooks: ' +
        'listening on 127.0.0.1 only. Put the auth token from the Twilio console in .env to accept Twilio.',
    );
  }
  // Express 5 calls this with the error when the port cannot be taken (in use): say so and stop, not "listening".
  const onListening = (error?: Error) => {
    if (error) {
      logger.error(`Cannot listen on port ${config.port}: ${error.message}`);
      void civicLine
        .close()
        .then(() => embedded?.stop())
        .finally(() => process.exit(EXIT_CONFIG));
      return;
    }
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
    // No new requests; webhooks in flight get a moment to answer with their replies...
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_ANSWER_GRACE_MS))]);
    // ...then the rest answer at once and hand their replies to the outbox, which the next process sends.
    await civicLine.close().catch((error: unknown) => logger.error('Shutdown was not clean', error));
    server.closeAllConnections();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

/**
 * A promise rejected with nobody listening is logged and the process goes on: the request it belonged to has already
 * failed or will time out, and every other resident keeps being answered. An exception thrown outside any request
 * leaves the process in a state nobody can vouch for: it is logged and the process exits for the supervisor to
 * restart it (with the embedded database, which exits with it).
 */
function guardProcess(): void {
  process.on('unhandledRejection', (reason: unknown) => {
    consoleLogger.error('Unhandled promise rejection (the process goes on)', reason instanceof Error ? reason.stack : reason);
  });
  process.on('uncaughtException', (error: Error) => {
    consoleLogger.error('Uncaught exception: exiting so that the supervisor restarts the server', error.stack);
    process.exit(EXIT_CRASH);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? EXIT_CONFIG : 1);
});
