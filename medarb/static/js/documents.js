// Signature pad for on-screen signing (touch and mouse); the drawn image is posted as PNG.
(function () {
  "use strict";
  function init(form) {
    var canvas = form.querySelector("[data-signature-pad]");
    var output = form.querySelector("[data-signature-output]");
    if (!canvas || !window.SignaturePad) { return; }
    var pad = new window.SignaturePad(canvas, { penColor: "#000", minWidth: 1, maxWidth: 3 });
    function resize() {
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      var data = pad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d").scale(ratio, ratio);
      pad.clear();
      pad.fromData(data);
    }
    window.addEventListener("resize", resize);
    resize();
    canvas.dataset.ready = "1"; // strokes drawn before this are lost
    var clear = form.querySelector("[data-signature-clear]");
    if (clear) { clear.addEventListener("click", function () { pad.clear(); }); }
    form.addEventListener("submit", function (event) {
      if (pad.isEmpty()) {
        event.preventDefault();
        window.alert(form.dataset.emptyMessage || "请先签名。");
        return;
      }
      output.value = pad.toDataURL("image/png");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-signature-form]").forEach(init);
  });
})();
