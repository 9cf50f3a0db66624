import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Request, Router } from 'express';
import { TFunction } from 'i18next';
import { Languages } from '../../i18n/Languages';

export interface WebChatPageOptions {
  languages: Languages;
  /** web/: the embed script and style sheets. */
  webDir: string;
  /** The official Web Chat bundle, fetched from the npm registry at install (scripts/fetch-webchat.sh). */
  bundleFile: string;
}

/**
 * GET /: the sample town's home page with the chat embedded exactly as a city embeds it on its own site
 * (the script and a mount call). Everything is served from here: the page works with no internet.
 */
export function webChatPageRouter(options: WebChatPageOptions): Router {
  const router = express.Router();
  const { languages } = options;

  router.get('/', (req, res) => {
    const locale = preferredLanguage(req, languages);
    res.type('html').set('Cache-Control', 'no-cache').send(demoPage(languages.turnLanguage(locale).t, locale));
  });

  router.get('/webchat/strings/:language.json', (req, res) => {
    const { t } = languages.turnLanguage(baseLanguage(String(req.params.language), languages));
    res.set('Access-Control-Allow-Origin', '*').json({
      title: t('webchat.title'),
      open: t('webchat.open'),
      close: t('webchat.close'),
      unavailable: t('webchat.unavailable'),
      forget: t('webchat.forget'),
      forgotten: t('webchat.forgotten'),
    });
  });

  router.get('/webchat/webchat.js', (_req, res) => {
    if (!existsSync(options.bundleFile)) {
      res.status(503).type('text/plain').send('The Web Chat bundle is not installed: run npm ci (or bash scripts/fetch-webchat.sh).');
      return;
    }
    res.set({ 'Cache-Control': 'public, max-age=86400', 'Access-Control-Allow-Origin': '*' }).sendFile(options.bundleFile, { dotfiles: 'allow' });
  });

  for (const file of ['civicline-chat.js', 'civicline-chat.css', 'elmhurst.css']) {
    router.get(`/webchat/${file}`, (_req, res) => {
      res.set({ 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' }).sendFile(path.join(options.webDir, file));
    });
  }
  return router;
}

/** The first language of Accept-Language the bot speaks ("fr-CA,fr;q=0.9" -> fr), else the default. */
function preferredLanguage(req: Request, languages: Languages): string {
  const wanted = (req.header('Accept-Language') ?? '').split(',').map((part) => part.split(';')[0].trim());
  return wanted.map((tag) => tag.toLowerCase().split(/[-_]/)[0]).find((l) => languages.isSupported(l)) ?? languages.defaultLocale;
}

function baseLanguage(tag: string, languages: Languages): string {
  const base = tag.toLowerCase().split(/[-_]/)[0];
  return languages.isSupported(base) ? base : languages.defaultLocale;
}

function demoPage(t: TFunction, locale: string): string {
  const e = (key: string) => escapeHtml(t(key));
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e('page.title')}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/webchat/elmhurst.css">
</head>
<body>
<a class="skip-link" href="#content">${e('page.skip')}</a>
<header class="site-header">
<p class="site-name">${e('page.title')}</p>
<nav class="site-nav" aria-label="${e('page.navLabel')}"><ul>
<li><a href="/">${e('page.nav.home')}</a></li><li><a href="/#services">${e('page.nav.services')}</a></li>
<li><a href="/#council">${e('page.nav.council')}</a></li><li><a href="/#contact">${e('page.nav.contact')}</a></li>
</ul></nav>
</header>
<main id="content">
<h1>${e('page.heading')}</h1>
<p>${e('page.intro')}</p>
<section class="notice" aria-labelledby="notice-heading"><h2 id="notice-heading">${e('page.noticeHeading')}</h2><p>${e('page.notice')}</p></section>
</main>
<footer id="contact"><p>${e('page.footer')}</p></footer>
<div id="civicline-chat"></div>
<script src="/webchat/civicline-chat.js"></script>
<script>CivicLineChat.mount(document.getElementById('civicline-chat'), { accent: '#00573f' });</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
