/* Sending and replaying: the real request from the browser, or the server's replay of a
 * redirect the browser hides; then the panel's output is rendered from what came back. */

import { buildRequest, fillFollow, readForm } from "./request.js";
import { renderOutput, reveal } from "./render.js";
import {
  BODYLESS_METHODS,
  ConsoleError,
  csrfToken,
  describeError,
  el,
  findHeader,
  isForbiddenHeader,
  reasonFor,
  state,
} from "./util.js";
import { loadDemos, loadSandbox } from "./visitor.js";

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

export async function send(panel, { preset = null, persona = null, focusResult = false } = {}) {
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

  const context = { preset, persona, request };
  const started = performance.now();
  try {
    const result = await fetchResult(request, controller.signal);
    context.ms = performance.now() - started;
    context.result = result;
    const demos = await loadDemos().catch(() => null);
    context.demo = demos ? demos.get(panel.demoId) : null;
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
  const { status, lead, announce } = renderOutput(panel, request, context);
  let announcement = announce || context.error
    ? context.error
    : context.result && context.result.hiddenRedirect
      ? "The server answered with a redirect the browser hides"
      : `Status ${context.result.status} ${context.result.reason}`.trim() +
        (context.result.replayed ? " (replayed on the server)" : "");
  if (context.persona && context.persona.changed) announcement += `. ${context.persona.text}`;
  panel.announcer.textContent = announcement;
  // Pointer users see the result scroll into view; keyboard users stay on the preset they
  // pressed (the polite announcement reads the status) unless they followed a redirect.
  reveal(lead);
  if (focusResult && status) status.focus();
}

export function followRedirect(panel, target) {
  fillFollow(panel, target);
  send(panel, { focusResult: true });
}
