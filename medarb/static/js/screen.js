// Evidence on show follows the clerk's choice: the court's big screen and the remote
// participants' evidence pane. Each element with data-evidence-events listens to the sitting's
// event stream (SSE; EventSource reconnects by itself when a stream ends, with Last-Event-ID)
// and shows the item: a PDF page as an image, a picture, a video, or the evidence visualiser's
// live feed. A browser without EventSource polls data-evidence-state once a second (304 while
// nothing changed).
(() => {
  function follow(box) {
    const stage = box.querySelector("[data-evidence-stage]");
    const title = box.querySelector("[data-evidence-title]");
    let hls = null;

    function show(state) {
      if (String(state.version) === box.dataset.version) return;
      if (hls) { hls.destroy(); hls = null; }
      stage.replaceChildren();
      if (title) title.textContent = state.title || title.dataset.idle || "";
      if (state.kind === "image") {
        const img = document.createElement("img");
        img.src = state.url; img.alt = state.title;
        stage.append(img);
      } else if (state.kind === "video" || state.kind === "live") {
        const video = document.createElement("video");
        video.autoplay = true; video.muted = true; video.playsInline = true; video.controls = state.kind === "video";
        stage.append(video);
        if (state.kind === "live" && window.Hls && Hls.isSupported()) {
          hls = new Hls({ liveSyncDurationCount: 1 });
          hls.loadSource(state.url); hls.attachMedia(video);
        } else {
          video.src = state.url;
        }
      }
      box.dataset.version = String(state.version);
      box.hidden = state.kind === "none" && box.hasAttribute("data-evidence-hide-idle");
    }

    if (window.EventSource) {
      const source = new EventSource(box.dataset.evidenceEvents);
      source.addEventListener("state", (event) => show(JSON.parse(event.data)));
      return;
    }
    let etag = "";
    async function poll() {
      try {
        const response = await fetch(box.dataset.evidenceState, { headers: etag ? { "If-None-Match": etag } : {}, cache: "no-store" });
        if (response.status === 200) {
          etag = response.headers.get("ETag") || "";
          show(await response.json());
        }
      } catch (_error) { /* the network blinked: try again next second */ }
      setTimeout(poll, 1000);
    }
    poll();
  }
  document.querySelectorAll("[data-evidence-events]").forEach(follow);
})();
