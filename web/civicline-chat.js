/*
 * CivicLine chat for a city's web page: a "Chat with us" button that opens Microsoft's Web Chat, connected to
 * the CivicLine server's own Direct Line. Usage (see README, "Embedding the chat"):
 *
 *   <div id="civicline-chat"></div>
 *   <script src="https://civicline.example.ca/webchat/civicline-chat.js"></script>
 *   <script>CivicLineChat.mount(document.getElementById('civicline-chat'), { server: 'https://civicline.example.ca' });</script>
 *
 * The browser keeps its conversation (a reload continues it) and a resident key (a later visit is the same
 * resident, so "my reports" finds their reports) in localStorage. "Forget me on this device" ends both: the server
 * revokes the key and the conversation's token, the browser drops them, and the chat starts afresh as a stranger.
 */
(function () {
  'use strict';

  var REFRESH_MS = 10 * 60 * 1000;

  function mount(element, options) {
    options = options || {};
    var server = (options.server || scriptOrigin()).replace(/\/+$/, '');
    var domain = server + '/v3/directline';
    var language = options.language || navigator.language || 'en';
    var storageKey = 'civicline-chat:' + server;
    var accent = options.accent || '#0b5394';

    addStyleSheet(server + '/webchat/civicline-chat.css');
    return fetchJson(server + '/webchat/strings/' + encodeURIComponent(language) + '.json').then(function (strings) {
      var title = options.title || strings.title;
      element.classList.add('civicline-chat');
      element.style.setProperty('--civicline-accent', accent);
      element.innerHTML =
        '<button type="button" class="civicline-chat__launcher" aria-expanded="false"></button>' +
        '<section class="civicline-chat__panel" role="region" hidden>' +
        '<header class="civicline-chat__header"><h2 class="civicline-chat__title"></h2>' +
        '<button type="button" class="civicline-chat__close"></button></header>' +
        '<div class="civicline-chat__body"></div>' +
        '<div class="civicline-chat__footer"><button type="button" class="civicline-chat__forget"></button>' +
        '<p class="civicline-chat__notice" role="status"></p></div></section>';
      var launcher = element.querySelector('.civicline-chat__launcher');
      var panel = element.querySelector('.civicline-chat__panel');
      var body = element.querySelector('.civicline-chat__body');
      var close = element.querySelector('.civicline-chat__close');
      var forget = element.querySelector('.civicline-chat__forget');
      var notice = element.querySelector('.civicline-chat__notice');
      var panelId = 'civicline-chat-panel-' + Math.random().toString(36).slice(2);
      panel.id = panelId;
      panel.setAttribute('aria-label', title);
      launcher.setAttribute('aria-controls', panelId);
      launcher.textContent = strings.open;
      close.textContent = strings.close;
      forget.textContent = strings.forget;
      element.querySelector('.civicline-chat__title').textContent = title;
      var started = null;
      var connection = null;
      var refresher = null;

      // Opened by the resident: the cursor goes where they type (once Web Chat has drawn it), not to "Close".
      function open(byResident) {
        panel.hidden = false;
        launcher.setAttribute('aria-expanded', 'true');
        launcher.hidden = true;
        save({ open: true });
        started = started || start().catch(function () {
          body.textContent = strings.unavailable;
          started = null;
        });
        if (byResident) focusSendBox(20);
      }
      function focusSendBox(triesLeft) {
        var input = body.querySelector('[data-id="webchat-sendbox-input"]');
        if (input) return input.focus();
        close.focus();
        if (triesLeft > 0) setTimeout(function () {
          if (!panel.hidden && document.activeElement === close) focusSendBox(triesLeft - 1);
        }, 150);
      }
      function shut() {
        panel.hidden = true;
        launcher.hidden = false;
        launcher.setAttribute('aria-expanded', 'false');
        save({ open: false });
        launcher.focus();
      }
      launcher.addEventListener('click', function () {
        open(true);
      });
      close.addEventListener('click', shut);
      forget.addEventListener('click', forgetMe);
      panel.addEventListener('keydown', function (event) {
        if (event.key === 'Escape') shut();
      });

      function start() {
        return Promise.all([loadWebChat(server), session()]).then(function (results) {
          var WebChat = results[0];
          var current = results[1];
          // A conversation of its own in the panel: forgetting starts a new one in a fresh element.
          var host = document.createElement('div');
          host.className = 'civicline-chat__conversation';
          body.textContent = '';
          body.appendChild(host);
          var directLine = WebChat.createDirectLine({
            domain: domain,
            token: current.token,
            conversationId: current.resumed ? current.conversationId : undefined,
            webSocket: options.webSocket !== false,
          });
          // Web Chat's recommended welcome: once connected to a new conversation, say who joined and in what language.
          var store = WebChat.createStore({}, function (api) {
            return function (next) {
              return function (action) {
                if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && !current.resumed) {
                  api.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'webchat/join', value: { language: language } } });
                }
                return next(action);
              };
            };
          });
          WebChat.renderWebChat(
            {
              directLine: directLine,
              store: store,
              userID: current.userId,
              locale: language,
              styleOptions: Object.assign(
                {
                  accent: accent,
                  botAvatarInitials: options.botInitials,
                  bubbleFromUserBackground: accent,
                  bubbleFromUserTextColor: '#ffffff',
                  suggestedActionBorderColor: accent,
                  suggestedActionTextColor: accent,
                  suggestedActionLayout: 'stacked',
                  hideUploadButton: false,
                  rootHeight: '100%',
                },
                options.styleOptions || {}
              ),
            },
            host
          );
          connection = directLine;
          // Keep a fresh token so a reload within the next hour continues this conversation.
          refresher = setInterval(function () {
            refresh(load().token);
          }, REFRESH_MS);
        });
      }

      // The server forgets the key (and retires this conversation's token) before the browser drops them.
      function forgetMe() {
        var saved = load();
        var asked = saved.residentKey
          ? fetchJson(domain + '/tokens/forget', { method: 'POST', token: saved.token, body: { residentKey: saved.residentKey } })
          : Promise.resolve();
        return asked.then(function () {
          clearInterval(refresher);
          if (connection) connection.end();
          connection = null;
          save({ token: null, conversationId: null, userId: null, residentKey: null });
          started = start().catch(function () {
            body.textContent = strings.unavailable;
            started = null;
          });
          notice.textContent = strings.forgotten;
        }, function () {
          notice.textContent = strings.unavailable;
        });
      }

      function session() {
        var saved = load();
        var resumed = saved.token ? refresh(saved.token) : Promise.resolve(null);
        return resumed.then(function (current) {
          if (current) return current;
          return fetchJson(domain + '/tokens/generate', { method: 'POST', body: saved.residentKey ? { residentKey: saved.residentKey } : {} }).then(function (created) {
            save({ token: created.token, conversationId: created.conversationId, userId: created.userId, residentKey: created.residentKey });
            return { token: created.token, conversationId: created.conversationId, userId: created.userId, resumed: false };
          });
        });
      }

      function refresh(token) {
        if (!token) return Promise.resolve(null);
        return fetchJson(domain + '/tokens/refresh', { method: 'POST', token: token }).then(
          function (renewed) {
            save({ token: renewed.token });
            var saved = load();
            return { token: renewed.token, conversationId: renewed.conversationId, userId: saved.userId, resumed: true };
          },
          function () {
            save({ token: null, conversationId: null });
            return null;
          }
        );
      }

      function load() {
        try {
          return JSON.parse(localStorage.getItem(storageKey) || '{}');
        } catch (e) {
          return {};
        }
      }
      function save(changes) {
        try {
          localStorage.setItem(storageKey, JSON.stringify(Object.assign(load(), changes)));
        } catch (e) {
          /* private browsing: the chat still works, only without continuity */
        }
      }

      if (options.open || load().open) open(false);
      return {
        open: function () {
          open(true);
        },
        close: shut,
      };
    });
  }

  function addStyleSheet(href) {
    if (document.querySelector('link[href="' + href + '"]')) return;
    var link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    document.head.appendChild(link);
  }

  var webChatLoading = null;
  function loadWebChat(server) {
    if (window.WebChat) return Promise.resolve(window.WebChat);
    webChatLoading =
      webChatLoading ||
      new Promise(function (resolve, reject) {
        var script = document.createElement('script');
        script.src = server + '/webchat/webchat.js';
        script.onload = function () {
          resolve(window.WebChat);
        };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    return webChatLoading;
  }

  function fetchJson(url, init) {
    init = init || {};
    var headers = { Accept: 'application/json' };
    if (init.body) headers['Content-Type'] = 'application/json';
    if (init.token) headers.Authorization = 'Bearer ' + init.token;
    return fetch(url, { method: init.method || 'GET', headers: headers, body: init.body ? JSON.stringify(init.body) : undefined }).then(function (response) {
      if (!response.ok) throw new Error(url + ' answered ' + response.status);
      return response.status === 204 ? null : response.json();
    });
  }

  var thisScript = document.currentScript;
  function scriptOrigin() {
    return thisScript ? new URL(thisScript.src).origin : window.location.origin;
  }

  window.CivicLineChat = { mount: mount };
})();
