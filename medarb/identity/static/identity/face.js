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
  const open = () => {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { unavailable(); return; }
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "user", width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false })
      .then((stream) => {
        video.srcObject = stream;
        video.hidden = false;
        camera.querySelectorAll("[data-camera-view]").forEach((view) => { view.hidden = false; });
        snap.disabled = false;
        burst.disabled = false;
        status.textContent = "";
      })
      .catch(unavailable);
  };
  // On a phone the camera opens when the person asks for it; at the window it opens at once.
  const opener = camera.querySelector("[data-testid=open-camera]");
  if (opener) {
    opener.addEventListener("click", () => { opener.hidden = true; open(); });
  } else {
    open();
  }
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
    if (input.files.length === 0) snap.click(); // the burst needs its still to compare
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

// The ID-card reader on the window PC: call its local service (the protocol's steps), pass
// its answer to the server unchanged, and on a match put the chip's photo into the card input.
(function () {
  "use strict";
  const reader = document.getElementById("reader");
  if (!reader) return;
  const button = reader.querySelector("[data-testid=read-card]");
  const status = document.getElementById("reader-status");
  const chip = document.getElementById("chip-photo");
  const source = document.getElementById("id_card_source");
  const card = document.getElementById("id_card");
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  const say = (text, tone) => {
    status.textContent = text;
    status.className = `small mt-2 mb-0 ${tone ? `text-${tone}` : ""}`;
  };
  const get = (path) => fetch(reader.dataset.url + path, { cache: "no-store" }).then((r) => r.text());

  async function readCard() {
    let answer = "";
    try {
      for (const step of reader.dataset.steps.split(" ")) answer = await get(step);
    } finally {
      // Closed before anything else happens, so the next 读卡 never meets a closing device.
      if (reader.dataset.close) await get(reader.dataset.close).catch(() => {});
    }
    return answer;
  }

  button.addEventListener("click", async () => {
    button.disabled = true;
    say(reader.dataset.busy);
    let answer;
    try {
      answer = await readCard();
    } catch (error) {
      say(reader.dataset.offline, "danger");
      button.disabled = false;
      return;
    }
    try {
      const response = await fetch(reader.dataset.post, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: answer,
      });
      const result = await response.json();
      if (!result.passed) {
        say(result.error, "danger");
        return;
      }
      say(result.message, "success");
      if (result.photo) {
        const bytes = Uint8Array.from(atob(result.photo), (c) => c.charCodeAt(0));
        const files = new DataTransfer();
        files.items.add(new File([bytes], "chip.jpg", { type: "image/jpeg" }));
        card.files = files.files;
        source.value = "chip";
        chip.src = `data:image/jpeg;base64,${result.photo}`;
        chip.hidden = false;
      }
    } finally {
      button.disabled = false;
    }
  });
  // A photo of the card chosen by hand replaces the chip's photo.
  card.addEventListener("change", () => { source.value = "photo"; chip.hidden = true; });
})();
