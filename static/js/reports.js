// Report charts: each <canvas class="report-chart" data-chart="{...}"> is drawn with Chart.js
// from the JSON in its data-chart attribute (labels and one dataset per column). The table
// under each chart gives the same figures for screen readers and for printing.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof window.Chart === "undefined") return;
  const palette = ["#005eb8", "#ffb81c", "#009639", "#da291c", "#7c2855", "#00a499", "#425563", "#ed8b00"];
  document.querySelectorAll("canvas.report-chart").forEach((canvas) => {
    let spec;
    try {
      spec = JSON.parse(canvas.dataset.chart);
    } catch (error) {
      return;
    }
    const round = spec.type === "doughnut";
    const datasets = spec.datasets.map((dataset, index) => ({
      label: dataset.label,
      data: dataset.data,
      backgroundColor: round ? palette : palette[index % palette.length],
      maxBarThickness: 48,
    }));
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets },
      options: {
        responsive: true,
        aspectRatio: round ? 2.4 : 2.8,
        animation: false,
        plugins: { legend: { display: round || datasets.length > 1, position: "right" } },
        scales: round ? {} : { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  });
});
