// The render of reflexmap.dashboard.language.PageLanguage: <html lang> and the window's title.
export function render({ model }) {
  document.documentElement.lang = model.lang;
  if (model.title) document.title = model.title;
  const el = document.createElement('span');
  el.style.display = 'none';
  return el;
}
