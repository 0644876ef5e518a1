/* The curl line that reproduces a request from a terminal. */

import { UNSAFE_METHODS, csrfToken, el, isForbiddenHeader, shellQuote, state } from "./util.js";
import { block, scrollablePre } from "./blocks.js";

export function renderCurl(request) {
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
