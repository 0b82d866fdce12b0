// Progressive enhancement only: every page works without this file.
// Cite buttons copy the visible citation line; filter forms submit when a choice changes.
document.querySelectorAll('button[data-copy]').forEach((button) => {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  button.hidden = false;
  const label = button.textContent;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      button.textContent = button.dataset.done || '✓';
    } catch {
      button.textContent = button.dataset.failed || '×';
    }
    setTimeout(() => { button.textContent = label; }, 2000);
  });
});

document.querySelectorAll('form[data-live]').forEach((form) => {
  form.querySelectorAll('select').forEach((select) => select.addEventListener('change', () => form.requestSubmit()));
});
