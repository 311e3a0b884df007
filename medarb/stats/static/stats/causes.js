// 争议成因分析: the bar chart of the period against the same period a year before (CSP: no inline script).
(function () {
  "use strict";
  const source = document.getElementById("cause-chart-data");
  const box = document.querySelector("[data-chart=causes]");
  if (!source || !box || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  box.style.height = "320px";
  const chart = echarts.init(box);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: data.names, top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 70 },
    xAxis: {
      type: "category",
      data: data.labels,
      axisLabel: { interval: 0, rotate: data.labels.length > 5 ? 30 : 0 },
    },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: data.names[0], type: "bar", data: data.current, itemStyle: { color: "#1f4e79" } },
      { name: data.names[1], type: "bar", data: data.previous, itemStyle: { color: "#9db4cc" } },
    ],
  });
  const trendBox = document.querySelector("[data-chart=months]");
  let trend = null;
  if (trendBox) {
    trendBox.style.height = "260px";
    trend = echarts.init(trendBox);
    trend.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: data.trend_names, top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: data.trend_names[0], type: "line", data: data.monthly_current, itemStyle: { color: "#1f4e79" } },
        { name: data.trend_names[1], type: "line", data: data.monthly_previous, lineStyle: { type: "dashed" }, itemStyle: { color: "#9db4cc" } },
      ],
    });
  }
  window.addEventListener("resize", () => { chart.resize(); if (trend) trend.resize(); });
})();
