/* Draws the consumption report's charts from the JSON the page embeds (no inline script). */
(function () {
  "use strict";
  var source = document.getElementById("report-data");
  if (!source || typeof Chart === "undefined") { return; }
  var report = JSON.parse(source.textContent);
  var palette = ["#2563eb", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2",
                 "#db2777", "#65a30d", "#ea580c", "#475569", "#0d9488", "#9333ea"];
  var labels = report.rows.map(function (row) { return row.label; });
  var amountLabel = document.documentElement.lang.indexOf("zh") === 0 ? "金额" : "Amount";
  var datasets;
  var type = "bar";
  if (report.columns.length) {
    // a stacked bar: one series per column
    datasets = report.columns.map(function (column, index) {
      return {
        label: column.label,
        backgroundColor: palette[index % palette.length],
        data: report.rows.map(function (row) {
          var cell = row.cells[column.key];
          return cell ? Number(cell.amount) : 0;
        })
      };
    });
  } else {
    if (report.rows_dimension === "month") { type = "line"; }
    datasets = [{
      label: amountLabel,
      backgroundColor: palette[0],
      borderColor: palette[0],
      data: report.rows.map(function (row) { return Number(row.amount); })
    }];
  }
  var stacked = report.columns.length > 0;
  new Chart(document.getElementById("report-chart"), {
    type: type,
    data: { labels: labels, datasets: datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true } },
      plugins: { legend: { display: stacked } }
    }
  });
  var top = report.rows.slice().sort(function (a, b) { return Number(b.amount) - Number(a.amount); });
  new Chart(document.getElementById("share-chart"), {
    type: "doughnut",
    data: {
      labels: top.map(function (row) { return row.label; }),
      datasets: [{
        data: top.map(function (row) { return Number(row.amount); }),
        backgroundColor: top.map(function (row, index) { return palette[index % palette.length]; })
      }]
    },
    options: { responsive: true, maintainAspectRatio: false, animation: false,
               plugins: { legend: { position: "bottom" } } }
  });
})();

/* The Pareto curve of the 80/20/30 analysis. */
(function () {
  "use strict";
  var source = document.getElementById("value-data");
  if (!source || typeof Chart === "undefined") { return; }
  var value = JSON.parse(source.textContent);
  var percent = function (share) { return Math.round(share * 100) + "%"; };
  new Chart(document.getElementById("pareto-chart"), {
    type: "line",
    data: {
      labels: value.pareto.map(function (point) { return percent(point[0]); }),
      datasets: [
        {
          label: value.labels.profit,
          data: value.pareto.map(function (point) { return point[1] * 100; }),
          borderColor: "#2563eb",
          backgroundColor: "rgba(37, 99, 235, 0.15)",
          fill: true
        },
        {
          label: "80%",
          data: value.pareto.map(function () { return 80; }),
          borderColor: "#94a3b8",
          borderDash: [6, 4],
          pointRadius: 0
        }
      ]
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      scales: {
        x: { title: { display: true, text: value.labels.customers } },
        y: { ticks: { callback: function (v) { return v + "%"; } } }
      }
    }
  });
})();
