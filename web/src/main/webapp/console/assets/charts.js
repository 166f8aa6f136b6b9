// Line charts over time with Chart.js (loaded as a classic script beside the modules). Times
// are plotted as epoch milliseconds on a linear axis and labelled as clock times, which needs
// no date adapter.

const palette = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

function clock(ms) {
  const d = new Date(ms);
  return d.toISOString().slice(11, 19);
}

/**
 * Draws series on a canvas: series is [{label, points: [{t: ms, y}], axis?: 'y'|'y1'}].
 * Answers the Chart.
 */
export function timeChart(canvas, series, { yTitle, y1Title } = {}) {
  const scales = {
    x: {
      type: 'linear',
      ticks: { callback: (value) => clock(value), maxTicksLimit: 6 },
      title: { display: true, text: 'time (UTC)' },
    },
    y: { beginAtZero: true, title: { display: Boolean(yTitle), text: yTitle } },
  };
  if (series.some((s) => s.axis === 'y1')) {
    scales.y1 = {
      beginAtZero: true,
      position: 'right',
      grid: { drawOnChartArea: false },
      title: { display: Boolean(y1Title), text: y1Title },
    };
  }
  const chart = new window.Chart(canvas, {
    type: 'line',
    data: {
      datasets: series.map((s, i) => ({
        label: s.label,
        data: s.points.map((p) => ({ x: p.t, y: p.y })),
        borderColor: palette[i % palette.length],
        backgroundColor: palette[i % palette.length],
        yAxisID: s.axis || 'y',
        pointRadius: 2,
        tension: 0.2,
        spanGaps: true,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      interaction: { mode: 'nearest', intersect: false },
      plugins: {
        tooltip: { callbacks: { title: (items) => clock(items[0].parsed.x) } },
      },
      scales,
    },
  });
  canvas.dataset.points = String(series.reduce((n, s) => n + s.points.length, 0));
  canvas.dataset.drawn = 'true';
  return chart;
}

export function doughnut(canvas, labels, values, colors) {
  const chart = new window.Chart(canvas, {
    type: 'doughnut',
    data: { labels, datasets: [{ data: values, backgroundColor: colors }] },
    options: { animation: false, responsive: true, maintainAspectRatio: false },
  });
  canvas.dataset.drawn = 'true';
  return chart;
}
