/* Status Codes, Live: the "Try it" console, entry module.
 *
 * Every section.tryit on the page gets a working console: presets fill the form and send, the
 * form sends whatever it holds, and the output shows the REAL request and response. The parts
 * live in tryit/: util (shared state and helpers), request (building a request), send (sending
 * and replaying), render (a response), visitor (who the visitor is, the sandbox). The static
 * storage rewrites these relative imports to hashed names (tutorial/storage.py).
 */

import { fillForm } from "./tryit/request.js";
import { renderOutput, reveal } from "./tryit/render.js";
import { followRedirect, send } from "./tryit/send.js";
import { ConsoleError, describeError, el, state } from "./tryit/util.js";
import { buildVisitorBar, ensurePersona, loadDemos, loadSandbox, renderVisitorBars } from "./tryit/visitor.js";

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
  let persona = null;
  try {
    persona = await ensurePersona(preset.as);
  } catch (error) {
    const message = `Could not become the visitor this preset is about, so nothing was sent: ${describeError(error)}`;
    reveal(renderOutput(panel, null, { preset, error: message }).lead);
    panel.announcer.textContent = message;
    return;
  }
  fillForm(panel, preset); // after the sign-in: its placeholders are this visitor's rows
  send(panel, { preset, persona });
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
  panel.follow = (target) => followRedirect(panel, target);
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
  // The sign-in bar only where the answer depends on who is signed in: a demo with a preset
  // that names a visitor (data-visitor, from the catalog's `as`).
  if (section.querySelector("button.tryit-preset[data-visitor]")) buildVisitorBar(panel);
  // Hidden in the HTML: without this script they could do nothing (see the <noscript> part).
  for (const node of section.querySelectorAll(".tryit-presets, .tryit-edit, form.tryit-form")) node.hidden = false;

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
