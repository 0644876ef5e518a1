/* Status Codes, Live: the "Try it" console.
 *
 * Every section.tryit on the page gets a working console: presets fill the form and send, the
 * form sends whatever it holds, and the output shows the REAL request and response. Nothing from
 * a response is ever inserted as HTML: the DOM is built with createElement and textContent only,
 * and no element.style is touched (strict CSP), only classes and the `hidden` attribute.
 *
 * One file on purpose: the site serves static files through ManifestStaticFilesStorage, which
 * does not rewrite relative `import` specifiers, so sub-modules would be fetched unhashed.
 */

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const BODYLESS_METHODS = new Set(["GET", "HEAD"]);
const PLACEHOLDER_PATTERN = /\{(article|product|other_article|article_etag)\}/g;
const BODY_DISPLAY_LIMIT = 200000; // characters shown; the size line always reports the full size

const REPLAY_LABEL =
  "Replayed on the server: browsers hide redirects from scripts, so the server ran the same " +
  "request through the same view and reports what Django produced.";

// Reason phrases for when statusText is empty (HTTP/2 has none). Python's http.HTTPStatus
// wording, which is what Django sends over HTTP/1.1.
const REASONS = {
  100: "Continue", 101: "Switching Protocols", 102: "Processing", 103: "Early Hints",
  200: "OK", 201: "Created", 202: "Accepted", 203: "Non-Authoritative Information",
  204: "No Content", 205: "Reset Content", 206: "Partial Content", 207: "Multi-Status",
  208: "Already Reported", 226: "IM Used",
  300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other",
  304: "Not Modified", 305: "Use Proxy", 307: "Temporary Redirect", 308: "Permanent Redirect",
  400: "Bad Request", 401: "Unauthorized", 402: "Payment Required", 403: "Forbidden",
  404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
  407: "Proxy Authentication Required", 408: "Request Timeout", 409: "Conflict", 410: "Gone",
  411: "Length Required", 412: "Precondition Failed", 413: "Content Too Large",
  414: "URI Too Long", 415: "Unsupported Media Type", 416: "Range Not Satisfiable",
  417: "Expectation Failed", 418: "I'm a Teapot", 421: "Misdirected Request",
  422: "Unprocessable Content", 423: "Locked", 424: "Failed Dependency", 425: "Too Early",
  426: "Upgrade Required", 428: "Precondition Required", 429: "Too Many Requests",
  431: "Request Header Fields Too Large", 451: "Unavailable For Legal Reasons",
  500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
  503: "Service Unavailable", 504: "Gateway Timeout", 505: "HTTP Version Not Supported",
  506: "Variant Also Negotiates", 507: "Insufficient Storage", 508: "Loop Detected",
  510: "Not Extended", 511: "Network Authentication Required",
};

// Request headers a script may not set (the Fetch standard's forbidden request headers).
const FORBIDDEN_HEADERS = new Set([
  "accept-charset", "accept-encoding", "access-control-request-headers",
  "access-control-request-method", "connection", "content-length", "cookie", "cookie2", "date",
  "dnt", "expect", "host", "keep-alive", "origin", "referer", "set-cookie", "te", "trailer",
  "transfer-encoding", "upgrade", "via",
]);

const HINTS = {
  staff: "This preset's documented answer assumes you are signed in as staff.",
  learner: "This preset's documented answer assumes you are signed in as learner.",
  anonymous: "This preset's documented answer assumes you are browsing as a guest (signed out).",
};

const state = {
  panels: [],
  demosPromise: null,
  sandboxPromise: null,
  values: {}, // placeholder values from /demos/sandbox.json
  created: {}, // {article}/{product} set by a 201 in this page
  visitor: null,
  visitorError: "",
  visitorBusy: false,
};

/* ---------- small helpers ---------- */

class ConsoleError extends Error {}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function reasonFor(status, given) {
  return (given && String(given).trim()) || REASONS[status] || "";
}

