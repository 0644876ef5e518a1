/* Building a request: presets fill the form, the form becomes a checked request. */

import {
  BODYLESS_METHODS,
  ConsoleError,
  UNSAFE_METHODS,
  csrfToken,
  findHeader,
  isForbiddenHeader,
  state,
} from "./util.js";

const PLACEHOLDER_PATTERN = /\{(article|product|other_article|article_etag)\}/g;

export function substitute(text) {
  const values = { ...state.values, ...state.created };
  return String(text ?? "").replace(PLACEHOLDER_PATTERN, (match, name) =>
    values[name] === undefined || values[name] === null ? match : String(values[name]),
  );
}

export function field(panel, name) {
  return panel.form ? panel.form.elements.namedItem(name) : null;
}

function setField(panel, name, value) {
  const input = field(panel, name);
  if (input) input.value = value;
}

export function fillForm(panel, preset) {
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
  setField(panel, "path", substitute(preset.path || "/"));
  setField(panel, "headers", headers);
  setField(panel, "body", substitute(preset.body || ""));
  const csrf = field(panel, "csrf");
  if (csrf) csrf.checked = preset.csrf !== false;
}

/* A redirect target becomes the form's next request: a plain GET. */
export function fillFollow(panel, target) {
  const method = field(panel, "method");
  if (method) method.value = "GET";
  setField(panel, "path", target.pathname + target.search);
  setField(panel, "headers", "");
  setField(panel, "body", "");
}

export function readForm(panel) {
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

export function buildRequest(values) {
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
