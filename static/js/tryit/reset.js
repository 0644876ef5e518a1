/* "Reset my sandbox": after a 403 (a full sandbox answers 403) or on a demo that creates rows,
 * the learner can start their demo data over. */

import { describeError, el } from "./util.js";
import { resetSandbox } from "./visitor.js";

const EXPLAINED =
  "Your sandbox is the demo data only you see (articles and products). Resetting deletes what " +
  "you created and gives you the starting rows again.";

export function wantsReset(result, demo) {
  return Boolean(result && !result.hiddenRedirect && (result.status === 403 || (demo && demo.resource)));
}

export function renderReset() {
  const wrapper = el("div", "tryit-reset");
  wrapper.append(el("p", "tryit-note", EXPLAINED));
  const row = el("p", "tryit-reset-row");
  const button = el("button", "tryit-reset-button", "Reset my sandbox");
  button.type = "button";
  const said = el("span", "tryit-reset-said");
  said.setAttribute("aria-live", "polite");
  button.addEventListener("click", async () => {
    button.disabled = true;
    said.textContent = "Resetting…";
    try {
      await resetSandbox();
      said.textContent = "Done: your sandbox has its starting rows again.";
    } catch (error) {
      said.textContent = `Resetting failed: ${describeError(error)}`;
    } finally {
      button.disabled = false;
    }
  });
  row.append(button, said);
  wrapper.append(row);
  return wrapper;
}
