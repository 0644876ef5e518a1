/* Who the visitor is, and their sandbox: /demos.json, /demos/sandbox.json, the sign-in bar. */

import { ConsoleError, csrfToken, describeError, el, getJSON, state } from "./util.js";

export function loadDemos() {
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

function adopt(data) {
  state.values = {
    article: data.article, product: data.product,
    other_article: data.other_article, article_etag: data.article_etag,
  };
  state.created = {}; // the sandbox is the visitor's: fresh values replace earlier ones
  state.visitor = data.visitor || { signed_in: false, username: null, is_staff: false };
  state.visitorError = "";
  renderVisitorBars();
  return data;
}

export function loadSandbox(force = false) {
  if (force || !state.sandboxPromise) {
    const promise = getJSON("/demos/sandbox.json").then(adopt);
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

export function visitorMatches(as) {
  const visitor = state.visitor;
  if (!as || !visitor) return true;
  if (as === "anonymous") return !visitor.signed_in;
  if (as === "learner") return Boolean(visitor.signed_in) && !visitor.is_staff;
  if (as === "staff") return Boolean(visitor.signed_in) && Boolean(visitor.is_staff);
  return true;
}

function postHeaders() {
  const headers = {};
  const token = csrfToken();
  if (token) headers["X-CSRFToken"] = token;
  return headers;
}

/* Sign in as `account` ("learner", "staff") or out (null); every panel's bar follows. */
export async function becomeVisitor(account) {
  await loadSandbox().catch(() => null); // makes sure the csrftoken cookie exists
  const headers = postHeaders();
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
}

/* Delete and reseed only this visitor's rows (POST, CSRF token as for the other POSTs); the
 * answer is the new sandbox, shaped like /demos/sandbox.json. */
export async function resetSandbox() {
  await loadSandbox().catch(() => null); // makes sure the csrftoken cookie exists
  const data = await getJSON("/demos/sandbox/reset/", { method: "POST", headers: postHeaders() });
  state.sandboxPromise = Promise.resolve(adopt(data));
  return data;
}

/* Who each preset's `as` means, and which demo account the console signs in for it. */
const PERSONAS = {
  anonymous: { account: null, who: "a guest", done: "Signed out first" },
  learner: { account: "learner", who: "the learner (signed in, not staff)", done: "Signed in as learner first" },
  staff: { account: "staff", who: "a staff user", done: "Signed in as staff first" },
};

/* Make the console the visitor a preset names (sign in, switch or sign out), then say so. */
export async function ensurePersona(as) {
  const persona = PERSONAS[as];
  if (!persona) return null;
  await loadSandbox().catch(() => null);
  if (state.visitor && visitorMatches(as)) {
    return { changed: false, text: `This preset is about ${persona.who}, which you already are.` };
  }
  if (state.visitorBusy) throw new ConsoleError("the console is already changing who you are.");
  state.visitorBusy = true;
  state.visitorError = "";
  renderVisitorBars();
  try {
    await becomeVisitor(persona.account);
  } finally {
    state.visitorBusy = false;
    renderVisitorBars();
  }
  return { changed: true, text: `${persona.done}: this preset is about ${persona.who}.` };
}

/* ---------- the bar ---------- */

export function buildVisitorBar(panel) {
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

export function visitorText() {
  const visitor = state.visitor;
  if (!visitor) {
    return state.visitorError ? "We could not check who you are." : "Checking who you are…";
  }
  if (!visitor.signed_in) return "You are browsing as a guest";
  return `Signed in as ${visitor.username || "a user"}${visitor.is_staff ? " (staff)" : ""}`;
}

export function renderVisitorBars() {
  const visitor = state.visitor;
  const signedIn = Boolean(visitor && visitor.signed_in);
  const staff = Boolean(visitor && visitor.is_staff);
  for (const panel of state.panels) {
    const bar = panel.bar;
    if (!bar) continue;
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
    await becomeVisitor(account);
    panel.bar.announcer.textContent = visitorText();
  } catch (error) {
    state.visitorError = `${account ? "Signing in" : "Signing out"} failed: ${describeError(error)}`;
    panel.bar.announcer.textContent = state.visitorError;
  } finally {
    state.visitorBusy = false;
    renderVisitorBars();
  }
}
