/* Small output building blocks shared by the renderers. */

import { el } from "./util.js";

export function block(label, className) {
  const wrapper = el("div", `tryit-block ${className}`);
  wrapper.append(el("p", "tryit-label", label));
  return wrapper;
}

export function scrollablePre(className, text, label) {
  const pre = el("pre", className);
  pre.tabIndex = 0; // keyboard users can scroll it
  pre.setAttribute("role", "region");
  pre.setAttribute("aria-label", label);
  const code = el("code", "", text);
  pre.append(code);
  return pre;
}