function statusClass(status) {
  const digit = Math.floor(Number(status) / 100);
  return digit >= 1 && digit <= 5 ? `status-${digit}xx` : "status-unknown";
}

function shellQuote(text) {
  return `'${String(text).replace(/'/g, "'\\''")}'`;
}

function csrfToken() {
  for (const part of document.cookie.split(";")) {
    const index = part.indexOf("=");
    if (index > -1 && part.slice(0, index).trim() === "csrftoken") {
      return decodeURIComponent(part.slice(index + 1).trim());
    }
  }
  return "";
}

function isForbiddenHeader(name) {
  const lower = name.toLowerCase();
  return FORBIDDEN_HEADERS.has(lower) || lower.startsWith("proxy-") || lower.startsWith("sec-");
}

function findHeader(pairs, name) {
  const wanted = name.toLowerCase();
  const pair = pairs.find(([key]) => key.toLowerCase() === wanted);
  return pair ? pair[1] : null;
}

function substitute(text) {
  const values = { ...state.values, ...state.created };
  return String(text ?? "").replace(PLACEHOLDER_PATTERN, (match, name) =>
    values[name] === undefined || values[name] === null ? match : String(values[name]),
  );
}

function describeError(error) {
  if (error instanceof ConsoleError) return error.message;
  if (error instanceof TypeError) {
    return `the browser could not complete the request (${error.message}). Check your connection and try again.`;
  }
  return error && error.message ? error.message : String(error);
}

async function getJSON(url, init = {}) {
  const response = await fetch(url, {
    credentials: "same-origin",
    cache: "no-store",
    ...init,
    headers: { Accept: "application/json", ...(init.headers || {}) },
  });
  if (!response.ok) {
    throw new ConsoleError(
      `${url} answered HTTP ${response.status} ${reasonFor(response.status, response.statusText)}`.trim(),
    );
  }
  return response.json();
}

/* ---------- shared data: demos and sandbox ---------- */

function loadDemos() {
  if (!state.demosPromise) {
    const promise = getJSON("/demos.json").then((data) => {
      const demos = new Map();
      for (const demo of (data && data.demos) || []) demos.set(demo.id, demo);
      return demos;
    });
    state.demosPromise = promise;
    promise.catch(() => {
      if (state.demosPromise === promise) state.demosPromise = null; // retry on next use
    });
  }
  return state.demosPromise;
}

function loadSandbox(force = false) {
  if (force || !state.sandboxPromise) {
    const promise = getJSON("/demos/sandbox.json").then((data) => {
      state.values = {
        article: data.article, product: data.product,
        other_article: data.other_article, article_etag: data.article_etag,
      };
      state.created = {}; // the sandbox is the visitor's: fresh values replace earlier ones
      state.visitor = data.visitor || { signed_in: false, username: null, is_staff: false };
      state.visitorError = "";
      renderVisitorBars();
      return data;
    });
    state.sandboxPromise = promise;
    promise.catch((error) => {
      if (state.sandboxPromise !== promise) return;
      state.sandboxPromise = null;
      state.visitorError = describeError(error);
      renderVisitorBars();
    });
  }
  return state.sandboxPromise;
}

function visitorMatches(as) {
  const visitor = state.visitor;
  if (!as || !visitor) return true;
  if (as === "anonymous") return !visitor.signed_in;
  if (as === "learner") return Boolean(visitor.signed_in) && !visitor.is_staff;
  if (as === "staff") return Boolean(visitor.signed_in) && Boolean(visitor.is_staff);
  return true;
}

/* ---------- visitor bar ---------- */

