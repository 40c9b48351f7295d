document.addEventListener('click', (event) => {
  // A rating button under an answer: its classes name the answer (jp-key-…) and the rating (jp-rate-…).
  const button = event.target.closest('#jp-chat button.jp-rate-btn');
  const box = document.querySelector('#jp-rate textarea');
  if (!button || !box) return;
  const key = [...button.classList].find((c) => c.startsWith('jp-key-'));
  const rating = button.classList.contains('jp-rate-helpful') ? 'helpful' : 'not_helpful';
  if (!key) return;
  for (const other of button.parentElement.querySelectorAll('button.jp-rate-btn')) {
    other.classList.toggle('jp-rated', other === button);
    other.setAttribute('aria-pressed', String(other === button));
  }
  box.value = key.slice('jp-key-'.length) + '|' + rating + '|' + Date.now();
  box.dispatchEvent(new Event('input', {bubbles: true}));
});
