/* global RM_UPLOAD */
// The render of reflexmap.dashboard.file_picker.FilePicker. RM_UPLOAD, defined before this file
// from Python's constants, holds the upload's path, its two headers' names and how often a post
// that reached another server process (--num-procs) is retried: {path, token, name, rounds, probes}.

function post(model, file, onProgress) {
  // resolves to [HTTP status (0: no answer), the answer's "error" code]
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', new URL(RM_UPLOAD.path, window.location.href));
    xhr.setRequestHeader(RM_UPLOAD.token, model.token);
    if (file) {
      xhr.setRequestHeader(RM_UPLOAD.name, encodeURIComponent(file.name));
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    }
    xhr.onload = () => {
      let code = '';
      try { code = JSON.parse(xhr.responseText).error || ''; } catch { /* not JSON */ }
      resolve([xhr.status, code]);
    };
    xhr.onerror = xhr.onabort = () => resolve([0, '']);
    xhr.send(file || null);
  });
}

async function send(model, file, onProgress) {
  let answer = await post(model, file, onProgress);
  // 421: this connection reached another server process; probe (an empty post) until one
  // reaches the session's, whose connection the browser then reuses for the file
  for (let round = 1; answer[0] === 421 && round < RM_UPLOAD.rounds; round++) {
    for (let probe = 0; probe < RM_UPLOAD.probes; probe++) {
      const [status] = await post(model, null, onProgress);
      if (status !== 421) break;
    }
    answer = await post(model, file, onProgress);
  }
  return answer;
}

export function render({ model }) {
  const label = document.createElement('label');
  const caption = document.createElement('span');
  const input = document.createElement('input');
  input.type = 'file';
  // the browser's own button and line speak the browser's language: these speak the page's
  // (the input, hidden, keeps the focus and the click; its label's text names it)
  const button = document.createElement('span');
  button.className = 'rm-file-button';
  button.setAttribute('aria-hidden', 'true');
  const chosen = document.createElement('span');
  chosen.className = 'rm-file-name';
  chosen.id = 'rm-file-chosen';
  input.setAttribute('aria-describedby', chosen.id);
  const picker = document.createElement('span');
  picker.className = 'rm-file';
  picker.append(input, button, chosen);
  let last = '';  // the name of the last file chosen: the input itself is emptied at once
  const row = document.createElement('div');
  row.className = 'rm-sending';
  row.hidden = true;
  const bar = document.createElement('progress');
  bar.max = 1;
  const words = document.createElement('span');
  row.append(words, bar);
  label.append(caption, picker);
  let busy = false;
  const show = () => {
    caption.textContent = model.label;
    button.textContent = model.words.choose;
    chosen.textContent = last || model.words.none;
    input.accept = model.accept;
    input.disabled = model.disabled || busy;
  };
  show();
  model.on(['label', 'accept', 'disabled'], show);
  const report = (kind, file, extra) => {
    model.outcome = JSON.stringify({
      kind, name: file.name, size: file.size, t: performance.now(), ...(extra || {}),
    });
  };
  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    input.value = '';  // the same file may be chosen again
    if (!file) return;
    last = file.name;
    show();
    if (file.size === 0) return report('empty', file);
    if (file.size > model.limit) return report('too_large', file);
    busy = true;
    show();
    report('sending', file);  // the page clears the last file's answer
    words.textContent = model.words.sending.replace('{name}', file.name);
    bar.removeAttribute('value');
    bar.setAttribute('aria-label', words.textContent);
    row.hidden = false;
    try {
      const [status, code] = await send(model, file, (part) => { bar.value = part; });
      if (status === 200) report('sent', file);
      else report(code === 'held' ? 'held' : 'failed', file, { status, code });
    } finally {
      busy = false;
      row.hidden = true;
      show();
    }
  });
  const box = document.createElement('div');
  box.append(label, row);
  return box;
}
