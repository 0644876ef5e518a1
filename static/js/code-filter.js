// Filters the status code index as you type. Without JavaScript the same form filters on the
// server through ?q=; both apply one rule (tutorial/reference/search.py): every word of the query
// must appear in the row's data-search text, which the server has already normalised.

const ANNOUNCE_DELAY_MS = 400;

// The query is normalised as search.py normalises the row text: lower case (toLowerCase is the
// same Unicode mapping as Python's str.lower, which is why the server does not use casefold),
// no apostrophes, single spaces.
function normalise(text) {
  return text.toLowerCase().replace(/['\u2019]/g, "").replace(/\s+/g, " ").trim();
}

function statusText(shown, total, query) {
  if (!query) return `Showing all ${total} status codes.`;
  if (shown === 0) return `No status code matches “${query}”.`;
  return `${shown} of ${total} status codes ${shown === 1 ? "matches" : "match"} “${query}”.`;
}

function setUp(form) {
  const input = form.querySelector('input[name="q"]');
  const status = form.querySelector('[role="status"]');
  const groups = [...document.querySelectorAll("[data-code-group]")];
  const total = Number(form.dataset.total);
  let announceTimer;

  function apply() {
    const typed = input.value.trim();
    const words = normalise(typed).split(" ").filter(Boolean);
    let shown = 0;
    for (const group of groups) {
      let groupShown = 0;
      for (const row of group.querySelectorAll("[data-search]")) {
        const match = words.every((word) => row.dataset.search.includes(word));
        row.hidden = !match;
        groupShown += match ? 1 : 0;
      }
      group.hidden = groupShown === 0;
      shown += groupShown;
    }
    // Keep the address shareable: it is the same filter the server applies.
    const url = new URL(window.location.href);
    if (typed) url.searchParams.set("q", typed);
    else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    // Filter at once, but announce only when typing pauses, so screen readers are not flooded.
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      status.textContent = statusText(shown, total, typed);
    }, ANNOUNCE_DELAY_MS);
  }

  input.addEventListener("input", apply);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
  });
  form.querySelector(".code-filter-clear")?.remove();
  // The browser may restore a typed value (back button) that the server did not filter by.
  if (input.value !== input.defaultValue) apply();
}

const form = document.querySelector("[data-code-filter]");
if (form) setUp(form);
