/*
 * Draws a Chart.js chart on every <canvas data-chart-capaian="ID">, from the
 * JSON that the page put in <script type="application/json" id="ID">:
 *
 *   {"jenis": "bar", "horizontal": false, "satuan": "%", "garis_100": true,
 *    "labels": ["2025", …], "judul": ["full label for the tooltip", …],
 *    "datasets": [{"label": "Target", "data": ["80.0000", null, …],
 *                  "warna": "#9ec5fe" or ["#…", …], "keterangan": [… ]}]}
 *
 * Numbers arrive as decimal strings and are parsed here for drawing only.
 * Charts are drawn when the page loads and again on content that HTMX swaps in.
 */
(function () {
  "use strict";

  var angka = new Intl.NumberFormat("id-ID", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  var angkaSumbu = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 2 });

  function toNumber(value) {
    return value === null || value === undefined ? null : Number(value);
  }

  // A dashed line at 100 on the value axis: the point where a target is met.
  var garis100 = {
    id: "garis100",
    afterDatasetsDraw: function (chart, args, options) {
      if (!options.aktif) return;
      var axis = chart.scales[options.sumbu];
      if (!axis || axis.max < 100) return;
      var position = axis.getPixelForValue(100);
      var area = chart.chartArea;
      var ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = "#495057";
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      if (options.sumbu === "x") {
        ctx.moveTo(position, area.top);
        ctx.lineTo(position, area.bottom);
      } else {
        ctx.moveTo(area.left, position);
        ctx.lineTo(area.right, position);
      }
      ctx.stroke();
      ctx.restore();
    },
  };

  function buildConfig(spec) {
    var valueAxis = spec.horizontal ? "x" : "y";
    var suffix = spec.satuan === "%" ? " %" : "";
    var datasets = spec.datasets.map(function (dataset) {
      return {
        label: dataset.label,
        data: dataset.data.map(toNumber),
        backgroundColor: dataset.warna,
        borderColor: dataset.warna,
        maxBarThickness: 32,
        keterangan: dataset.keterangan || null,
      };
    });
    var scales = {};
    scales[valueAxis] = {
      beginAtZero: true,
      suggestedMax: spec.garis_100 ? 110 : undefined,
      ticks: {
        callback: function (value) {
          return angkaSumbu.format(value) + suffix;
        },
      },
    };

    return {
      type: spec.jenis || "bar",
      data: { labels: spec.labels, datasets: datasets },
      plugins: [garis100],
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: "id-ID",
        scales: scales,
        plugins: {
          legend: { display: datasets.length > 1 },
          garis100: { aktif: Boolean(spec.garis_100), sumbu: valueAxis },
          tooltip: {
            callbacks: {
              title: function (items) {
                var index = items[0].dataIndex;
                return spec.judul ? spec.judul[index] : items[0].label;
              },
              label: function (item) {
                var text = item.raw === null ? "—" : angka.format(item.raw) + suffix;
                var notes = item.dataset.keterangan;
                var note = notes ? " (" + notes[item.dataIndex] + ")" : "";
                return item.dataset.label + ": " + text + note;
              },
            },
          },
        },
      },
    };
  }

  function draw(canvas) {
    // A canvas is drawn once, because content that HTMX swaps in brings new ones.
    if (typeof Chart === "undefined" || Chart.getChart(canvas)) return;
    var source = document.getElementById(canvas.dataset.chartCapaian);
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    if (spec.horizontal) {
      // Each bar gets about 34 px, so the box grows with the number of bars.
      var height = Math.max(256, spec.labels.length * 34 + 64);
      canvas.parentElement.style.height = height + "px";
    }
    new Chart(canvas, buildConfig(spec));
  }

  function drawAll(root) {
    root.querySelectorAll("canvas[data-chart-capaian]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawAll(document);
  });
  document.addEventListener("htmx:load", function (event) {
    drawAll(event.detail.elt);
  });
})();
