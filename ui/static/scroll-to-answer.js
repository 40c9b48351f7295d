() => {
  const start = performance.now();
  const step = () => {
    const chat = document.querySelector('#jp-chat');
    const found = chat ? chat.querySelectorAll('.jp-answer, .jp-error') : [];
    const waiting = !chat || chat.querySelector('.jp-pending') || !found.length;
    if (waiting && performance.now() - start < 5000) return requestAnimationFrame(step);
    const answer = found[found.length - 1];
    const asked = [...chat.querySelectorAll('.jp-question')].pop();
    const el = asked && (asked.compareDocumentPosition(answer) & Node.DOCUMENT_POSITION_FOLLOWING) ? asked : answer;
    let box = el ? el.parentElement : null;
    while (box && box !== chat && box.scrollHeight <= box.clientHeight + 1) box = box.parentElement;
    if (el && box && box !== chat)
      box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - 24;
    // The chat is as tall as the screen less the question box: bring both into view together.
    const top = chat.getBoundingClientRect().top;
    if (Math.abs(top) > 2) window.scrollBy({top: top - 2, behavior: 'instant'});
  };
  requestAnimationFrame(step);
}
