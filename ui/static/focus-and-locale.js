() => {
  const box = document.querySelector('#jp-question textarea');
  if (box) box.focus({preventScroll: true});
  return navigator.language || '';
}
