document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href^="#section="]');
  const box = document.querySelector('#jp-goto textarea');
  if (!link || !box) return;
  event.preventDefault();
  const tabs = [...document.querySelectorAll('button[role="tab"]')];
  if (tabs[1]) tabs[1].click();
  box.value = decodeURIComponent(link.getAttribute('href').slice('#section='.length)) + '|' + Date.now();
  box.dispatchEvent(new Event('input', {bubbles: true}));
  setTimeout(() => document.querySelector('#jp-reader')?.scrollIntoView({block: 'start'}), 300);
});
