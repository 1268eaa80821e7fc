/* global RM_SR_ONLY */
// The render of reflexmap.dashboard.announce.LiveRegion: an element with role="status" that
// stays; only its text changes, which is what a screen reader announces. RM_SR_ONLY is the
// style that hides it from the eye (web/map_keys.py's SR_ONLY), defined before this file.
export function render({ model }) {
  const el = document.createElement("div");
  el.setAttribute("role", "status");
  el.setAttribute("aria-live", "polite");
  el.setAttribute("data-testid", "live-region");
  el.style.cssText = RM_SR_ONLY;
  const write = () => { el.textContent = model.text; };
  model.on("text", write);
  write();
  return el;
}
