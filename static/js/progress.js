/* Status Codes, Live: the learner's reading progress, kept in this browser only.
 *
 * localStorage["status-codes-progress"] holds
 *   {"read": [slug, ...], "quizzes": {slug: {"passed": bool, "score": n, "total": n}}}
 * A lesson counts as read when the learner scrolls to its end or passes its quiz (quiz.js).
 * Nothing is ever sent to the server.
 *
 * The helpers are exported for quiz.js. On the home page, the progress box ([data-progress]) is
 * filled in. The page renders it in its empty state, visible from the first paint, so that
 * filling it in moves nothing below it (a layout shift); a <noscript> stylesheet hides it when no
 * script runs.
 *
 * quiz.js imports this module by its plain name: ManifestStaticFilesStorage does not rewrite
 * `import` specifiers, so the import is served unhashed (whitenoise serves the original names
 * too, with a short cache lifetime). The state lives in localStorage, not in the module, so two
 * copies of the module (hashed on the home page, plain on a lesson) always agree.
 */

export const STORAGE_KEY = "status-codes-progress";
const RESET_MESSAGE = "Progress reset";

const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const LESSON_PATH_PATTERN = /\/lessons\/([a-z0-9][a-z0-9-]*)\/?$/;

// When localStorage is unavailable (blocked, or full), progress lasts for this page view only.
let fallback = null;
let storageFailed = false;

function emptyProgress() {
  return { read: [], quizzes: {} };
}

function isSlug(value) {
  return typeof value === "string" && SLUG_PATTERN.test(value);
}

function isCount(value) {
  return Number.isInteger(value) && value >= 0;
}

/* Whatever is stored, return a well-formed progress object (a hand-edited or old value must
   never break the page). */
function normalise(data) {
  const progress = emptyProgress();
  if (!data || typeof data !== "object") return progress;
  if (Array.isArray(data.read)) {
    progress.read = [...new Set(data.read.filter(isSlug))];
  }
  if (data.quizzes && typeof data.quizzes === "object" && !Array.isArray(data.quizzes)) {
    for (const [slug, result] of Object.entries(data.quizzes)) {
      if (!isSlug(slug) || !result || typeof result !== "object") continue;
      const { score, total } = result;
      if (!isCount(score) || !isCount(total) || total === 0 || score > total) continue;
      progress.quizzes[slug] = { passed: result.passed === true && score === total, score, total };
    }
  }
  return progress;
}

export function loadProgress() {
  let text = fallback;
  if (!storageFailed) {
    try {
      text = window.localStorage.getItem(STORAGE_KEY);
    } catch {
      storageFailed = true; // storage blocked: use this page's copy from now on
    }
  }
  if (!text) return emptyProgress();
  try {
    return normalise(JSON.parse(text));
  } catch {
    return emptyProgress();
  }
}

export function saveProgress(progress) {
  const text = JSON.stringify(normalise(progress));
  fallback = text;
  try {
    window.localStorage.setItem(STORAGE_KEY, text);
  } catch {
    storageFailed = true; // blocked or full: the fallback keeps it for this page view
  }
}

export function resetProgress() {
  fallback = null;
  try {
    window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to remove.
  }
}

export function isRead(slug, progress = loadProgress()) {
  return progress.read.includes(slug);
}

export function quizResult(slug, progress = loadProgress()) {
  return progress.quizzes[slug] ?? null;
}

/** Mark a lesson as read; returns the new progress. */
export function markRead(slug) {
  const progress = loadProgress();
  if (isSlug(slug) && !progress.read.includes(slug)) {
    progress.read.push(slug);
    saveProgress(progress);
  }
  return progress;
}

/**
 * Record a quiz attempt: `score` of `total` questions answered correctly. The stored score is
 * the best so far (a later slip does not undo a pass); passing also marks the lesson as read.
 * Returns the stored result.
 */
export function recordQuiz(slug, score, total) {
  const progress = loadProgress();
  if (!isSlug(slug) || !isCount(score) || !isCount(total) || total === 0 || score > total) {
    return quizResult(slug, progress);
  }
  const previous = progress.quizzes[slug];
  const best = previous && previous.total === total ? Math.max(previous.score, score) : score;
  const result = { passed: best === total, score: best, total };
  progress.quizzes[slug] = result;
  if (result.passed && !progress.read.includes(slug)) progress.read.push(slug);
  saveProgress(progress);
  return result;
}

/** The lesson slug in a lesson page's path (/lessons/<slug>/), or null elsewhere. */
export function lessonSlugFromPath(pathname = window.location.pathname) {
  const match = LESSON_PATH_PATTERN.exec(pathname);
  return match ? match[1] : null;
}

/* ---------- the home page's progress box ---------- */

function setText(root, selector, text) {
  const node = root.querySelector(selector);
  if (node) node.textContent = text;
}

/** Fill the progress box from `progress`: counts, and a mark per lesson. */
export function renderProgressBox(box, progress = loadProgress()) {
  const items = [...box.querySelectorAll("[data-lesson]")];
  let read = 0;
  let quizzes = 0;
  let passed = 0;
  for (const item of items) {
    const slug = item.dataset.lesson;
    const lessonRead = progress.read.includes(slug);
    read += lessonRead ? 1 : 0;
    item.classList.toggle("is-read", lessonRead);
    setText(item, "[data-read-mark]", lessonRead ? "Read" : "Not read yet");
    if (!("hasQuiz" in item.dataset)) continue;
    quizzes += 1;
    const result = progress.quizzes[slug];
    const quizPassed = Boolean(result?.passed);
    passed += quizPassed ? 1 : 0;
    item.classList.toggle("is-passed", quizPassed);
    let label = "Quiz not taken yet";
    if (quizPassed) label = `Quiz passed (${result.score} of ${result.total})`;
    else if (result) label = `Quiz: best ${result.score} of ${result.total}`;
    setText(item, "[data-quiz-mark]", label);
  }
  setText(box, "[data-read-count]", String(read));
  setText(box, "[data-lesson-total]", String(items.length));
  setText(box, "[data-passed-count]", String(passed));
  setText(box, "[data-quiz-total]", String(quizzes));
  const readMeter = box.querySelector("[data-read-meter]");
  if (readMeter) {
    readMeter.max = Math.max(items.length, 1);
    readMeter.value = read;
  }
  const quizMeter = box.querySelector("[data-quiz-meter]");
  if (quizMeter) {
    quizMeter.max = Math.max(quizzes, 1);
    quizMeter.value = passed;
  }
  return { read, lessons: items.length, passed, quizzes };
}

export function setUpProgressBox(box) {
  const live = box.querySelector("[data-progress-live]");
  const refresh = () => renderProgressBox(box);
  box.querySelector("[data-progress-reset]")?.addEventListener("click", () => {
    resetProgress();
    refresh();
    if (live) {
      // A changed text is announced again: alternate a trailing no-break space on repeat presses.
      const repeat = live.textContent === RESET_MESSAGE;
      live.textContent = repeat ? `${RESET_MESSAGE}\u00a0` : RESET_MESSAGE;
    }
  });
  // Another tab finished a lesson, or the page came back from the back/forward cache.
  window.addEventListener("storage", (event) => {
    if (event.key === STORAGE_KEY || event.key === null) refresh();
  });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) refresh();
  });
  refresh();
}

const progressBox = document.querySelector("[data-progress]");
if (progressBox) setUpProgressBox(progressBox);
