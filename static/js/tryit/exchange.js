/* Inner exchanges shown as exchanges: the 1xx demo's raw socket conversation (client head,
 * interim 100 Continue, body, final status) and the upstream demo's hop to a rate service. The
 * badge names the codes of that inner exchange, not the demo view's own 200. */

import { block, scrollablePre } from "./blocks.js";
import { el, reasonFor, statusClass } from "./util.js";

function parseJSON(result) {
  if (!/json/i.test(result.contentType)) return null;
  try {
    const data = JSON.parse(result.text);
    return data && typeof data === "object" && !Array.isArray(data) ? data : null;
  } catch {
    return null;
  }
}

function statusOf(line) {
  const match = /^HTTP\/\d(?:\.\d)?\s+(\d{3})(?:\s+(.*))?$/.exec(String(line || "").trim());
  return match ? { code: Number(match[1]), reason: reasonFor(Number(match[1]), match[2]) } : null;
}

function step(from, label, text) {
  const item = el("li", `tryit-step tryit-from-${from}`);
  item.append(el("p", "tryit-step-label", label));
  if (text) item.append(scrollablePre("tryit-step-text", text, label));
  return item;
}

/* The 1xx demo: {exchange: [{from, text}], interim_status_line, final_status_line, ...}. */
function rawExchange(data) {
  const steps = el("ol", "tryit-exchange");
  let sentHead = false;
  for (const part of data.exchange) {
    const text = String(part.text ?? "").replace(/\r\n/g, "\n");
    if (part.from === "client") {
      steps.append(step("client", sentHead ? "Client sends the body" : "Client sends the head", text));
      sentHead = true;
    } else {
      const status = statusOf(text.split("\n", 1)[0]);
      const interim = status && status.code < 200;
      const label = status
        ? `Server: ${interim ? "interim" : "final"} ${status.code} ${status.reason}`
        : "Server";
      steps.append(step("server", label, text));
    }
  }
  const interim = statusOf(data.interim_status_line);
  const final = statusOf(data.final_status_line);
  const parts = [];
  if (interim) parts.push(`${interim.code} ${interim.reason}`);
  if (final) parts.push(`${final.code} ${final.reason}`);
  const badge = parts.length ? parts.join(", then ") : "No status line came back";
  return { steps, badge, code: final ? final.code : interim ? interim.code : 0, note: data.note };
}

/* The upstream demo: {rates} when the rate service answered, {error} (what the view made of the
 * failure) when it did not; only a 200, 502 or 504 comes from the view that asked it. */
const UPSTREAM_STATUSES = [200, 502, 504];

function upstreamExchange(data, result, request) {
  const steps = el("ol", "tryit-exchange");
  steps.append(step("client", `Your browser asks this site: ${request.method} ${request.path}`));
  steps.append(step("server", "This site's view asks the rate service (a real socket on loopback)"));
  const outcome =
    data.rates !== undefined
      ? `The rate service answered: ${JSON.stringify(data.rates)}`
      : `The view's verdict on the rate service: ${data.error}`;
  steps.append(step("upstream", outcome));
  steps.append(
    step("server", `This site answers your browser: ${result.status} ${result.reason}`.trim()),
  );
  return { steps, badge: null, code: result.status, note: data.layer || "" };
}

/* The inner exchange of this result, or null when it has none. */
export function renderExchange(result, request) {
  const data = parseJSON(result);
  if (!data) return null;
  let shown = null;
  if (Array.isArray(data.exchange) && "final_status_line" in data) shown = rawExchange(data);
  else if (
    request &&
    /^\/demos\/upstream\//.test(request.path) &&
    UPSTREAM_STATUSES.includes(result.status) &&
    ("rates" in data || "error" in data)
  ) {
    shown = upstreamExchange(data, result, request);
  }
  if (!shown) return null;
  const wrapper = block("The exchange, step by step", "tryit-exchange-block");
  wrapper.append(shown.steps);
  if (shown.note) wrapper.append(el("p", "tryit-note", shown.note));
  let badge = null;
  if (shown.badge) {
    badge = el("p", `tryit-status tryit-inner-status ${statusClass(shown.code)}`, shown.badge);
    badge.tabIndex = -1;
  }
  return { wrapper, badge };
}