function buildVisitorBar(panel) {
  const box = panel.visitorBox;
  box.replaceChildren();
  const who = el("p", "tryit-visitor-who");
  const actions = el("div", "tryit-visitor-actions");
  const learner = el("button", "tryit-signin", "Sign in as learner");
  const staff = el("button", "tryit-signin", "Sign in as staff");
  const signOut = el("button", "tryit-signout", "Sign out");
  for (const button of [learner, staff, signOut]) button.type = "button";
  learner.dataset.account = "learner";
  staff.dataset.account = "staff";
  actions.append(learner, staff, signOut);
  const error = el("p", "tryit-visitor-error");
  error.hidden = true;
  const announcer = el("p", "visually-hidden");
  announcer.setAttribute("aria-live", "polite");
  box.append(who, actions, error, announcer);
  panel.bar = { who, learner, staff, signOut, error, announcer };

  learner.addEventListener("click", () => changeVisitor(panel, "learner"));
  staff.addEventListener("click", () => changeVisitor(panel, "staff"));
  signOut.addEventListener("click", () => changeVisitor(panel, null));
}

function visitorText() {
  const visitor = state.visitor;
  if (!visitor) {
    return state.visitorError ? "We could not check who you are." : "Checking who you are…";
  }
  if (!visitor.signed_in) return "You are browsing as a guest";
  return `Signed in as ${visitor.username || "a user"}${visitor.is_staff ? " (staff)" : ""}`;
}

function renderVisitorBars() {
  const visitor = state.visitor;
  const signedIn = Boolean(visitor && visitor.signed_in);
  const staff = Boolean(visitor && visitor.is_staff);
  for (const panel of state.panels) {
    const bar = panel.bar;
    const active = document.activeElement;
    const focused = panel.visitorBox.contains(active);
    bar.who.textContent = visitorText();
    bar.learner.hidden = signedIn && !staff;
    bar.staff.hidden = signedIn && staff;
    bar.signOut.hidden = !signedIn;
    bar.error.textContent = state.visitorError;
    bar.error.hidden = !state.visitorError;
    panel.visitorBox.setAttribute("aria-busy", String(state.visitorBusy));
    // Hiding the focused button blurs it: keep keyboard users in the bar.
    if (focused && (active.hidden || document.activeElement !== active)) {
      const next = [bar.learner, bar.staff, bar.signOut].find((button) => !button.hidden);
      if (next) next.focus();
    }
  }
}

async function changeVisitor(panel, account) {
  if (state.visitorBusy) return;
  state.visitorBusy = true;
  state.visitorError = "";
  panel.bar.announcer.textContent = "";
  renderVisitorBars();
  try {
    await loadSandbox().catch(() => null); // makes sure the csrftoken cookie exists
    const headers = {};
    const token = csrfToken();
    if (token) headers["X-CSRFToken"] = token;
    let url = "/demos/sign-out/";
    let body;
    if (account) {
      url = "/demos/sign-in/";
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = `account=${encodeURIComponent(account)}`;
    }
    const visitor = await getJSON(url, { method: "POST", headers, body });
    if (visitor && typeof visitor === "object") state.visitor = visitor;
    await loadSandbox(true); // new rows, new visitor: every panel's bar updates
    panel.bar.announcer.textContent = visitorText();
  } catch (error) {
    state.visitorError = `${account ? "Signing in" : "Signing out"} failed: ${describeError(error)}`;
    panel.bar.announcer.textContent = state.visitorError;
  } finally {
    state.visitorBusy = false;
    renderVisitorBars();
  }
}

/* ---------- the form ---------- */

function field(panel, name) {
  return panel.form ? panel.form.elements.namedItem(name) : null;
}

function fillForm(panel, preset) {
  const method = String(preset.method || "GET").toUpperCase();
  const select = field(panel, "method");
  if (select) {
    if (select.tagName === "SELECT" && ![...select.options].some((o) => o.value === method)) {
      select.append(new Option(method, method));
    }
    select.value = method;
  }
  const headers = Object.entries(preset.headers || {})
    .map(([name, value]) => `${name}: ${substitute(value)}`)
    .join("\n");
  const set = (name, value) => {
    const input = field(panel, name);
    if (input) input.value = value;
  };
  set("path", substitute(preset.path || "/"));
  set("headers", headers);
  set("body", substitute(preset.body || ""));
  const csrf = field(panel, "csrf");
  if (csrf) csrf.checked = preset.csrf !== false;
}

