// Live feeds through hls.js: 1 s fragments and one fragment of buffer keep the delay near 2.5 s.
document.addEventListener("DOMContentLoaded", () => {
  for (const video of document.querySelectorAll("video[data-hls]")) {
    const url = video.dataset.hls;
    if (window.Hls && Hls.isSupported()) {
      const hls = new Hls({ liveSyncDurationCount: 1, liveMaxLatencyDurationCount: 3, lowLatencyMode: false });
      hls.loadSource(url);
      hls.attachMedia(video);
      hls.on(Hls.Events.ERROR, (_event, data) => {
        if (data.fatal && data.type === Hls.ErrorTypes.NETWORK_ERROR) setTimeout(() => hls.startLoad(), 2000);
      });
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
