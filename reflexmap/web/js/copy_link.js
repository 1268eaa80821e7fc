// The render of reflexmap.dashboard.copy_link.CopyLink: a read-only address and a Copy button.
export function render({ model }) {
  const wrap = document.createElement("div");
  const label = document.createElement("label");
  label.className = "rm-field-label";
  label.textContent = model.label;
  const row = document.createElement("div");
  row.className = "rm-copy";
  const input = document.createElement("input");
  input.readOnly = true;
  input.setAttribute("data-testid", model.field);
  input.id = "rm-copy-" + Math.random().toString(36).slice(2);
  label.htmlFor = input.id;
  const button = document.createElement("button");
  button.type = "button";
  button.setAttribute("data-testid", "copy-link");
  // the button says what happened: a live region of its own would double the announcer's
  let timer = 0;
  const say = (text) => {
    clearTimeout(timer);
    button.textContent = text;
    if (text !== model.words.copy) timer = setTimeout(() => say(model.words.copy), 4000);
  };
  const show = () => {
    input.value = model.query ? location.origin + location.pathname + "?" + model.query : "";
    button.disabled = !model.query;
    say(model.words.copy);
  };
  const selectIt = () => {
    input.focus();
    input.select();
    say(model.words.selected);
  };
  button.addEventListener("click", () => {
    if (!input.value) return;
    if (!navigator.clipboard || !window.isSecureContext) { selectIt(); return; }
    navigator.clipboard.writeText(input.value).then(() => say(model.words.copied), selectIt);
  });
  model.on("query", show);
  show();
  row.append(input, button);
  wrap.append(label, row);
  return wrap;
}
