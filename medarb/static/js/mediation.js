// Mediation pages: the signature pad and the statistics charts (no inline scripts: CSP).
(function () {
  "use strict";

  function setUpSignaturePad(form) {
    const canvas = form.querySelector("[data-signature-pad]");
    const hidden = form.querySelector("input[name=signature]");
    const empty = form.querySelector("[data-signature-empty]");
    if (!canvas || !hidden || typeof SignaturePad === "undefined") return;
    const pad = new SignaturePad(canvas, { minWidth: 0.8, maxWidth: 2.6, penColor: "#111" });
    // The canvas width must match its laid-out width, or strokes land off the pointer; the
    // height stays the attribute's (no inline styles may set a CSS height).
    function resize() {
      const data = pad.toData();
      canvas.width = canvas.offsetWidth;
      pad.clear();
      pad.fromData(data);
    }
    window.addEventListener("resize", resize);
    resize();
    canvas.dataset.ready = "1"; // strokes drawn before this are lost
    form.querySelector("[data-signature-clear]")?.addEventListener("click", () => pad.clear());
    form.addEventListener("submit", (event) => {
      if (pad.isEmpty()) {
        event.preventDefault();
        if (empty) empty.hidden = false;
        return;
      }
      hidden.value = pad.toDataURL("image/png");
    });
  }

  function setUpCharts() {
    const source = document.getElementById("mediation-stats-data");
    if (!source || typeof echarts === "undefined") return;
    const data = JSON.parse(source.textContent);
    const byUnit = document.querySelector("[data-chart=units]");
    // CSSOM writes are allowed by the CSP (only style attributes in markup are not).
    document.querySelectorAll("[data-chart]").forEach((el) => { el.style.height = "360px"; });
    if (byUnit) {
      const chart = echarts.init(byUnit);
      chart.setOption({
        tooltip: { trigger: "axis" },
        legend: { data: data.series.map((s) => s.name) },
        grid: { left: 40, right: 20, bottom: 80 },
        xAxis: { type: "category", data: data.units, axisLabel: { rotate: 30 } },
        yAxis: { type: "value" },
        series: data.series.map((s) => ({ name: s.name, type: "bar", data: s.values })),
      });
      window.addEventListener("resize", () => chart.resize());
    }
    const rate = document.querySelector("[data-chart=rate]");
    if (rate) {
      const chart = echarts.init(rate);
      chart.setOption({
        tooltip: { trigger: "axis", valueFormatter: (v) => `${v}%` },
        xAxis: { type: "category", data: data.levels },
        yAxis: { type: "value", max: 100 },
        series: [{ name: data.rate_label, type: "bar", data: data.level_rates }],
      });
      window.addEventListener("resize", () => chart.resize());
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-signature-form]").forEach(setUpSignaturePad);
    setUpCharts();
  });
})();
