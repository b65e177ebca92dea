/** Chart.js with only the pieces a bar chart needs, so its chunk stays small. */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const COLOURS = ["#0b5394", "#38761d"]; // blue, then a green with 3:1 contrast on white

export interface Series {
  label: string;
  values: number[];
}

export function barChart(canvas: HTMLCanvasElement, title: string, labels: string[], values: number[], max?: number) {
  return new Chart(canvas, {
    type: "bar",
    data: { labels, datasets: [{ label: title, data: values, backgroundColor: "#0b5394", maxBarThickness: 28 }] },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 }, ...(max ? { max } : {}) } },
    },
  });
}

/** Several series side by side for each label (received and answered per month), with a legend naming them. */
export function seriesChart(canvas: HTMLCanvasElement, labels: string[], series: Series[]) {
  return new Chart(canvas, {
    type: "bar",
    data: {
      labels,
      datasets: series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: COLOURS[i % COLOURS.length], maxBarThickness: 14 })),
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { position: "top" } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}
