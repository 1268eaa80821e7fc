// The render of reflexmap.dashboard.handbook.LinkButtons: one button per [key, label] of
// model.links, drawn again whenever the links change; a press sets model.chosen to [key, count].
export function render({ model }) {
  const row = document.createElement("div");
  row.className = "rm-links";
  row.setAttribute("data-testid", "zone-links");
  const draw = () => {
    row.replaceChildren(
      ...model.links.map(([key, label]) => {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = label;
        button.addEventListener("click", () => {
          model.chosen = [key, model.chosen[1] + 1];
        });
        return button;
      }),
    );
  };
  model.on("links", draw);
  draw();
  return row;
}