function readForm(panel) {
  const value = (name, fallback = "") => {
    const input = field(panel, name);
    return input ? input.value : fallback;
  };
  const csrf = field(panel, "csrf");
  return {
    method: value("method", "GET"),
    path: value("path", panel.form ? panel.form.getAttribute("action") || "/" : "/"),
    headers: value("headers"),
    body: value("body"),
    csrf: csrf ? csrf.checked : true,
  };
}

function buildRequest(values) {
  const method = values.method.trim().toUpperCase() || "GET";
  if (!/^[A-Z][A-Z0-9_-]*$/.test(method)) throw new ConsoleError(`"${method}" is not an HTTP method.`);
  let url;
  try {
    url = new URL(substitute(values.path.trim() || "/"), window.location.href);
  } catch {
    throw new ConsoleError(`"${values.path}" is not a URL.`);
  }
  if (url.origin !== window.location.origin) {
    throw new ConsoleError(
      "The console only sends requests to this site: use a path such as /demos/my-view/.",
    );
  }
  const headers = [];
  values.headers.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon).trim() : "";
    if (!name || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new ConsoleError(`Headers, line ${index + 1}: write one "Name: value" per line.`);
    }
    headers.push([name, substitute(line.slice(colon + 1).trim())]);
  });
  const bodyless = BODYLESS_METHODS.has(method);
  const body = bodyless ? "" : substitute(values.body);
  if (body && findHeader(headers, "content-type") === null) {
    headers.push(["Content-Type", "text/plain;charset=UTF-8"]); // what fetch would add anyway
  }
  let csrfMissing = false;
  if (UNSAFE_METHODS.has(method) && values.csrf && findHeader(headers, "x-csrftoken") === null) {
    const token = csrfToken();
    if (token) headers.push(["X-CSRFToken", token]);
    else csrfMissing = true;
  }
  return {
    method,
    url,
    path: url.pathname + url.search,
    headers,
    body,
    bodyIgnored: bodyless && values.body.trim() !== "",
    csrfSent: findHeader(headers, "x-csrftoken") !== null,
    csrfMissing,
    refused: headers.filter(([name]) => isForbiddenHeader(name)),
  };
}

/* ---------- sending ---------- */

function decodeBody(buffer, contentType) {
  const charset = /charset=["']?([\w-]+)/i.exec(contentType || "");
  try {
    return new TextDecoder(charset ? charset[1] : "utf-8").decode(buffer);
  } catch {
    return new TextDecoder("utf-8").decode(buffer);
  }
}

async function fetchResult(request, signal) {
  const headers = new Headers();
  for (const [name, value] of request.headers) {
    if (isForbiddenHeader(name)) continue;
    try {
      headers.append(name, value);
    } catch {
      throw new ConsoleError(`The header "${name}" has a value the browser cannot send.`);
    }
  }
  const init = {
    method: request.method,
    headers,
    redirect: "manual",
    credentials: "same-origin",
    cache: "no-store",
    signal,
  };
  if (request.body) init.body = request.body;
  const response = await fetch(request.url.href, init);

  if (response.type === "opaqueredirect") {
    if (!BODYLESS_METHODS.has(request.method)) return { hiddenRedirect: true };
    return replay(request, signal);
  }
  const responseHeaders = [...response.headers];
  const contentType = response.headers.get("content-type") || "";
  const buffer = await response.arrayBuffer();
  return {
    status: response.status,
    reason: reasonFor(response.status, response.statusText),
    headers: responseHeaders,
    contentType,
    bytes: buffer.byteLength,
    text: decodeBody(buffer, contentType),
    replayed: false,
  };
}

async function replay(request, signal) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  const token = csrfToken();
  if (token) headers["X-CSRFToken"] = token;
  const sent = {};
  for (const [name, value] of request.headers) if (!isForbiddenHeader(name)) sent[name] = value;
  const response = await fetch("/demos/replay/", {
    method: "POST",
    headers,
    body: JSON.stringify({ method: request.method, path: request.path, headers: sent }),
    credentials: "same-origin",
    cache: "no-store",
    redirect: "manual",
    signal,
  });
  if (!response.ok) {
    throw new ConsoleError(
      "The response was a redirect, which browsers hide from scripts, and the server could not " +
        `replay it (/demos/replay/ answered HTTP ${response.status} ` +
        `${reasonFor(response.status, response.statusText)}).`,
    );
  }
  const data = await response.json();
  const pairs = Array.isArray(data.headers) ? data.headers : Object.entries(data.headers || {});
  const replayedHeaders = pairs.map(([name, value]) => [String(name), String(value)]);
  const text = data.body === undefined || data.body === null ? "" : String(data.body);
  return {
    status: Number(data.status),
    reason: reasonFor(data.status, data.reason),
    headers: replayedHeaders,
    contentType: findHeader(replayedHeaders, "content-type") || "",
    bytes: new TextEncoder().encode(text).length,
    text,
    replayed: true,
  };
}

