/* Status Codes, Live: site-wide behaviour for every page (loaded by base.html as a module).
 *
 * 1. The theme toggle in the header. Three states, like djangoproject.com's: "auto" follows the
 *    system (prefers-color-scheme), "light" and "dark" are a choice saved in localStorage. The
 *    first press always changes what you see; the third goes back to following the system.
 *    theme-init.js applies the saved choice before first paint; this file only changes it.
 * 2. A "Copy" button on every highlighted code block (div.highlight: lessons, code pages and the
 *    try-it consoles' source panels). The try-it console's curl line has its own (tryit.js).
 *
 * 3. The lesson contents: collapsed in the HTML (on a phone the title comes first), opened where
 *    the layout makes them a sidebar (the width matches site.css's lesson-layout breakpoint).
 *
 * Strict CSP: no inline styles, so only classes, attributes and textContent change here.
 */

const STORAGE_KEY = "status-codes-theme";
const CHOICES = ["light", "dark"];
const LABELS = { auto: "Auto", light: "Light", dark: "Dark" };
const COPIED_MESSAGE_MS = 3000;

const root = document.documentElement;
const darkQuery = window.matchMedia("(prefers-color-scheme: dark)");

/* ---------- theme ---------- */

function systemTheme() {
  return darkQuery.matches ? "dark" : "light";
}

function currentChoice() {
  return CHOICES.includes(root.dataset.theme) ? root.dataset.theme : "auto";
}

function nextChoice(choice) {
  const system = systemTheme();
  const other = system === "dark" ? "light" : "dark";
  if (choice === "auto") return other;
  if (choice === other) return system;
  return "auto";
}

function saveChoice(choice) {
  try {
    if (choice === "auto") window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Storage disabled: the choice still holds for this page.
  }
}

function savedChoice() {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    return CHOICES.includes(saved) ? saved : "auto";
  } catch {
    return "auto";
  }
}

function applyChoice(choice) {
  if (choice === "auto") delete root.dataset.theme;
  else root.dataset.theme = choice;
}

function describe(choice) {
  const shown = choice === "auto" ? systemTheme() : choice;
  const next = nextChoice(choice);
  const now =
    choice === "auto"
      ? `Theme: auto, following your system (${shown} now).`
      : `Theme: ${choice}, your choice.`;
  const then = next === "auto" ? "follow your system again" : `switch to ${next}`;
  return `${now} Press to ${then}.`;
}

function setUpThemeToggle(button) {
  const label = button.querySelector("[data-theme-label]");

  function render() {
    const choice = currentChoice();
    label.textContent = LABELS[choice];
    button.dataset.themeChoice = choice;
    button.title = describe(choice);
  }

  button.addEventListener("click", () => {
    const choice = nextChoice(currentChoice());
    applyChoice(choice);
    saveChoice(choice);
    render();
  });
  // Another tab changed the theme: follow it.
  window.addEventListener("storage", (event) => {
    if (event.key !== STORAGE_KEY && event.key !== null) return;
    applyChoice(savedChoice());
    render();
  });
  // The system switched (sunset, OS setting): "auto" now means the other theme.
  darkQuery.addEventListener("change", render);

  render();
  button.hidden = false;
}

/* ---------- copy buttons ---------- */

async function writeToClipboard(text) {
  if (!window.isSecureContext || !navigator.clipboard || !navigator.clipboard.writeText) {
    throw new Error("The clipboard is not available on this page.");
  }
  await navigator.clipboard.writeText(text);
}

function selectContents(node) {
  const selection = window.getSelection();
  if (selection) selection.selectAllChildren(node);
}

function announce(status, message) {
  // Empty first, so the same message twice in a row is announced twice.
  clearTimeout(status.clearTimer);
  status.textContent = "";
  window.setTimeout(() => {
    status.textContent = message;
    status.clearTimer = window.setTimeout(() => {
      status.textContent = "";
    }, COPIED_MESSAGE_MS);
  }, 50);
}

function addCopyButton(block) {
  const pre = block.querySelector("pre");
  if (!pre || block.querySelector(":scope > .code-copy-bar")) return;

  const bar = document.createElement("div");
  bar.className = "code-copy-bar";
  const status = document.createElement("span");
  status.className = "code-copy-status";
  status.setAttribute("role", "status"); // a polite live region
  const button = document.createElement("button");
  button.type = "button";
  button.className = "code-copy";
  button.textContent = "Copy";
  button.setAttribute("aria-label", "Copy code");
  bar.append(status, button);
  block.prepend(bar);

  button.addEventListener("click", async () => {
    // Pygments ends every block with a newline; a pasted shell line should not run by itself.
    const text = pre.textContent.replace(/\s+$/, "");
    try {
      await writeToClipboard(text);
      announce(status, "Copied");
    } catch {
      selectContents(pre.querySelector("code") || pre);
      announce(status, "Copying is not available here: the code is selected, press Ctrl+C (⌘C on a Mac).");
    }
  });
}

/* ---------- start ---------- */

const toggle = document.querySelector("[data-theme-toggle]");
if (toggle) setUpThemeToggle(toggle);

for (const block of document.querySelectorAll("div.highlight")) addCopyButton(block);

const SIDEBAR_QUERY = window.matchMedia("(min-width: 60rem)");
const contents = document.querySelector("details[data-toc]");
if (contents && SIDEBAR_QUERY.matches) contents.open = true;
