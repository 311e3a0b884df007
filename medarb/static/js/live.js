// Live feeds through hls.js: 1 s fragments and one fragment of buffer keep the delay near 2.5 s.
// A page opened just as a feed starts finds no playlist yet (404), and a network blink is fatal
// to hls.js: both start over two seconds later, so the picture comes up on its own.
function playLive(video, url) {
  const hls = new Hls({ liveSyncDurationCount: 1, liveMaxLatencyDurationCount: 3, lowLatencyMode: false });
  hls.loadSource(url);
  hls.attachMedia(video);
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (!data.fatal) return;
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR) { hls.recoverMediaError(); return; }
    hls.destroy();
    setTimeout(() => playLive(video, url), 2000);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  for (const video of document.querySelectorAll("video[data-hls]")) {
    const url = video.dataset.hls;
    if (window.Hls && Hls.isSupported()) {
      playLive(video, url);
    } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
      video.src = url;
    }
  }
});

// The supervision wall: a click enlarges a feed to the whole screen (Esc returns).
document.addEventListener("click", (event) => {
  const video = event.target.closest("video[data-enlarge]");
  if (video && video.requestFullscreen) video.requestFullscreen();
});

// A replay jumps to the moment a piece of evidence was shown.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-seek]");
  if (!link) return;
  event.preventDefault();
  const video = document.getElementById(link.dataset.video);
  video.currentTime = Number(link.dataset.seek);
  video.play();
});