async function send(panel, { preset = null, focusResult = false } = {}) {
  if (panel.controller) panel.controller.abort();
  const controller = new AbortController();
  panel.controller = controller;

  // First use: the sandbox gives the visitor, and its response sets the csrftoken cookie.
  await loadSandbox().catch(() => null);
  if (panel.controller !== controller) return;
  let request;
  try {
    request = buildRequest(readForm(panel));
  } catch (error) {
    finish(panel, controller, null, { error: describeError(error) }, focusResult);
    return;
  }
  setBusy(panel, true);
  panel.announcer.textContent = "";
  panel.result.replaceChildren(el("p", "tryit-sending", `Sending ${request.method} ${request.path}…`));

  const context = { preset, request };
  const started = performance.now();
  try {
    const result = await fetchResult(request, controller.signal);
    context.ms = performance.now() - started;
    context.result = result;
    if (!result.hiddenRedirect && !result.replayed && result.status === 201) {
      context.created = await rememberCreated(panel, result);
    }
  } catch (error) {
    if (error && error.name === "AbortError") return; // a newer request took over
    context.error = `Request failed: ${describeError(error)}`;
  }
  finish(panel, controller, request, context, focusResult);
}

async function rememberCreated(panel, result) {
  const demos = await loadDemos().catch(() => null);
  const demo = demos && demos.get(panel.demoId);
  if (!demo || (demo.resource !== "article" && demo.resource !== "product")) return null;
  if (!/json/i.test(result.contentType)) return null;
  try {
    const data = JSON.parse(result.text);
    if (data && (typeof data.id === "number" || typeof data.id === "string")) {
      state.created[demo.resource] = data.id;
      return { name: demo.resource, id: data.id };
    }
  } catch {
    // not JSON after all: nothing to remember
  }
  return null;
}

function setBusy(panel, busy) {
  panel.output.setAttribute("aria-busy", String(busy));
  panel.section.classList.toggle("tryit-busy", busy);
}

function finish(panel, controller, request, context, focusResult) {
  if (panel.controller !== controller) return;
  panel.controller = null;
  setBusy(panel, false);
  const { status } = renderOutput(panel, request, context);
  panel.announcer.textContent = context.error
    ? context.error
    : context.result && context.result.hiddenRedirect
      ? "The server answered with a redirect the browser hides"
      : `Status ${context.result.status} ${context.result.reason}`.trim() +
        (context.result.replayed ? " (replayed on the server)" : "");
  if (focusResult && status) status.focus();
}

function followRedirect(panel, target) {
  const method = field(panel, "method");
  if (method) method.value = "GET";
  const set = (name, value) => {
    const input = field(panel, name);
    if (input) input.value = value;
  };
  set("path", target.pathname + target.search);
  set("headers", "");
  set("body", "");
  send(panel, { focusResult: true });
}

/* ---------- output ---------- */

