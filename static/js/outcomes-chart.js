// The outcomes chart: pain (0-10) and PHQ-9 / GAD-7 over time, infusions marked. The same
// figures are in the table next to it, for screen readers and for printing.
(function () {
  function draw() {
    var canvas = document.getElementById("outcomes-chart");
    var source = document.getElementById("outcomes-data");
    if (!canvas || !source || typeof Chart === "undefined") return;
    // One column per score, built by the server (patients/outcomes.py: Outcomes.chart_data):
    // two scores on one day are two columns, so neither hides the other.
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Pain (0-10)", data: data.pain, yAxisID: "pain", spanGaps: true,
            borderColor: "#b02a37", backgroundColor: "#b02a37" },
          { label: "PHQ-9 (0-27)", data: data.phq9, yAxisID: "mood", spanGaps: true,
            borderColor: "#0a58ca", backgroundColor: "#0a58ca" },
          { label: "GAD-7 (0-21)", data: data.gad7, yAxisID: "mood", spanGaps: true,
            borderColor: "#146c43", backgroundColor: "#146c43" },
          { label: "Infusion", type: "scatter", yAxisID: "pain", pointStyle: "triangle",
            pointRadius: 7, borderColor: "#6c757d", backgroundColor: "#6c757d",
            data: data.infusion }
        ]
      },
      options: {
        animation: false,
        scales: {
          pain: { type: "linear", position: "left", min: 0, max: 10, title: { display: true, text: "Pain" } },
          mood: { type: "linear", position: "right", min: 0, max: 27, grid: { drawOnChartArea: false },
                  title: { display: true, text: "PHQ-9 / GAD-7" } }
        }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
