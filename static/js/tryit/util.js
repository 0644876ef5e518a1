/* The console's shared pieces: page-wide state, DOM helpers, HTTP wording, the JSON fetcher.
 *
 * Nothing from a response is ever inserted as HTML: the DOM is built with createElement and
 * textContent only, and no element.style is touched (strict CSP), only classes and `hidden`.
 */

export const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
export const BODYLESS_METHODS = new Set(["GET", "HEAD"]);

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

export const state = {
  panels: [],
  demosPromise: null,
  sandboxPromise: null,
  values: {}, // placeholder values from /demos/sandbox.json
  created: {}, // {article}/{product} set by a 201 in this page
  visitor: null,
  visitorError: "",
  visitorBusy: false,
};

export class ConsoleError extends Error {}

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function reasonFor(status, given) {
  return (given && String(given).trim()) || REASONS[status] || "";
}

export function statusClass(status) {
  const digit = Math.floor(Number(status) / 100);
  return digit >= 1 && digit <= 5 ? `status-${digit}xx` : "status-unknown";
}

export function shellQuote(text) {
  return `'${String(text).replace(/'/g, "'\\''")}'`;
}

export function csrfToken() {
  for (const part of document.cookie.split(";")) {
    const index = part.indexOf("=");
    if (index > -1 && part.slice(0, index).trim() === "csrftoken") {
      return decodeURIComponent(part.slice(index + 1).trim());
    }
  }
  return "";
}

export function isForbiddenHeader(name) {
  const lower = name.toLowerCase();
  return FORBIDDEN_HEADERS.has(lower) || lower.startsWith("proxy-") || lower.startsWith("sec-");
}

export function findHeader(pairs, name) {
  const wanted = name.toLowerCase();
  const pair = pairs.find(([key]) => key.toLowerCase() === wanted);
  return pair ? pair[1] : null;
}

export function describeError(error) {
  if (error instanceof ConsoleError) return error.message;
  if (error instanceof TypeError) {
    return `the browser could not complete the request (${error.message}). Check your connection and try again.`;
  }
  return error && error.message ? error.message : String(error);
}

export async function getJSON(url, init = {}) {
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
