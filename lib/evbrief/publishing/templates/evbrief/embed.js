// Swap each static SVG for the interactive chart once vega has drawn it; if anything fails the
// static SVG stays, so a chart is never missing.
(function () {
  document.querySelectorAll("figure.evb-figure").forEach(function (figure) {
    var live = figure.querySelector(".evb-live");
    var spec = figure.querySelector("script.evb-spec");
    if (!live || !spec || typeof vegaEmbed !== "function") return;
    vegaEmbed(live, JSON.parse(spec.textContent), { actions: false, renderer: "svg" })
      .then(function () { figure.classList.add("is-live"); })
      .catch(function (err) { console.warn("evbrief: interactive chart unavailable, static kept", err); });
  });
})();
