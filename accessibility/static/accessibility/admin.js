// WCAG 2.2 2.4.11 (focus not obscured) in Wagtail's admin. The editing forms keep their actions
// in a footer stuck to the bottom of the window; the browser scrolls a field that gets focus
// only just into view, which can leave it under that footer. When something else is on top of
// the focused element, the element is scrolled to the middle of the window.
document.addEventListener("focusin", (event) => {
  const element = event.target;
  if (!(element instanceof Element) || element === document.body) return;
  const box = element.getBoundingClientRect();
  if (!box.width || !box.height) return;
  const x = Math.min(Math.max(box.left + box.width / 2, 0), window.innerWidth - 1);
  const y = Math.min(Math.max(box.top + box.height / 2, 0), window.innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  const labelled = element.labels && [...element.labels].some((label) => label.contains(top));
  if (top && !element.contains(top) && !top.contains(element) && !labelled) {
    element.scrollIntoView({ block: "center", inline: "nearest" });
  }
});