function block(label, className) {
  const wrapper = el("div", `tryit-block ${className}`);
  wrapper.append(el("p", "tryit-label", label));
  return wrapper;
}

function scrollablePre(className, text, label) {
  const pre = el("pre", className);
  pre.tabIndex = 0; // keyboard users can scroll it
  pre.setAttribute("role", "region");
  pre.setAttribute("aria-label", label);
  const code = el("code", "", text);
  pre.append(code);
  return pre;
}

function renderRequest(context) {
  const { request, preset } = context;
  const wrapper = block("Request", "tryit-request");
  if (preset) {
    const line = el("p", "tryit-preset-used", `Preset: ${preset.name}`);
    if (preset.note) line.append(el("span", "tryit-preset-note", ` ${preset.note}`));
    wrapper.append(line);
    if (preset.after) {
      wrapper.append(
        el("p", "tryit-note", `Its documented answer assumes you pressed “${preset.after}” first.`),
      );
    }
  }
  if (!request) return wrapper;
  const lines = [`${request.method} ${request.path}`];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (request.body) lines.push("", request.body);
  wrapper.append(scrollablePre("tryit-request-text", lines.join("\n"), "Request sent"));
  const notes = [];
  notes.push("Your browser adds its own headers too (Cookie, User-Agent, Accept-Language…).");
  if (request.refused.length) {
    const names = request.refused.map(([name]) => name).join(", ");
    notes.push(`Not sent: browsers refuse to let scripts set ${names}; curl can send it.`);
  }
  if (request.bodyIgnored) notes.push(`Body not sent: a ${request.method} request carries none.`);
  if (request.csrfMissing) {
    notes.push("No X-CSRFToken header: there is no csrftoken cookie yet.");
  }
  for (const note of notes) wrapper.append(el("p", "tryit-note", note));
  return wrapper;
}

function renderBody(result) {
  const wrapper = block("Body", "tryit-body-block");
  const type = result.contentType.toLowerCase();
  if (!result.text) {
    wrapper.append(el("p", "tryit-empty", "(no body)"));
    return wrapper;
  }
  if (/^(image|audio|video|font)\/|octet-stream|\/zip|\/pdf/.test(type)) {
    wrapper.append(el("p", "tryit-empty", `(binary body: ${result.bytes} bytes of ${type}, not shown)`));
    return wrapper;
  }
  let text = result.text;
  if (/json/.test(type)) {
    try {
      text = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      wrapper.append(el("p", "tryit-note", "Labelled JSON but not valid JSON: shown as received."));
    }
  }
  if (text.length > BODY_DISPLAY_LIMIT) {
    wrapper.append(el("p", "tryit-note", `Only the first ${BODY_DISPLAY_LIMIT} characters are shown.`));
    text = text.slice(0, BODY_DISPLAY_LIMIT);
  }
  wrapper.append(scrollablePre("tryit-body", text, "Response body"));
  return wrapper;
}

function renderLocation(panel, result, request) {
  const location = findHeader(result.headers, "location");
  if (!location || result.status < 300 || result.status > 399) return null;
  const wrapper = el("div", "tryit-location");
  const line = el("p", "tryit-location-line", "Location: ");
  line.append(el("code", "", location));
  wrapper.append(line);
  let target = null;
  try {
    target = new URL(location, request.url);
  } catch {
    wrapper.append(el("p", "tryit-note", "The Location is not a valid URL, so there is nothing to follow."));
    return wrapper;
  }
  if (target.origin === window.location.origin) {
    wrapper.append(el("p", "tryit-note", "The console shows the redirect itself and does not follow it."));
    const button = el("button", "tryit-follow", "Follow redirect");
    button.type = "button";
    button.addEventListener("click", () => followRedirect(panel, target));
    wrapper.append(button);
  } else if (target.protocol === "http:" || target.protocol === "https:") {
    const note = el("p", "tryit-note", "It points to another site, which the console does not contact: ");
    const link = el("a", "", target.href);
    link.href = target.href;
    note.append(link);
    wrapper.append(note);
  }
  return wrapper;
}

