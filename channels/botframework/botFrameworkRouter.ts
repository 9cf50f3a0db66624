import express, { Router } from 'express';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext } from 'botbuilder';
import { DatabaseLock } from '../../storage/DatabaseLock';
import { ChannelCapabilities, PLAIN_TEXT, setCapabilities } from '../capabilities';

/** What the Emulator and Azure's chat channels (Web Chat, Direct Line, Teams) show: buttons and pictures. */
const CHAT_CAPABILITIES: ChannelCapabilities = { buttons: true, photos: true, speech: false, callTransfer: false };
const CHAT_CHANNELS = ['emulator', 'webchat', 'directline', 'msteams'];

export interface AzureBotCredentials {
  appId?: string;
  appPassword?: string;
  appType?: string;
  tenantId?: string;
}

/**
 * botbuilder's CloudAdapter with the Bot Framework authentication of the configured app: with no app id it serves
 * the Bot Framework Emulator; with MicrosoftAppId and its password, Azure Bot Service's channels (their JWTs are
 * checked against Microsoft's published keys).
 */
export function createCloudAdapter(credentials: AzureBotCredentials): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: credentials.appId,
    MicrosoftAppPassword: credentials.appPassword,
    MicrosoftAppType: credentials.appType,
    MicrosoftAppTenantId: credentials.tenantId,
  });
  const adapter = new CloudAdapter(auth);
  adapter.use(async (context, next) => {
    setCapabilities(context, CHAT_CHANNELS.includes(context.activity.channelId) ? CHAT_CAPABILITIES : PLAIN_TEXT);
    await next();
  });
  return adapter;
}

/** POST /api/messages: one turn per activity, one at a time per conversation across processes. */
export function botFrameworkRouter(adapter: CloudAdapter, lock: DatabaseLock, logic: (context: TurnContext) => Promise<void>): Router {
  const router = express.Router();
  router.post('/api/messages', express.json({ limit: '256kb' }), async (req, res) => {
    await adapter.process(req, res, (context) =>
      lock.runExclusive(`botframework:${context.activity.channelId}:${context.activity.conversation.id}`, () => logic(context)),
    );
  });
  return router;
}
