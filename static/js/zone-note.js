// When the visitor's browser is in another time zone than the clinic's, say so above the times:
// every time on the page is the clinic's local time.
(function () {
  function note() {
    var picker = document.getElementById("slot-picker");
    var box = document.getElementById("zone-note");
    if (!picker || !box || typeof Intl === "undefined") return;
    var mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var clinics = picker.getAttribute("data-clinic-zone");
    if (!mine || mine === clinics) return;
    box.textContent = "Times are shown in the clinic's local time (" +
      picker.getAttribute("data-clinic-zone-name") + "). Your device is set to " + mine + ".";
    box.classList.remove("d-none");
  }
  document.addEventListener("DOMContentLoaded", note);
  document.addEventListener("htmx:afterSettle", note);  // after htmx restores attributes
})();
