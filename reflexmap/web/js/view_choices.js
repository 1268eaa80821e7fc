// The render of reflexmap.dashboard.view_switch.ViewChoices: a radio group of the views, each
// with its drawing (on a wide window) and a badge of the search's matches there.
export function render({ model }) {
  const group = document.createElement("div");
  group.className = "rm-views";
  group.setAttribute("role", "radiogroup");
  group.setAttribute("data-testid", "view-switch");
  const buttons = [];
  const choose = (i, focus) => {
    if (model.disabled || !buttons[i]) return;
    model.value = buttons[i].dataset.view;
    draw();
    if (focus) buttons[i].focus();
  };
  const build = () => {
    group.replaceChildren();
    buttons.length = 0;
    model.items.forEach(([view, label, svg], i) => {
      const button = document.createElement("button");
      button.type = "button";
      button.setAttribute("role", "radio");
      button.dataset.view = view;
      // the drawing is the page's own markup (escaped in Python), not user text
      button.innerHTML = svg;
      const name = document.createElement("span");
      name.textContent = label;
      const badge = document.createElement("span");
      badge.className = "rm-badge";
      button.append(name, badge);
      button.addEventListener("click", () => choose(i, false));
      button.addEventListener("keydown", (event) => {
        const step = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1}[event.key];
        if (!step) return;
        event.preventDefault();
        choose((i + step + buttons.length) % buttons.length, true);
      });
      buttons.push(button);
      group.append(button);
    });
  };
  const draw = () => {
    group.setAttribute("aria-label", model.caption);
    for (const button of buttons) {
      const view = button.dataset.view;
      const on = view === model.value;
      button.setAttribute("aria-checked", String(on));
      button.tabIndex = on ? 0 : -1;
      button.disabled = model.disabled;
      const marks = new Set(model.marks[view] ?? []);
      const chosen = model.chosen[view];
      for (const path of button.querySelectorAll("path.rm-zone")) {
        path.classList.toggle("rm-mark", marks.has(path.dataset.key));
        path.classList.toggle("rm-chosen", path.dataset.key === chosen);
      }
      button.querySelector(".rm-badge").textContent = model.badges[view] ?? "";
    }
  };
  build();
  draw();
  model.on("items", () => { build(); draw(); });
  for (const name of ["value", "marks", "chosen", "badges", "disabled", "caption"]) model.on(name, draw);
  return group;
}
