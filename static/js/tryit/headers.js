/* Response headers: the ones that explain this status first, each with a one-line meaning and
 * a link to the glossary; the ones this site adds to every answer grouped apart, collapsed. */

import { block } from "./blocks.js";
import { el } from "./util.js";

// What the site's security settings add to every response (see the README's configuration).
const SITE_HEADERS = new Set([
  "content-security-policy", "content-security-policy-report-only",
  "cross-origin-opener-policy", "cross-origin-resource-policy", "cross-origin-embedder-policy",
  "permissions-policy", "referrer-policy", "strict-transport-security",
  "x-content-type-options", "x-frame-options",
]);

// Names whose usual spelling is not plain Title-Case.
const SPELLING = { etag: "ETag", "www-authenticate": "WWW-Authenticate", "x-csrftoken": "X-CSRFToken" };

/* One spelling for a header name, whether fetch (lower case) or the replay (as sent) gave it. */
export function headerName(name) {
  const lower = String(name).toLowerCase();
  if (SPELLING[lower]) return SPELLING[lower];
  return lower.replace(/(^|-)([a-z])/g, (match, dash, letter) => dash + letter.toUpperCase());
}

function seconds(value) {
  const number = Number(value);
  return `${number} ${number === 1 ? "second" : "seconds"}`;
}

/* What a Cache-Control value tells a cache, directive by directive. */
export function cacheControlMeaning(value) {
  const said = [];
  for (const part of String(value).toLowerCase().split(",")) {
    const [directive, argument] = part.trim().split("=");
    if (directive === "no-store") said.push("no cache may keep this answer: every request goes to the server");
    else if (directive === "no-cache") said.push("a cache may keep it but must ask the server (revalidate) before each reuse");
    else if (directive === "max-age" && /^\d+$/.test(argument || "")) {
      said.push(Number(argument) === 0 ? "it is stale at once" : `a cache may reuse it for ${seconds(argument)} without asking`);
    } else if (directive === "private") said.push("only the browser's own cache may keep it, not a shared one");
    else if (directive === "public") said.push("shared caches may keep it too");
    else if (directive === "must-revalidate") said.push("once stale, it must be revalidated before reuse");
    else if (directive === "immutable") said.push("it never changes while fresh");
  }
  if (!said.length) return "Caching directives for this answer.";
  const text = said.join("; ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/* The one-line meaning of a header that matters for this status, or null. */
function keyMeaning(lower, value, status, caching) {
  if (lower === "location" && (status === 201 || (status >= 300 && status < 400))) {
    return status === 201
      ? "Where the resource this request created now lives."
      : "Where the redirect points: a browser requests this URL next.";
  }
  if (lower === "allow" && status === 405) return "The methods this URL does accept: a 405 must list them.";
  if (lower === "www-authenticate" && status === 401) {
    return "How to authenticate: a 401 must name the scheme the client should use.";
  }
  if (lower === "retry-after") {
    return /^\d+$/.test(value.trim())
      ? `Wait ${seconds(value.trim())} before trying again.`
      : "Do not try again before this date.";
  }
  if (lower === "etag") {
    return "This version's validator: send it back in If-None-Match (304 if unchanged) or If-Match (412 if changed).";
  }
  if (lower === "last-modified") return "When this version last changed: send it back in If-Modified-Since.";
  if (lower === "cache-control" && caching) return cacheControlMeaning(value);
  return null;
}

/* Does caching matter to this answer? Validators, a 304, or a permanent redirect. */
export function isCachingAnswer(result) {
  const names = new Set(result.headers.map(([name]) => name.toLowerCase()));
  return names.has("etag") || names.has("last-modified") || [301, 304, 308].includes(result.status);
}

function headerItem(name, value) {
  const item = el("li");
  item.append(el("span", "tryit-header-name", headerName(name)), document.createTextNode(": "));
  item.append(el("span", "tryit-header-value", value));
  return item;
}

export function renderKeyHeaders(result, glossary) {
  const caching = isCachingAnswer(result);
  const list = el("dl", "tryit-key-headers");
  for (const [name, value] of result.headers) {
    const lower = name.toLowerCase();
    const meaning = keyMeaning(lower, value, result.status, caching);
    if (!meaning) continue;
    const term = el("dt");
    term.append(el("span", "tryit-header-name", headerName(name)), document.createTextNode(": "));
    term.append(el("span", "tryit-header-value", value));
    const detail = el("dd", "", `${meaning} `);
    if (glossary) {
      const link = el("a", "", `${headerName(name)} in the headers glossary`);
      link.href = `${glossary}#${lower}`;
      detail.append(link);
    }
    list.append(term, detail);
  }
  return list.children.length ? list : null;
}

export function renderHeaders(result) {
  const wrapper = block("Response headers", "tryit-headers-block");
  const own = result.headers.filter(([name]) => !SITE_HEADERS.has(name.toLowerCase()));
  const site = result.headers.filter(([name]) => SITE_HEADERS.has(name.toLowerCase()));
  const list = el("ul", "tryit-headers");
  for (const [name, value] of own) list.append(headerItem(name, value));
  if (!result.headers.length) list.append(el("li", "tryit-empty", "(no headers)"));
  wrapper.append(list);
  if (site.length) {
    const details = el("details", "tryit-site-headers");
    details.append(el("summary", "", `${site.length} more, added by this site to every answer`));
    const siteList = el("ul", "tryit-headers");
    for (const [name, value] of site) siteList.append(headerItem(name, value));
    details.append(siteList);
    wrapper.append(details);
  }
  if (!result.replayed) {
    wrapper.append(el("p", "tryit-note", "Browsers never show Set-Cookie headers to scripts."));
  }
  return wrapper;
}

/* The console never shows a cached copy: say so where caching is the point, and what this
 * answer's Cache-Control would let a browser do. (Fetch standard, "request cache mode":
 * "no-store" behaves as if there were no HTTP cache at all.) */
export function renderCacheNote(result) {
  if (!isCachingAnswer(result)) return null;
  const header = result.headers.find(([name]) => name.toLowerCase() === "cache-control");
  const value = header ? header[1].toLowerCase() : "";
  let text =
    "The console sends every request with the browser's cache turned off, so each press reaches " +
    "the server and you see its answer, never a copy your browser kept.";
  const maxAge = /(?:^|,)\s*max-age=(\d+)/.exec(value);
  if (/(?:^|,)\s*no-store/.test(value)) {
    text += " This answer's Cache-Control: no-store also tells your browser not to keep it, so " +
      "following a link to it would reach the server too.";
  } else if (maxAge && Number(maxAge[1]) > 0 && !/no-cache/.test(value)) {
    text += ` Following a link to it, your browser may reuse this answer for ${seconds(maxAge[1])} ` +
      "without asking the server.";
  } else if (result.headers.some(([name]) => name.toLowerCase() === "etag")) {
    text += " Following a link to it, once its copy is stale your browser asks again with " +
      "If-None-Match and gets 304 Not Modified while the ETag still matches.";
  } else if (!header) {
    text += " This answer has no Cache-Control: a browser may choose how long to keep it.";
  }
  return el("p", "tryit-note tryit-cache-note", text);
}
