/*
 * The display mode of the outdoor information screens: one slide at a time, new slides from
 * slides.json every few minutes. Without this file the page shows every slide and reloads
 * itself. Visitors who ask for reduced motion get no fading, and the slides wait for "Play".
 */
(function () {
  "use strict";
  var root = document.documentElement;
  var container = document.querySelector("[data-display]");
  if (!container || !window.fetch) {
    return;
  }
  root.classList.remove("no-js");
  root.classList.add("js");

  var controls = document.querySelector("[data-display-controls]");
  var pauseButton = document.querySelector("[data-display-pause]");
  var position = document.querySelector("[data-display-position]");
  var slideSeconds = parseInt(container.getAttribute("data-slide-seconds"), 10) || 12;
  var refreshSeconds = parseInt(container.getAttribute("data-refresh-seconds"), 10) || 300;
  var url = container.getAttribute("data-slides-url");
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var paused = reducedMotion;
  var current = 0;
  var timer = null;

  function slides() {
    return container.querySelectorAll(".slide");
  }

  function show(index) {
    var all = slides();
    if (!all.length) {
      return;
    }
    current = (index + all.length) % all.length;
    all.forEach(function (slide, i) {
      slide.classList.toggle("is-active", i === current);
    });
    if (position) {
      position.textContent = current + 1 + " / " + all.length;
    }
  }

  function schedule() {
    window.clearInterval(timer);
    if (!paused) {
      timer = window.setInterval(function () {
        show(current + 1);
      }, slideSeconds * 1000);
    }
  }

  function setPaused(value) {
    paused = value;
    pauseButton.setAttribute("aria-pressed", paused ? "true" : "false");
    pauseButton.textContent = pauseButton.getAttribute(paused ? "data-label-play" : "data-label-pause");
    schedule();
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // Built with textContent only: nothing from the feed is read as HTML.
  function build(slide, number, total, labels) {
    var section = element("section", "slide slide--" + slide.kind);
    section.setAttribute("aria-label", labels.slide.replace("{number}", number).replace("{total}", total));
    var body = element("div", "slide__body");
    var kicker = element("p", "slide__kicker");
    var title = element("h2", "slide__title");
    if (slide.kind === "news") {
      kicker.textContent = labels.news + " · ";
      var time = element("time", "", slide.date_label);
      time.setAttribute("datetime", slide.date);
      kicker.appendChild(time);
      title.textContent = slide.title;
    } else {
      kicker.textContent = labels.facts;
      title.appendChild(element("span", "slide__value", slide.value));
      title.appendChild(document.createTextNode(" " + slide.title));
    }
    body.appendChild(kicker);
    body.appendChild(title);
    if (slide.text) {
      body.appendChild(element("p", "slide__text", slide.text));
    }
    if (slide.lang) {
      title.setAttribute("lang", slide.lang);
      if (body.lastChild.className === "slide__text") {
        body.lastChild.setAttribute("lang", slide.lang);
      }
    }
    section.appendChild(body);
    if (slide.image_url) {
      var image = element("img", "slide__image");
      image.src = slide.image_url;
      image.width = slide.image_width;
      image.height = slide.image_height;
      image.alt = "";
      section.appendChild(image);
    }
    return section;
  }

  // The words the slides need, read from the slides the server rendered (already translated).
  function labelsFromPage() {
    var first = container.querySelector(".slide");
    var newsKicker = container.querySelector(".slide--news .slide__kicker");
    var factKicker = container.querySelector(".slide--fact .slide__kicker");
    var label = first ? first.getAttribute("aria-label") : "";
    var total = String(slides().length);
    return {
      slide: label.replace(/\d+/, "{number}").replace(new RegExp(total + "(?!.*\\d)"), "{total}"),
      news: newsKicker ? newsKicker.firstChild.textContent.replace(/\s*·\s*$/, "") : "",
      facts: factKicker ? factKicker.textContent : "",
    };
  }

  var labels = labelsFromPage();

  function refresh() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (!data.slides || !data.slides.length) {
          return;
        }
        var fragment = document.createDocumentFragment();
        data.slides.forEach(function (slide, i) {
          fragment.appendChild(build(slide, i + 1, data.slides.length, labels));
        });
        container.replaceChildren(fragment);
        show(current);
      })
      .catch(function () {
        // Keep showing the slides we have; the next refresh tries again.
      });
  }

  if (slides().length > 1) {
    controls.hidden = false;
    pauseButton.addEventListener("click", function () {
      setPaused(!paused);
    });
    setPaused(paused);
  }
  show(0);
  window.setInterval(refresh, refreshSeconds * 1000);

  var dateElement = document.querySelector("[data-display-date]");
  if (dateElement && window.Intl) {
    var format = new Intl.DateTimeFormat(root.lang, { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
    var tick = function () {
      dateElement.textContent = format.format(new Date());
    };
    tick();
    window.setInterval(tick, 30000);
  }
})();
