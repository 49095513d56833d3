// WCAG 2.2 2.4.11 (focus not obscured) in Wagtail's admin. The editing forms keep their actions
// in a footer at the bottom of the window; the browser scrolls a field that gets focus only just
// into view, which can leave it under that footer. When something else is on top of the focused
// element, the element's scrolling box is scrolled until the element is clear of it.
function coveringElement(element) {
  const box = element.getBoundingClientRect();
  const x = Math.min(Math.max(box.left + box.width / 2, 0), window.innerWidth - 1);
  const y = Math.min(Math.max(box.top + box.height / 2, 0), window.innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  const labelled = element.labels && [...element.labels].some((label) => label.contains(top));
  return top && !element.contains(top) && !top.contains(element) && !labelled ? top : null;
}

function scrollingBox(element) {
  for (let box = element.parentElement; box; box = box.parentElement) {
    const overflow = getComputedStyle(box).overflowY;
    if ((overflow === "auto" || overflow === "scroll") && box.scrollHeight > box.clientHeight) return box;
  }
  return document.scrollingElement;
}

document.addEventListener("focusin", (event) => {
  const element = event.target;
  if (!(element instanceof Element) || element === document.body) return;
  const box = element.getBoundingClientRect();
  if (!box.width || !box.height) return;
  const cover = coveringElement(element);
  if (!cover) return;
  const coverBox = cover.getBoundingClientRect();
  const below = coverBox.top > window.innerHeight / 2;  // a footer: scroll the element up
  const distance = below ? box.bottom - coverBox.top + 16 : box.top - coverBox.bottom - 16;
  scrollingBox(element).scrollBy({ top: distance, behavior: "instant" });
});
