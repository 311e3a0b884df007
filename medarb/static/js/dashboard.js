// The dashboard: sortable overview tables and the supervisors' chart (no inline scripts: CSP).
(function () {
  "use strict";

  function cellValue(row, index) {
    const cell = row.cells[index];
    return cell.dataset.sortValue ?? cell.textContent.trim();
  }

  function setUpSorting(table) {
    const body = table.tBodies[0];
    table.querySelectorAll("[data-sort-key]").forEach((button) => {
      button.addEventListener("click", () => {
        const index = Number(button.dataset.sortKey);
        const header = button.closest("th");
        const ascending = header.getAttribute("aria-sort") !== "ascending";
        const numeric = button.hasAttribute("data-sort-numeric");
        const rows = Array.from(body.rows);
        rows.sort((a, b) => {
          const x = cellValue(a, index);
          const y = cellValue(b, index);
          const order = numeric ? Number(x) - Number(y) : x.localeCompare(y, "zh-Hans-CN");
          return ascending ? order : -order;
        });
        rows.forEach((row) => body.appendChild(row));
        table.querySelectorAll("th[aria-sort]").forEach((th) => th.removeAttribute("aria-sort"));
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  }

  function setUpChart() {
    const source = document.getElementById("overview-chart-data");
    const box = document.querySelector("[data-chart=open-by-unit]");
    if (!source || !box || typeof echarts === "undefined") return;
    const data = JSON.parse(source.textContent);
    // CSSOM writes are allowed by the CSP (only style attributes in markup are not).
    box.style.height = Math.max(160, 28 * data.units.length + 40) + "px";
    const chart = echarts.init(box);
    chart.setOption({
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: data.units.slice().reverse() },
      series: [{ type: "bar", data: data.counts.slice().reverse(), label: { show: true, position: "right" } }],
      tooltip: { trigger: "axis" },
    });
    window.addEventListener("resize", () => chart.resize());
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("table[data-sortable]").forEach(setUpSorting);
    setUpChart();
  });
})();
