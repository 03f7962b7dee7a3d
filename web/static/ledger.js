// 能耗台账的图表（Apache ECharts，本地静态文件）。数据取自页面的 data-ledger 属性，
// 与页面中的数据表（图表的文字替代）同源；脚本加载失败时，数据表仍可阅读。
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("ledger-charts");
    if (!box || typeof echarts === "undefined") { return; }
    var data = JSON.parse(box.getAttribute("data-ledger"));
    var charts = [];
    function chart(id, option) {
      var node = document.getElementById(id);
      if (!node) { return; }
      var c = echarts.init(node, null, { renderer: "canvas" });
      c.setOption(option);
      node.setAttribute("data-drawn", "1");
      charts.push(c);
    }
    // legends below the plot on one scrolling line: never over the axis names at its top
    var LEGEND = { bottom: 0, type: "scroll" };
    var months = data.months;
    var cumulative = data.cumulative.map(function (r) { return r.approved_energy_equivalent_tce; });
    var series = [{ name: "区级批准新增能耗累计（吨标准煤）", type: "line", data: cumulative }];
    if (data.allowance_tce !== null) {
      series.push({ name: "规划期增量控制额度", type: "line", symbol: "none",
        lineStyle: { type: "dashed" }, data: months.map(function () { return data.allowance_tce; }) });
    }
    chart("chart-cumulative", {
      tooltip: { trigger: "axis" }, legend: LEGEND,
      grid: { left: 60, right: 16, top: 36, bottom: 44, containLabel: true },
      xAxis: { type: "category", data: months }, yAxis: { type: "value", name: "吨标准煤" },
      series: series
    });
    var labels = [];
    data.monthly.forEach(function (r) { if (labels.indexOf(r.conclusion_label) < 0) { labels.push(r.conclusion_label); } });
    chart("chart-monthly", {
      tooltip: { trigger: "axis" }, legend: LEGEND,
      grid: { left: 40, right: 16, top: 36, bottom: 44, containLabel: true },
      xAxis: { type: "category", data: months }, yAxis: { type: "value", name: "项目数", minInterval: 1 },
      series: labels.map(function (label) {
        return { name: label, type: "bar", stack: "结论", data: months.map(function (m) {
          var n = 0;
          data.monthly.forEach(function (r) { if (r.month === m && r.conclusion_label === label) { n += r.count; } });
          return n;
        }) };
      })
    });
    chart("chart-industry", {
      tooltip: { trigger: "item", formatter: "{b}：{c} 吨标准煤（{d}%）" },
      series: [{ name: "新增能耗", type: "pie", radius: ["30%", "65%"],
        data: data.by_industry.map(function (r) { return { name: r.division + " " + r.name, value: r.energy_equivalent_tce }; }) }]
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
