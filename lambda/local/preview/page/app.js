// The preview page: plain DOM code, no build step. Everything it shows comes from the server's
// JSON API and /email.html; server-sent events tell it when a source file changed.

const $ = (selector) => document.querySelector(selector);

const state = {
  templates: [],
  articles: [],
  selection: { template: 'newsletter', article: null },
  /** Only the newest refresh may write to the page. */
  sequence: 0,
};

const FRAMES = {
  desktop: $('#frame-desktop'),
  mobile: $('#frame-mobile'),
  dark: $('#frame-dark'),
};

const NOT_ANSWERING = 'The preview is not answering: is it still running? (npm run preview)';

/** The server's JSON answer; a server that is stopped or restarting is said as such (status 0). */
async function api(path, init) {
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    return { status: 0, body: { error: NOT_ANSWERING } };
  }
  const body = await response
    .json()
    .catch(() => ({ error: `The preview answered ${response.status} ${response.statusText}` }));
  return { status: response.status, body };
}

function selectionQuery() {
  const params = new URLSearchParams({ template: state.selection.template });
  params.set('article', state.selection.article ?? '');
  return params.toString();
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function rendersFromArticle() {
  return (
    state.templates.find((t) => t.name === state.selection.template)?.rendersFrom === 'article'
  );
}

function fillPickers() {
  const templates = $('#template');
  templates.replaceChildren(
    ...state.templates.map((t) => {
      const option = element('option', t.name);
      option.value = t.name;
      return option;
    }),
  );
  templates.value = state.selection.template;

  const articles = $('#article');
  const paths = [...state.articles];
  const current = state.selection.article;
  if (current !== null && !paths.includes(current)) paths.push(current);
  const data = element('option', `Preview data (${state.selection.template}.preview.ts)`);
  data.value = '';
  articles.replaceChildren(
    ...paths.map((path) => {
      const option = element('option', path);
      option.value = path;
      return option;
    }),
    data,
  );
  articles.value = current ?? '';
  const fromArticle = rendersFromArticle();
  articles.disabled = !fromArticle;
  $('#article-path').disabled = !fromArticle;
  articles.title = fromArticle ? '' : 'This template is rendered from its preview data';
}

async function select(change) {
  const { status, body } = await api('/api/selection', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(change),
  });
  if (status !== 200) {
    showError({ message: body.error });
    return;
  }
  state.selection = body.selection;
  fillPickers();
  await refresh();
}

function showView(view) {
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    tab.setAttribute('aria-selected', String(tab.dataset.view === view));
    // One stop for the tab list in the Tab order; the arrow keys move within it.
    tab.tabIndex = tab.dataset.view === view ? 0 : -1;
  }
  for (const panel of document.querySelectorAll('.view')) {
    panel.hidden = panel.dataset.view !== view;
  }
  fitFrame(FRAMES[view]);
}

/** Shows the whole email: the frame grows to its document's height. */
function fitFrame(frame) {
  const doc = frame?.contentDocument;
  if (!doc?.documentElement) return;
  frame.style.height = '0px';
  frame.style.height = `${doc.documentElement.scrollHeight}px`;
}

/**
 * Dark mode as clients that honour the email's own dark styles show it (Apple Mail, Outlook.com):
 * every `@media (prefers-color-scheme: dark)` rule of the frame's stylesheets is switched on by
 * rewriting its condition to one that always holds (light-only rules to one that never does), and
 * the document's color-scheme is set to dark. The HTML itself is the one /email.html serves.
 */
function emulateDarkMode(doc) {
  const rewrite = (rules) => {
    for (const rule of rules) {
      const media = rule.media?.mediaText;
      if (media?.includes('prefers-color-scheme')) {
        rule.media.mediaText = media
          .replace(/\(\s*prefers-color-scheme\s*:\s*dark\s*\)/g, '(min-width: 0px)')
          .replace(/\(\s*prefers-color-scheme\s*:\s*light\s*\)/g, '(max-width: 0px)');
      }
      if (rule.cssRules) rewrite(rule.cssRules);
    }
  };
  for (const sheet of doc.styleSheets) rewrite(sheet.cssRules);
  doc.documentElement.style.colorScheme = 'dark';
  doc.documentElement.dataset.previewScheme = 'dark';
}

for (const [name, frame] of Object.entries(FRAMES)) {
  frame.addEventListener('load', () => {
    // No document when the frame could not load (the server stopped): nothing to restyle.
    if (name === 'dark' && frame.contentDocument) emulateDarkMode(frame.contentDocument);
    fitFrame(frame);
  });
}

