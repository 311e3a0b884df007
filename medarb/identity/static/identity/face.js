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
  const burst = camera.querySelector("[data-testid=liveness]");
  const framesInput = document.getElementById("id_frames");
  const FRAMES = 8;
  const EVERY_MS = 300;

  const frame = (width) => new Promise((resolve) => {
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = Math.round(video.videoHeight * width / video.videoWidth);
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    canvas.toBlob(resolve, "image/jpeg", 0.85);
  });
  const unavailable = () => { status.textContent = camera.dataset.unavailable; };
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { unavailable(); return; }
  navigator.mediaDevices
    .getUserMedia({ video: { facingMode: "user", width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false })
    .then((stream) => {
      video.srcObject = stream;
      video.hidden = false;
      snap.disabled = false;
      burst.disabled = false;
      status.textContent = "";
    })
    .catch(unavailable);
  // A short burst while the head turns: the server checks that the same face turned.
  burst.addEventListener("click", async () => {
    burst.disabled = true;
    status.textContent = burst.dataset.prompt;
    const files = new DataTransfer();
    for (let n = 0; n < FRAMES; n += 1) {
      await new Promise((r) => setTimeout(r, EVERY_MS));
      const blob = await frame(480);
      files.items.add(new File([blob], `frame-${n}.jpg`, { type: "image/jpeg" }));
    }
    framesInput.files = files.files;
    status.textContent = burst.dataset.done;
    burst.disabled = false;
  });
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
