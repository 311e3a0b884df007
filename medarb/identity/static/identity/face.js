// The window's camera: show the party's face, take a still into the form's file input.
(function () {
  "use strict";
  const camera = document.getElementById("camera");
  if (!camera) return;
  const video = document.getElementById("face-video");
  const preview = document.getElementById("face-preview");
  const status = document.getElementById("camera-status");
  const snap = camera.querySelector("[data-testid=take-photo]");
  const input = document.getElementById("id_live");
  const unavailable = () => { status.textContent = camera.dataset.unavailable; };
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { unavailable(); return; }
  navigator.mediaDevices
    .getUserMedia({ video: { facingMode: "user", width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false })
    .then((stream) => {
      video.srcObject = stream;
      video.hidden = false;
      snap.disabled = false;
      status.textContent = "";
    })
    .catch(unavailable);
  snap.addEventListener("click", () => {
    preview.width = video.videoWidth;
    preview.height = video.videoHeight;
    preview.getContext("2d").drawImage(video, 0, 0);
    preview.hidden = false;
    preview.toBlob((blob) => {
      const files = new DataTransfer();
      files.items.add(new File([blob], "live.jpg", { type: "image/jpeg" }));
      input.files = files.files;
      snap.textContent = snap.dataset.again || snap.textContent;
    }, "image/jpeg", 0.92);
  });
})();