function loadFrames(stamp) {
  const src = `/email.html?${selectionQuery()}&v=${stamp}`;
  for (const frame of Object.values(FRAMES)) frame.src = src;
}

function showError(error) {
  $('#error').hidden = false;
  $('#views').hidden = true;
  // The message names the file and line: "Template newsletter.mjml:12: …".
  $('#error-message').textContent = error.message ?? String(error);
  const excerpt = $('#error-excerpt');
  excerpt.replaceChildren(
    ...(error.excerpt?.lines ?? []).flatMap((line) => {
      const bad = line.number === error.excerpt.line;
      const shown = element(
        'span',
        `${String(line.number).padStart(4)} │ ${line.text}\n`,
        bad ? 'bad-line' : '',
      );
      const column = error.excerpt.column;
      if (!bad || !column) return [shown];
      // A caret under the column; the line's own tabs keep it under the character above.
      const indent = line.text.slice(0, column - 1).replace(/[^\t]/g, ' ');
      return [shown, element('span', `     │ ${indent}^\n`, 'bad-column')];
    }),
  );
  excerpt.hidden = !error.excerpt;
}

function formatKb(bytes) {
  return `${Number((bytes / 1024).toFixed(1))} KB`;
}

const HEADER_ROWS = [
  'Subject',
  'From',
  'Reply-To',
  'To',
  'List-Id',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
  'Message-ID',
  'Date',
];

function fillHeaders(preview) {
  const find = (name) =>
    preview.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
  const rows = HEADER_ROWS.map((name) => [name, find(name)]);
  rows.splice(1, 0, ['Preheader', preview.preheader]);
  $('#header-summary').replaceChildren(
    ...rows.map(([name, value]) => {
      const row = element('tr');
      row.dataset.header = name;
      row.append(element('th', name), element('td', value ?? '—', value ? '' : 'missing'));
      return row;
    }),
  );
  $('#raw-headers').textContent = preview.rawHeaders;
  $('#eml-link').href = `/email.eml?${selectionQuery()}`;
}

/** One line per check; long lists (caniemail's findings) fold away unless they are errors. */
function fillChecks(checks) {
  $('#checks').replaceChildren(
    ...checks.map((check) => {
      const item = element('li', undefined, `check ${check.level}`);
      item.dataset.group = check.group;
      const line = [
        element('span', check.group, 'group'),
        element('span', check.message, 'message'),
      ];
      if (!check.details?.length) {
        item.append(...line);
        return item;
      }
      const details = element('details');
      details.open = check.level === 'error';
      const summary = element('summary');
      summary.append(...line);
      const list = element('ul', undefined, 'details');
      list.append(...check.details.map((detail) => element('li', detail)));
      details.append(summary, list);
      item.append(details);
      return item;
    }),
  );
}

function fillPreview(preview) {
  $('#error').hidden = true;
  $('#views').hidden = false;
  $('#subject').textContent = preview.subject;
  $('#preheader').textContent = preview.preheader;
  $('#text').textContent = preview.text;
  $('#source').textContent = preview.html;
  fillHeaders(preview);
  const meter = $('#size-meter');
  meter.max = preview.size.clip;
  meter.low = preview.size.clip * 0.75;
  meter.high = preview.size.clip * 0.95;
  meter.value = preview.size.html;
  $('#size-text').textContent =
    `HTML ${formatKb(preview.size.html)} as sent, of Gmail's ${formatKb(preview.size.clip)} clip ` +
    `(${Math.round((preview.size.html / preview.size.clip) * 100)}%) · whole message ${formatKb(preview.size.message)}`;
}

/**
 * Reloads everything for the current selection. The frames load /email.html at once (it waits
 * for the same render on the server); the checks come last, as they take longest.
 */
async function refresh() {
  const sequence = ++state.sequence;
  const query = selectionQuery();
  loadFrames(sequence);
  const { body } = await api(`/api/preview?${query}`);
  if (sequence !== state.sequence) return;
  if (body.ok) fillPreview(body);
  else showError(body.error ?? { message: 'The preview failed' });
  document.body.dataset.refreshes = String(sequence);
  const { body: checks } = await api(`/api/checks?${query}`);
  if (sequence === state.sequence) fillChecks(checks.checks ?? []);
}

function setLive(live, text) {
  const badge = $('#live');
  badge.dataset.state = live;
  badge.textContent = text;
}

/**
 * One stream of /events for every tab of the preview on this server: a browser opens at most 6
 * connections to one server over HTTP/1.1, and each tab's stream held one of them, so a seventh tab
 * never loaded and, with six open, no tab's refresh was answered. The tab holding the lock listens
 * and passes each event on to the others (a BroadcastChannel); when it is closed, another takes it.
 */
