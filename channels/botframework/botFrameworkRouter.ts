import express, { Request, RequestHandler, Response, Router } from 'express';
import { isReplyDeliveryFailure } from './replyDelivery';
import { Activity, CloudAdapter, ConfigurationBotFrameworkAuthentication, InvokeResponse, TurnContext } from 'botbuilder';
import { cameFromLoopback } from '../../http/loopback';
import { DatabaseLock } from '../../storage/DatabaseLock';
import { ChannelCapabilities, PLAIN_TEXT, setCapabilities } from '../capabilities';
import { readBotFrameworkActivity } from './botFrameworkActivity';
import { BOT_FRAMEWORK_CHANNEL_ID, keepToOwnChannel } from './ownChannel';
import { repliesStayLocal } from './replyAddress';

/**
 * What the Emulator and Azure's chat channels (Web Chat, Direct Line, Teams) show: buttons and pictures. Nobody on
 * them is vouched for as the owner of a phone number, so the city never calls or texts anyone for them.
 */
const CHAT_CAPABILITIES: ChannelCapabilities = { buttons: true, photos: true, speech: false, callTransfer: false, phoneContact: false };
const CHAT_CHANNELS = ['emulator', 'webchat', 'directline', 'msteams'];

export interface AzureBotCredentials {
  appId?: string;
  appPassword?: string;
  appType?: string;
  tenantId?: string;
}

/** botbuilder's CloudAdapter, with its turn run here so its errors never reach the HTTP answer. */
export class BotFrameworkEndpoint extends CloudAdapter {
  /** Authenticates the request (botbuilder's JWT checks with an app id) and runs the turn; expectReplies' answer. */
  async handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/**
 * botbuilder's CloudAdapter with the Bot Framework authentication of the configured app: with no app id it serves
 * the Bot Framework Emulator; with MicrosoftAppId and its password, Azure Bot Service's channels (their JWTs are
 * checked against Microsoft's published keys). Either way its turns live on their own channel (keepToOwnChannel).
 */
export function createCloudAdapter(credentials: AzureBotCredentials): BotFrameworkEndpoint {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: credentials.appId,
    MicrosoftAppPassword: credentials.appPassword,
    MicrosoftAppType: credentials.appType,
    MicrosoftAppTenantId: credentials.tenantId,
  });
  const adapter = new BotFrameworkEndpoint(auth);
  adapter.use(async (context, next) => {
    setCapabilities(context, CHAT_CHANNELS.includes(context.activity.channelId) ? CHAT_CAPABILITIES : PLAIN_TEXT);
    await next();
  });
  adapter.use(keepToOwnChannel());
  return adapter;
}

export interface BotFrameworkRouterOptions {
  adapter: BotFrameworkEndpoint;
  lock: DatabaseLock;
  logic: (context: TurnContext) => Promise<void>;
  /** MicrosoftAppId: set, botbuilder authenticates every request; unset, only this machine may call. */
  appId?: string;
  /** Requests per client address (before anything is parsed or run). */
  rateLimit: RequestHandler;
  log: (message: string, error?: unknown) => void;
}

/**
 * POST /api/messages: one turn per activity, one at a time per conversation across processes. Without an app id
 * nothing authenticates the caller, so only connections from this machine are taken (the socket's address, and no
 * forwarded outside client) and replies go only to this machine or back in the response.
 */
export function botFrameworkRouter(options: BotFrameworkRouterOptions): Router {
  const { adapter, lock, logic, appId, log } = options;
  const router = express.Router();
  const localOnly: RequestHandler = (req, res, next) => {
    if (!appId && !cameFromLoopback(req)) {
      res.status(403).type('text/plain').send('Forbidden: without MicrosoftAppId, /api/messages answers this machine only');
      return;
    }
    next();
  };
  router.post('/api/messages', localOnly, options.rateLimit, express.json({ limit: '256kb' }), async (req: Request, res: Response) => {
    const activity = readBotFrameworkActivity(req.body);
    if (!activity) {
      res.status(400).type('text/plain').send('Bad request: not a Bot Framework activity');
      return;
    }
    if (!appId && !repliesStayLocal(activity)) {
      res.status(400).type('text/plain').send('Bad request: without MicrosoftAppId, serviceUrl must be on this machine (or use deliveryMode expectReplies)');
      return;
    }
    try {
      const answer = await adapter.handle(req.header('Authorization') ?? '', activity as Activity, (context) =>
        lock.runExclusive(`${BOT_FRAMEWORK_CHANNEL_ID}:${context.activity.conversation.id}`, () => logic(context)),
      );
      res.status(answer?.status ?? 200);
      if (answer?.body === undefined) res.end();
      else res.json(answer.body);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 401) {
        res.status(401).type('text/plain').send('Unauthorized');
        return;
      }
      // The message (a reply address's answer, a query) stays in the log.
      log('POST /api/messages failed', error);
      if (isReplyDeliveryFailure(error)) {
        // Without an app id the caller chose the reply address (on this machine) and it refused: theirs to fix.
        // With one, it is Azure's connector, and the failure is upstream.
        if (appId) res.status(502).type('text/plain').send('The reply could not be delivered to the channel');
        else res.status(400).type('text/plain').send('Bad request: the reply could not be delivered to serviceUrl');
        return;
      }
      res.status(500).type('text/plain').send('The activity could not be handled');
    }
  });
  return router;
}
