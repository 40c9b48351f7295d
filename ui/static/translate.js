document.addEventListener('click', (event) => {
  // A source's "Translate" link ('#translate=chunk id') asks for its paragraph in the answer's language
  // (ui/translation.py); the server puts the machine translation in place of the link.
  const link = event.target.closest('a[href^="#translate="]');
  const box = document.querySelector('#jp-translate textarea');
  if (!link || !box) return;
  event.preventDefault();
  const lang = link.closest('.jp-answer')?.getAttribute('lang') || '';
  link.setAttribute('aria-busy', 'true');
  box.value = link.getAttribute('href').slice('#translate='.length) + '|' + lang + '|' + Date.now();
  box.dispatchEvent(new Event('input', {bubbles: true}));
});
