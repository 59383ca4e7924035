(function () {
  var body = document.body;
  var last = Date.parse(body.getAttribute("data-last-probe") || "");
  var limit = Number(body.getAttribute("data-stale-after")) * 1000;
  var note = document.getElementById("stale");
  function check() {
    if (isNaN(last) || Date.now() - last > limit) {
      note.hidden = false;
      document.documentElement.className = "is-stale";
    }
  }
  check();
  window.setInterval(check, 15000);
})();
