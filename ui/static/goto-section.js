document.addEventListener('click', (event) => {
  // A link '#section=key:label&chunk=id' opens "Read the plan" at that paragraph, marked jp-target.
  const link = event.target.closest('a[href^="#section="]');
  const box = document.querySelector('#jp-goto textarea');
  if (!link || !box) return;
  event.preventDefault();
  const params = new URLSearchParams(link.getAttribute('href').slice(1));
  const chunk = params.get('chunk') || '';
  const tabs = [...document.querySelectorAll('button[role="tab"]')];
  if (tabs[1]) tabs[1].click();
  box.value = (params.get('section') || '') + '|' + chunk + '|' + Date.now();
  box.dispatchEvent(new Event('input', {bubbles: true}));
  const shown = document.querySelector('#jp-reader .jp-read');
  const start = performance.now();
  const show = () => {  // the reader is looked up each time: opening its tab may mount it anew
    const reader = document.querySelector('#jp-reader');
    const target = chunk
      ? reader?.querySelector(`.jp-target[data-chunk="${CSS.escape(chunk)}"]`)
      : reader?.querySelector('.jp-read') !== shown && reader;
    if (target) return target.scrollIntoView({block: chunk ? 'center' : 'start'});
    if (performance.now() - start < 15000) requestAnimationFrame(show);
  };
  requestAnimationFrame(show);
});
