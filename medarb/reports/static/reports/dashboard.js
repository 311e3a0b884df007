// 数据看板: the charts; a click on a bar, slice or point opens the list of cases behind it (CSP: no inline script).
(function () {
  "use strict";
  const source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const charts = [];

  function draw(name, height, option, urls) {
    const box = document.querySelector(`[data-chart=${name}]`);
    if (!box) return;
    box.style.height = height;
    const chart = echarts.init(box);
    chart.setOption(option);
    chart.on("click", (params) => {
      const url = params.data && params.data.url ? params.data.url : urls && urls[params.dataIndex];
      if (url && params.seriesIndex === 0) window.location.href = url;
    });
    charts.push(chart);
  }

  const bars = (labels) => ({ type: "category", data: labels, axisLabel: { interval: 0, rotate: labels.length > 5 ? 30 : 0 } });
  draw("causes", "300px", {
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: [data.months.names[0], data.months.names[1]] },
    grid: { left: 40, right: 16, top: 36, bottom: 70 },
    xAxis: bars(data.causes.labels),
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: data.months.names[0], type: "bar", data: data.causes.values, itemStyle: { color: "#1f4e79" } },
      { name: data.months.names[1], type: "bar", data: data.causes.previous, itemStyle: { color: "#9db4cc" } },
    ],
  }, data.causes.urls);
  draw("units", "300px", {
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 16, top: 16, bottom: 70 },
    xAxis: bars(data.units.labels),
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", data: data.units.values, itemStyle: { color: "#2e7d5b" } }],
  }, data.units.urls);
  draw("ways", "280px", {
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
    legend: { bottom: 0 },
    series: [{ type: "pie", radius: ["35%", "65%"], data: data.ways }],
  });
  draw("months", "300px", {
    tooltip: { trigger: "axis" },
    legend: { top: 0, data: data.months.names },
    grid: { left: 50, right: 70, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.months.labels },
    yAxis: [{ type: "value", minInterval: 1, name: data.months.axes[0] }, { type: "value", name: data.months.axes[1] }],
    series: [
      { name: data.months.names[0], type: "line", data: data.months.current, itemStyle: { color: "#1f4e79" } },
      { name: data.months.names[1], type: "line", data: data.months.previous, lineStyle: { type: "dashed" }, itemStyle: { color: "#9db4cc" } },
      { name: data.months.names[2], type: "bar", yAxisIndex: 1, data: data.months.claimed, itemStyle: { color: "#e0a84a" }, barGap: 0 },
      { name: data.months.names[3], type: "bar", yAxisIndex: 1, data: data.months.awarded, itemStyle: { color: "#b5523b" } },
    ],
  }, data.months.urls);
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
