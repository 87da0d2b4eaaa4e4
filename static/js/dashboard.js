/* Draws the home page's satisfaction trend from the table the page already shows. */
(function () {
  "use strict";
  var canvas = document.getElementById("satisfaction-chart");
  var table = document.getElementById("satisfaction-table");
  if (!canvas || !table || typeof Chart === "undefined") { return; }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
  var number = function (text) { return text === "" ? null : Number(text); };
  new Chart(canvas, {
    type: "line",
    data: {
      labels: rows.map(function (row) { return row.cells[0].textContent; }),
      datasets: [
        { label: "NPS", data: rows.map(function (row) { return number(row.dataset.nps); }),
          borderColor: "#2563eb", backgroundColor: "#2563eb", spanGaps: true },
        { label: "CSAT %", data: rows.map(function (row) { return number(row.dataset.csat); }),
          borderColor: "#16a34a", backgroundColor: "#16a34a", spanGaps: true }
      ]
    },
    options: { responsive: true, maintainAspectRatio: false, animation: false,
               scales: { y: { suggestedMin: -20, suggestedMax: 100 } } }
  });
})();
