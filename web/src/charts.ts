/** Chart.js with only the pieces a bar chart needs, so its chunk stays small. */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export function barChart(canvas: HTMLCanvasElement, title: string, labels: string[], values: number[], max?: number) {
  return new Chart(canvas, {
    type: "bar",
    data: { labels, datasets: [{ label: title, data: values, backgroundColor: "#0b5394", maxBarThickness: 28 }] },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { beginAtZero: true, ticks: { precision: 0 }, ...(max ? { max } : {}) } },
    },
  });
}
