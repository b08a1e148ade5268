// Swap each static SVG for the interactive chart once vega has drawn it; if anything fails the
// static SVG stays, so a chart is never missing.
(function () {
  document.querySelectorAll("figure.evb-figure").forEach(function (figure) {
    var live = figure.querySelector(".evb-live");
    var spec = figure.querySelector("script.evb-spec");
    if (!live || !spec || typeof vegaEmbed !== "function") return;
    vegaEmbed(live, JSON.parse(spec.textContent), { actions: false, renderer: "svg" })
      .then(function () {
        // one image with the figure's text alternative, as the static chart is: vega's own
        // description of each mark group says what it draws, not what it finds
        live.setAttribute("role", "img");
        var drawn = live.querySelector("svg, canvas");
        if (drawn) drawn.setAttribute("aria-hidden", "true");
        figure.classList.add("is-live");
      })
      .catch(function (err) { console.warn("evbrief: interactive chart unavailable, static kept", err); });
  });
})();
