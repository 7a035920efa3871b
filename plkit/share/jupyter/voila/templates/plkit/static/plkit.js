/* plkit's page frame: the step navigation (focus moves to a step's heading; each step's state
   follows what the progress cell publishes) and the disclosure button on narrow screens.
   Included inline by index.html.j2: no request of its own. No framework, nothing sent anywhere. */
(function () {
  "use strict";
  var nav = document.getElementById("plkit-steps");
  var cells = document.getElementById("plkit-cells");
  var progress = document.getElementById("plkit-progress");
  var links = nav ? Array.prototype.slice.call(nav.querySelectorAll("a[data-cell]")) : [];
  var toggle = nav ? nav.querySelector(".plkit-steps-toggle") : null;
  var narrow = window.matchMedia("(max-width: 1099px)");

  function setOpen(open) {
    if (!toggle) { return; }
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("plkit-steps-open", open);
  }
  if (toggle) {
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
  }

  /* The heading a step link leads to: the n-th "##" heading of its markdown cell. */
  function target(link) {
    var cell = document.querySelector('[cell-index="' + link.getAttribute("data-cell") + '"]');
    if (!cell) { return null; }
    var headings = cell.querySelectorAll(".jp-MarkdownCell h2");
    var heading = headings[Number(link.getAttribute("data-n")) - 1] || null;
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.classList.add("plkit-step-heading");
      heading.setAttribute("data-plkit-step", link.getAttribute("href").slice(1));
    }
    return heading;
  }

  function markCurrent(link) {
    links.forEach(function (other) {
      if (other === link) { other.setAttribute("aria-current", "step"); }
      else { other.removeAttribute("aria-current"); }
    });
  }

  /* A step chosen in the list stays the current one until the reader scrolls on their own
     (the last steps of a page cannot scroll to the top, and another heading would take over). */
  var pinned = null;
  ["wheel", "touchstart", "keydown"].forEach(function (kind) {
    window.addEventListener(kind, function () { pinned = null; }, { passive: true, capture: true });
  });

  function go(link) {
    var heading = target(link);
    if (!heading) { return false; }
    if (narrow.matches) { setOpen(false); }
    pinned = link;
    markCurrent(link);
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "start" });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", link.getAttribute("href"));
    }
    return true;
  }

  links.forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (go(link)) { event.preventDefault(); }
    });
  });

  /* Each step's state, from the hidden element the progress cell keeps up to date. */
  var words = { done: "done", todo: "not yet done" };
  function update() {
    var source = document.querySelector(".plkit-step-states");
    if (!source) { return; }
    var states;
    try { states = JSON.parse(source.getAttribute("data-steps") || "{}"); } catch (e) { return; }
    links.forEach(function (link) {
      var state = states[link.getAttribute("data-step")] || "";
      var li = link.parentNode;
      if (li.getAttribute("data-state") === state) { return; }
      if (state) { li.setAttribute("data-state", state); } else { li.removeAttribute("data-state"); }
      link.querySelector(".plkit-step-state").textContent = state === "done" ? "\u2713" : (state ? "\u25CB" : "");
      link.querySelector(".plkit-step-state-text").textContent = state ? " (" + words[state] + ")" : "";
    });
    var summary = source.getAttribute("data-summary");
    if (progress && summary && progress.textContent !== summary) { progress.textContent = summary; }
  }

  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    window.setTimeout(function () { pending = false; update(); }, 0);
  }
  if (cells && window.MutationObserver && (links.length || progress)) {
    /* the progress widget replaces its HTML after every saved answer: new child nodes */
    new MutationObserver(schedule).observe(cells, { childList: true, subtree: true });
  }

  /* The step in view is the current one (aria-current), once the cells are shown. */
  var watching = false;
  function watch() {
    if (watching || !window.IntersectionObserver || !cells || cells.style.display === "none") { return; }
    watching = true;
    var byHeading = new Map();
    links.forEach(function (link) { var h = target(link); if (h) { byHeading.set(h, link); } });
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting && !pinned) { markCurrent(byHeading.get(entry.target)); }
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    byHeading.forEach(function (_link, heading) { seen.observe(heading); });
    var wanted = links.filter(function (l) { return l.getAttribute("href") === window.location.hash; })[0];
    if (wanted) { go(wanted); }
  }
  if (cells && window.MutationObserver && links.length) {
    var shown = new MutationObserver(function () {
      if (cells.style.display !== "none") { shown.disconnect(); watch(); }
    });
    shown.observe(cells, { attributes: true, attributeFilter: ["style"] });
  }
})();
