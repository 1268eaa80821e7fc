// On a projector the page must not scroll: the details shrink (down to MIN of their size) until all of
// them show between the box's top and the bottom of the window; if even that is too tall, they
// scroll inside their box. Where the box sits below the map (a narrow window) the page scrolls.
function rmFitWindow(box, on) {
  const MIN = 0.6, MARGIN = 24;  // the page's own padding and the box's margins below it
  box.style.fontSize = box.style.maxHeight = box.style.overflowY = "";
  if (!on) return;
  const room = window.innerHeight - (box.getBoundingClientRect().top + window.scrollY) - MARGIN;
  if (room < window.innerHeight / 3) return;
  let scale = 1;
  // wrapped text grows with the square of its size: take the root of what is too much
  for (let k = 0; k < 10 && box.scrollHeight > room && scale > MIN; k++) {
    scale = Math.max(MIN, scale * Math.min(0.97, Math.sqrt(room / box.scrollHeight)));
    box.style.fontSize = `${scale}em`;
  }
  if (box.scrollHeight > room) {
    box.style.maxHeight = `${room}px`;
    box.style.overflowY = "auto";
  }
}