const EVENTS = 'newsletter-preview-events';

function listen() {
  const channel = new BroadcastChannel(EVENTS);
  let connectedBefore = false;
  const handlers = {
    hello() {
      setLive('live', 'live');
      // After a restart of the server, sources may have changed while the page was away, and
      // templates or articles been added or removed. The server starts on its own selection: the
      // page's is made its current again, so the article shown is watched (one picked from
      // outside the folders was not) and /email.html shows it.
      if (connectedBefore) {
        select({ ...state.selection, article: state.selection.article ?? '' });
        loadState();
      }
      connectedBefore = true;
    },
    /** What the listening tab last heard, told to a tab opened since: it was live or down then. */
    status({ live }) {
      connectedBefore ||= live;
      if (live) setLive('live', 'live');
      else handlers.down();
    },
    change({ files }) {
      setLive('live', `updated ${new Date().toLocaleTimeString()}: ${files.join(', ')}`);
      refresh();
      // A template or article may have been added or removed.
      loadState();
    },
    down() {
      setLive('down', 'disconnected — is the server running?');
    },
  };
  channel.addEventListener('message', ({ data }) => handlers[data.type]?.(data.data ?? {}));
  channel.postMessage({ type: 'ask' });
  navigator.locks.request(EVENTS, () => {
    let live;
    channel.addEventListener('message', ({ data }) => {
      if (data.type === 'ask' && live !== undefined) {
        channel.postMessage({ type: 'status', data: { live } });
      }
    });
    const pass = (type, data) => {
      handlers[type](data ?? {});
      channel.postMessage({ type, data });
    };
    const events = new EventSource('/events');
    events.addEventListener('hello', (event) => {
      live = true;
      pass('hello', JSON.parse(event.data));
    });
    events.addEventListener('change', (event) => pass('change', JSON.parse(event.data)));
    events.addEventListener('error', () => {
      live = false;
      pass('down');
    });
    // Held while the tab is open.
    return new Promise(() => {});
  });
}

async function sendTest(event) {
  event.preventDefault();
  const result = $('#send-result');
  const button = $('#send-form button');
  result.textContent = 'Sending…';
  delete result.dataset.state;
  // A second click while this test is on its way would send it twice.
  button.disabled = true;
  const { status, body } = await api('/api/send-test', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...state.selection,
      article: state.selection.article ?? '',
      to: $('#send-to').value,
    }),
  }).finally(() => {
    button.disabled = false;
  });
  if (status !== 200) {
    result.textContent = body.error;
    result.dataset.state = 'error';
    return;
  }
  result.dataset.state = 'ok';
  result.replaceChildren(
    `Sent (SES message ${body.messageId}) through ${body.embedded ? 'the embedded SES emulator' : body.endpoint}; written to ${body.folder}/. `,
  );
  if (body.embedded) {
    const link = element('a', 'Open its inbox');
    link.href = body.endpoint;
    link.target = '_blank';
    link.rel = 'noreferrer';
    result.append(link);
  }
}

/** The templates and articles there are; at start, also what the server shows at /email.html. */
async function loadState({ adoptSelection = false } = {}) {
  const { status, body } = await api('/api/state');
  // Stopped meanwhile: the pickers keep what they list until it answers again.
  if (status !== 200) return;
  state.templates = body.templates;
  state.articles = body.articles;
  if (adoptSelection) state.selection = body.selection;
  fillPickers();
}

/** The keys of a tab list (WAI-ARIA's tabs pattern): the arrows, Home and End pick a view. */
function moveBetweenTabs(event) {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const at = tabs.indexOf(document.activeElement);
  const next = {
    ArrowRight: at + 1,
    ArrowLeft: at - 1 + tabs.length,
    Home: 0,
    End: tabs.length - 1,
  }[event.key];
  if (at === -1 || next === undefined) return;
  event.preventDefault();
  const tab = tabs[next % tabs.length];
  tab.focus();
  showView(tab.dataset.view);
}

async function start() {
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    tab.addEventListener('click', () => showView(tab.dataset.view));
  }
  $('[role="tablist"]').addEventListener('keydown', moveBetweenTabs);
  $('#template').addEventListener('change', (event) => select({ template: event.target.value }));
  $('#article').addEventListener('change', (event) => select({ article: event.target.value }));
  $('#article-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const path = $('#article-path').value.trim();
    if (path) select({ article: path });
  });
  $('#send-form').addEventListener('submit', sendTest);

  await loadState({ adoptSelection: true });
  listen();
  await refresh();
}

start();