function renderCurl(context) {
  const { request } = context;
  const parts = ["curl", "-i"];
  // curl -X HEAD waits for a body that never comes; --head is how curl sends HEAD.
  if (request.method === "HEAD") parts.push("--head");
  else parts.push("-X", request.method);
  parts.push(shellQuote(window.location.origin + request.path));
  for (const [name, value] of request.headers) {
    if (!isForbiddenHeader(name)) parts.push("-H", shellQuote(`${name}: ${value}`));
  }
  if (request.body) parts.push("--data-raw", shellQuote(request.body));
  const command = parts.join(" ");

  const wrapper = block("Reproduce with curl", "tryit-curl-block");
  wrapper.append(scrollablePre("tryit-curl", command, "curl command"));
  const notes = [];
  if (request.csrfSent && UNSAFE_METHODS.has(request.method)) {
    let note = `Unsafe methods need the csrftoken cookie as well: add -b ${shellQuote(`csrftoken=${csrfToken() || "..."}`)}`;
    if (window.location.protocol === "https:") {
      note += ` and, over HTTPS, -H ${shellQuote(`Origin: ${window.location.origin}`)}`;
    }
    notes.push(`${note}.`);
  }
  for (const [name, value] of request.refused) {
    notes.push(`To send the header your browser refused, add -H ${shellQuote(`${name}: ${value}`)}.`);
  }
  if (state.visitor && state.visitor.signed_in) {
    notes.push("curl does not share your browser's session: it runs as a guest.");
  }
  for (const note of notes) wrapper.append(el("p", "tryit-note", note));
  const copy = el("button", "tryit-copy", "Copy curl command");
  copy.type = "button";
  const copied = el("span", "tryit-copied");
  copied.setAttribute("aria-live", "polite");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(command);
      copied.textContent = "Copied.";
    } catch {
      copied.textContent = "Copying failed: select the command and copy it yourself.";
    }
  });
  const row = el("p", "tryit-copy-row");
  row.append(copy, copied);
  wrapper.append(row);
  return wrapper;
}

function renderOutput(panel, request, context) {
  const nodes = [renderRequest({ ...context, request })];
  let status = null;
  const { result, error, preset } = context;
  const hint = preset && !visitorMatches(preset.as) ? HINTS[preset.as] : null;

  if (error) {
    nodes.push(el("p", "tryit-error", error));
  } else if (result.hiddenRedirect) {
    nodes.push(
      el(
        "p",
        "tryit-error",
        `The server answered this ${request.method} with a redirect. Browsers hide redirects from ` +
          "scripts, and the server replays only GET and HEAD requests, so the console cannot show " +
          "the status, the Location or the body. Run the curl command below to see them.",
      ),
    );
  } else {
    if (result.replayed) nodes.push(el("p", "tryit-replayed", REPLAY_LABEL));
    status = el("p", `tryit-status ${statusClass(result.status)}`, `HTTP ${result.status} ${result.reason}`.trim());
    status.tabIndex = -1;
    nodes.push(status);
  }
  if (hint) {
    nodes.push(el("p", "tryit-hint", `${hint} Use the buttons above to switch, or read the result as it is.`));
  }
  if (result && !result.hiddenRedirect) {
    const location = renderLocation(panel, result, request);
    if (location) nodes.push(location);
    const headers = block("Response headers", "tryit-headers-block");
    const list = el("ul", "tryit-headers");
    for (const [name, value] of result.headers) {
      const item = el("li");
      item.append(el("span", "tryit-header-name", name), document.createTextNode(": "));
      item.append(el("span", "tryit-header-value", value));
      list.append(item);
    }
    if (!result.headers.length) list.append(el("li", "tryit-empty", "(no headers)"));
    headers.append(list);
    if (!result.replayed) {
      headers.append(el("p", "tryit-note", "Browsers never show Set-Cookie headers to scripts."));
    }
    nodes.push(headers, renderBody(result));
    const ms = Math.round(context.ms);
    const meta = el(
      "p",
      "tryit-meta",
      `Time: ${ms} ms${result.replayed ? " (including the replay on the server)" : ""} · ` +
        `Size: ${result.bytes} ${result.bytes === 1 ? "byte" : "bytes"}`,
    );
    nodes.push(meta);
  }
  if (context.created) {
    nodes.push(
      el(
        "p",
        "tryit-note tryit-created",
        `{${context.created.name}} is now ${context.created.id}: presets that use it act on this ${context.created.name}.`,
      ),
    );
  }
  if (request) nodes.push(renderCurl({ ...context, request }));
  panel.result.replaceChildren(...nodes);
  return { status };
}

