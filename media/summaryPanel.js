// Script of the risk summary panel (loaded by nonce under the panel's CSP). It only reads the document and posts
// one kind of message, { type: 'open', href, line }, which the extension checks against its index.
// @ts-check
(function () {
  const vscode = acquireVsCodeApi();
  const saved = vscode.getState() || {};
  let panelState = null;
  try {
    panelState = JSON.parse(document.body.dataset.state || 'null');
  } catch {
    panelState = null;
  }
  const save = (extra) => vscode.setState(Object.assign({}, panelState || {}, { scrollY: window.scrollY, cell: selected }, extra || {}));
  let selected = typeof saved.cell === 'string' ? saved.cell : null;

  function open(button) {
    vscode.postMessage({ type: 'open', href: button.dataset.href, line: Number(button.dataset.line) });
  }

  /** Marks a heat-map cell and its rows in the table; a click on a cell with one risk opens it. */
  function selectCell(key, fromClick) {
    selected = key;
    for (const el of document.querySelectorAll('[data-cell].selected')) el.classList.remove('selected');
    if (!key) return save();
    const rows = Array.from(document.querySelectorAll(`tr[data-cell="${CSS.escape(key)}"]`));
    for (const el of document.querySelectorAll(`.heatmap .cell[data-cell="${CSS.escape(key)}"]`)) el.classList.add('selected');
    for (const row of rows) row.classList.add('selected');
    save();
    if (!fromClick || rows.length === 0) return;
    const buttons = rows.map((r) => r.querySelector('button.link[data-href]')).filter(Boolean);
    if (buttons.length === 1) open(buttons[0]);
    else rows[0].scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const button = target.closest('button.link[data-href]');
    if (button) {
      open(button);
      return;
    }
    const cell = target.closest('.heatmap .cell.occupied');
    if (cell) selectCell(cell.getAttribute('data-cell'), true);
  });

  let scrollTimer;
  window.addEventListener('scroll', () => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => save(), 150);
  });

  // The extension re-renders the document when notes change: come back to where the reader was.
  if (selected) selectCell(selected, false);
  if (typeof saved.scrollY === 'number' && saved.scrollY > 0) window.scrollTo(0, saved.scrollY);
  save();
})();
