/* Status Codes, Live: apply the saved theme before the first paint.
 *
 * A classic script, loaded synchronously in <head> (no defer, no module): it must run before the
 * page is painted, or a visitor who chose the other theme than their system's sees a flash of the
 * wrong one. The CSP forbids inline scripts, so it is this tiny file instead. site.js owns the
 * toggle; this file only reads what it saved. No saved choice: nothing is set and site.css
 * follows prefers-color-scheme.
 */
(function () {
  "use strict";
  try {
    var saved = window.localStorage.getItem("status-codes-theme");
    if (saved === "light" || saved === "dark") {
      document.documentElement.dataset.theme = saved;
    }
  } catch (error) {
    // Storage can be disabled (privacy settings, sandboxed frames): follow the system theme.
  }
})();
