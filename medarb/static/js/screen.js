// The court's big screen follows the clerk's choice: a one-second poll that costs a 304 while
// nothing changed, then shows the item (a PDF page as an image, a picture, a video, or the
// evidence visualiser's live feed).
(() => {
  const stage = document.getElementById("stage");
  const title = document.getElementById("title");
  const stateUrl = document.body.dataset.stateUrl;
  let etag = "";
  let hls = null;

  function show(state) {
    if (hls) { hls.destroy(); hls = null; }
    stage.replaceChildren();
    title.textContent = state.title || title.textContent;
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
    document.body.dataset.version = String(state.version);
  }

  async function poll() {
    try {
      const response = await fetch(stateUrl, { headers: etag ? { "If-None-Match": etag } : {}, cache: "no-store" });
      if (response.status === 200) {
        etag = response.headers.get("ETag") || "";
        show(await response.json());
      }
    } catch (_error) { /* the network blinked: try again next second */ }
    setTimeout(poll, 1000);
  }
  poll();
})();
