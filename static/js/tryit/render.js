/* Rendering a response: status, the Location to follow, headers, body, timing, curl. */

import { block, scrollablePre } from "./blocks.js";
import { renderCurl } from "./curl.js";
import { renderExchange } from "./exchange.js";
import { renderReset, wantsReset } from "./reset.js";
import { renderCacheNote, renderHeaders, renderKeyHeaders } from "./headers.js";
import { el, findHeader, statusClass } from "./util.js";
import { visitorMatches } from "./visitor.js";

const BODY_DISPLAY_LIMIT = 200000; // characters shown; the size line always reports the full size

const REPLAY_LABEL =
  "Replayed on the server: browsers hide redirects from scripts, so the server ran the same " +
  "request through the same view and reports what Django produced.";

const HINTS = {
  staff: "This preset's documented answer assumes you are signed in as staff.",
  learner: "This preset's documented answer assumes you are signed in as learner.",
  anonymous: "This preset's documented answer assumes you are browsing as a guest (signed out).",
};

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
  const wrapper = el("div", "tryit-location"); // the Location itself is among the key headers
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
    button.addEventListener("click", () => panel.follow(target));
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

export function renderOutput(panel, request, context) {
  // What the learner came for comes first (the status), then what explains it; the request
  // echo and the curl line close the result.
  const nodes = [];
  let status = null;
  let lead = null;
  let exchange = null;
  let outer = null;
  let announce = null;
  const { result, error, preset } = context;
  const hint = preset && !visitorMatches(preset.as) ? HINTS[preset.as] : null;

  if (context.persona) nodes.push(el("p", "tryit-persona", context.persona.text));
  if (error) {
    lead = el("p", "tryit-error", error);
  } else if (result.hiddenRedirect) {
    lead = el(
      "p",
      "tryit-error",
      `The server answered this ${request.method} with a redirect. Browsers hide redirects from ` +
        "scripts, and the server replays only GET and HEAD requests, so the console cannot show " +
        "the status, the Location or the body. Run the curl command below to see them.",
    );
  } else {
    if (result.replayed) nodes.push(el("p", "tryit-replayed", REPLAY_LABEL));
    const line = `HTTP ${result.status} ${result.reason}`.trim();
    exchange = renderExchange(result, request);
    if (exchange && exchange.badge) {
      // The view's own 200 only carries the report: the badge is the inner exchange's codes.
      status = exchange.badge;
      outer = el("p", "tryit-outer-status", "The demo view itself answered ");
      outer.append(el("code", "", line), document.createTextNode(": its body reports the exchange."));
      announce = `Inner exchange: ${status.textContent}`;
    } else {
      status = el("p", `tryit-status ${statusClass(result.status)}`, line);
      status.tabIndex = -1;
    }
    lead = status;
  }
  nodes.push(lead);
  if (outer) nodes.push(outer);
  if (exchange) nodes.push(exchange.wrapper);
  if (hint) {
    nodes.push(el("p", "tryit-hint", `${hint} Use the buttons above to switch, or read the result as it is.`));
  }
  if (result && !result.hiddenRedirect) {
    const key = renderKeyHeaders(result, panel.section.dataset.glossary);
    if (key) nodes.push(key);
    const cacheNote = renderCacheNote(result);
    if (cacheNote) nodes.push(cacheNote);
    const location = renderLocation(panel, result, request);
    if (location) nodes.push(location);
    nodes.push(renderBody(result), renderHeaders(result));
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
  if (wantsReset(result, context.demo)) nodes.push(renderReset());
  nodes.push(renderRequest({ ...context, request }));
  if (request) nodes.push(renderCurl(request));
  panel.result.replaceChildren(...nodes);
  return { status, lead, announce };
}

/* Bring the result's first line into view if it is not: a press must visibly do something. */
export function reveal(node) {
  if (!node) return;
  const box = node.getBoundingClientRect();
  if (box.top >= 0 && box.bottom <= window.innerHeight) return;
  node.scrollIntoView({ block: "nearest" });
}