/* ---------- panels ---------- */

async function runPreset(panel, button) {
  const index = Number(button.dataset.preset);
  let preset;
  try {
    const demos = await loadDemos();
    const demo = demos.get(panel.demoId);
    preset = demo && Array.isArray(demo.presets) ? demo.presets[index] : undefined;
    if (!preset) throw new ConsoleError(`this preset is not in /demos.json (demo "${panel.demoId}").`);
  } catch (error) {
    renderOutput(panel, null, { error: `Could not load the preset: ${describeError(error)}` });
    panel.announcer.textContent = "Could not load the preset";
    return;
  }
  await loadSandbox().catch(() => null); // placeholders and the visitor; an error shows in the bar
  fillForm(panel, preset);
  send(panel, { preset });
}

function initPanel(section) {
  const panel = {
    section,
    demoId: section.dataset.demo || "",
    form: section.querySelector("form.tryit-form"),
    output: section.querySelector(".tryit-output"),
    visitorBox: section.querySelector(".tryit-visitor"),
    controller: null,
  };
  if (!panel.output) {
    panel.output = el("div", "tryit-output");
    panel.output.setAttribute("aria-live", "polite");
    section.append(panel.output);
  }
  if (!panel.visitorBox) {
    panel.visitorBox = el("div", "tryit-visitor");
    panel.output.before(panel.visitorBox);
  }
  // The output is a polite live region; only the short announcement should be read out, so the
  // full result sits in a child with aria-live="off".
  panel.announcer = el("p", "visually-hidden tryit-announcement");
  panel.announcer.setAttribute("aria-live", "polite");
  panel.announcer.setAttribute("aria-atomic", "true");
  panel.result = el("div", "tryit-result");
  panel.result.setAttribute("aria-live", "off");
  panel.output.replaceChildren(panel.announcer, panel.result);
  panel.output.setAttribute("aria-busy", "false");
  buildVisitorBar(panel);
  // Hidden in the HTML: without this script they could do nothing (see the <noscript> part).
  for (const node of section.querySelectorAll(".tryit-presets, form.tryit-form")) node.hidden = false;

  section.addEventListener("click", (event) => {
    const button = event.target.closest("button.tryit-preset");
    if (button && section.contains(button)) runPreset(panel, button);
  });
  if (panel.form) {
    panel.form.addEventListener("submit", (event) => {
      event.preventDefault();
      send(panel);
    });
  }
  section.classList.add("tryit-ready");
  return panel;
}

function init() {
  const sections = document.querySelectorAll("section.tryit");
  if (!sections.length) return;
  state.panels = [...sections].map(initPanel);
  renderVisitorBars();
  loadDemos().catch(() => null); // once, cached; a failure is reported when a preset is used

  // The sandbox (and who the visitor is) is fetched on first use: when a panel first scrolls into
  // view, or when the learner acts, whichever comes first.
  const first = () => loadSandbox().catch(() => null);
  if ("IntersectionObserver" in window) {
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        first();
      }
    }, { rootMargin: "200px" });
    for (const panel of state.panels) observer.observe(panel.section);
  } else {
    first();
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init, { once: true });
} else {
  init();
}
