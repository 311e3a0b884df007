// A video meeting room on Janus's videoroom: join with this participant's token, publish the
// local camera and microphone (as data-publish says), and watch every other participant through
// a subscriber handle of its own (one peer connection per feed keeps renegotiation out of it).
// Presence goes to the app; a lost connection is retried with the same token a few times.
// No inline script, no eval: it runs under `script-src 'self'` next to adapter.js and janus.js.
(() => {
  "use strict";

  const DEFAULT_TEXTS = {
    connecting: "正在连接…",
    joined: "已加入会议",
    reconnecting: "连接中断，正在重新连接…",
    ended: "会议已结束",
    refused: "未能加入会议",
    left: "您已离开会议",
    no_camera: "未能使用摄像头或麦克风",
    mute: "静音",
    unmute: "取消静音",
    camera_off: "关闭摄像头",
    camera_on: "打开摄像头",
  };
  const REFUSALS = new Set([426, 433]); // no such room; not allowed (a wrong or withdrawn token)
  const MAX_TRIES = 5;
  const PLUGIN = "janus.plugin.videoroom";

  function readTexts() {
    const node = document.getElementById("meeting-texts");
    try {
      return { ...DEFAULT_TEXTS, ...(node ? JSON.parse(node.textContent) : {}) };
    } catch {
      return DEFAULT_TEXTS;
    }
  }

  function readConfig(root) {
    const publish = (root.dataset.publish || "").split(",").map((kind) => kind.trim());
    return {
      server: root.dataset.server,
      room: Number(root.dataset.room),
      token: root.dataset.token || "",
      display: root.dataset.display || "",
      presenceUrl: root.dataset.presenceUrl,
      csrf: root.dataset.csrf || "",
      audio: publish.includes("audio"),
      video: publish.includes("video"),
    };
  }

  // --- presence ------------------------------------------------------------------------------

  function reportPresence(config, body) {
    if (!config.presenceUrl) return;
    fetch(config.presenceUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrf },
      body: JSON.stringify(body),
    }).catch(() => {}); // presence is best effort; the meeting goes on without it
  }

  // sendBeacon survives the page going away but cannot set headers: the token rides in the body.
  function beaconLeft(config) {
    if (!config.presenceUrl || !navigator.sendBeacon) return;
    const body = JSON.stringify({ event: "left", csrf: config.csrf });
    navigator.sendBeacon(config.presenceUrl, new Blob([body], { type: "application/json" }));
  }

  // --- tiles ---------------------------------------------------------------------------------

  function tileFor(tiles, feed, display, { local = false } = {}) {
    let tile = tiles.querySelector(`[data-feed="${CSS.escape(String(feed))}"]`);
    if (tile) return tile;
    tile = document.createElement("figure");
    tile.className = "meeting-tile" + (local ? " meeting-tile-local" : "");
    tile.dataset.feed = String(feed);
    const video = document.createElement("video");
    video.autoplay = true;
    video.playsInline = true;
    video.muted = local; // never hear oneself
    video.srcObject = new MediaStream();
    const caption = document.createElement("figcaption");
    caption.textContent = display;
    tile.append(video, caption);
    if (local) tiles.prepend(tile);
    else tiles.append(tile);
    return tile;
  }

  function setTrack(tile, track, on) {
    const video = tile.querySelector("video");
    const stream = video.srcObject;
    for (const old of stream.getTracks()) {
      if (old.id === track.id || (on && old.kind === track.kind)) stream.removeTrack(old);
    }
    if (on) stream.addTrack(track);
    tile.classList.toggle("meeting-tile-novideo", stream.getVideoTracks().length === 0);
    video.play().catch(() => {}); // autoplay may wait for a gesture; the tracks still flow
  }

  function removeTile(tiles, feed) {
    const tile = tiles.querySelector(`[data-feed="${CSS.escape(String(feed))}"]`);
    if (tile) tile.remove();
  }

  // --- the meeting ---------------------------------------------------------------------------

  class Meeting {
    constructor(root) {
      this.root = root;
      this.config = readConfig(root);
      this.texts = readTexts();
      this.status = root.querySelector("[data-status]");
      this.tiles = root.querySelector("[data-tiles]");
      this.tries = 0;
      this.subscribers = new Map(); // feed id -> plugin handle
      this.publisher = null;
      this.session = null;
      this.myId = null;
      this.privateId = null;
      this.stopped = false;
      this.public = { state: "connecting", joinedMs: null, stats: () => this.stats() };
      window.medarbMeeting = this.public;
    }

    show(state, extra = "") {
      this.public.state = state;
      this.root.dataset.state = state;
      if (this.status) this.status.textContent = this.texts[state] + extra;
    }

    start() {
      this.bindControls();
      window.addEventListener("pagehide", () => {
        if (this.stopped) return;
        beaconLeft(this.config);
        this.beaconHangup();
      });
      this.startedAt = performance.now();
      this.show("connecting");
      Janus.init({ debug: false, callback: () => this.connect() });
    }

    connect() {
      if (!Janus.isWebrtcSupported()) {
        this.stop("refused");
        return;
      }
      this.session = new Janus({
        server: this.config.server,
        destroyOnUnload: true,
        success: () => this.attachPublisher(),
        error: () => this.retry(), // the session could not be made, or was lost
      });
    }

    attachPublisher() {
      this.session.attach({
        plugin: PLUGIN,
        success: (handle) => {
          this.publisher = handle;
          const { room, token, display } = this.config;
          handle.send({ message: { request: "join", ptype: "publisher", room, token, display } });
        },
        error: () => this.retry(),
        onmessage: (message, jsep) => this.onPublisherMessage(message, jsep),
        onlocaltrack: (track, on) => this.onLocalTrack(track, on),
        iceState: (state) => this.onIceState(state),
      });
    }

    onPublisherMessage(message, jsep) {
      if (jsep) this.publisher.handleRemoteJsep({ jsep });
      const event = message.videoroom;
      if (message.error_code && REFUSALS.has(message.error_code)) {
        this.stop("refused");
      } else if (event === "destroyed") {
        this.stop("ended");
      } else if (event === "joined") {
        this.onJoined(message);
      } else if (event === "event") {
        for (const publisher of message.publishers || []) this.subscribe(publisher);
        const gone = message.leaving ?? message.unpublished ?? message.kicked;
        if (gone === "ok") this.stop("left"); // it is we who left (or were sent away)
        else if (gone !== undefined) this.unsubscribe(gone);
      }
    }

    onJoined(message) {
      this.myId = message.id;
      this.privateId = message.private_id; // ties our subscriptions to us in the room
      this.tries = 0;
      if (this.public.joinedMs === null) this.public.joinedMs = performance.now() - this.startedAt;
      this.show("joined");
      reportPresence(this.config, { event: "joined", participant: message.id });
      this.publish();
      for (const publisher of message.publishers || []) this.subscribe(publisher);
    }

    publish() {
      const { audio, video } = this.config;
      if (!audio && !video) return; // watch only
      const tracks = [];
      if (audio) tracks.push({ type: "audio", capture: true, recv: false });
      if (video) tracks.push({ type: "video", capture: true, recv: false });
      this.publisher.createOffer({
        tracks,
        success: (jsep) => this.publisher.send({ message: { request: "publish", audio, video }, jsep }),
        error: () => this.show("no_camera"),
      });
    }

    onLocalTrack(track, on) {
      const tile = tileFor(this.tiles, this.myId ?? "local", this.config.display, { local: true });
      setTrack(tile, track, on);
    }

    onIceState(state) {
      if (["connected", "disconnected", "failed"].includes(state)) {
        reportPresence(this.config, { event: "connection", state });
      }
      if (state === "failed") this.retry();
    }

    subscribe(publisher) {
      const feed = publisher.id;
      if (this.subscribers.has(feed) || feed === this.myId) return;
      this.subscribers.set(feed, null); // reserved while attaching
      this.session.attach({
        plugin: PLUGIN,
        success: (handle) => {
          this.subscribers.set(feed, handle);
          const body = { request: "join", ptype: "subscriber", room: this.config.room, streams: [{ feed }] };
          handle.send({ message: { ...body, token: this.config.token, private_id: this.privateId } });
        },
        error: () => this.subscribers.delete(feed),
        onmessage: (message, jsep) => this.onSubscriberMessage(feed, message, jsep),
        onremotetrack: (track, _mid, on) => {
          // A handle being detached reports its tracks gone after its tile was removed:
          // only a track arriving for a feed still watched may make a tile.
          if (on && !this.subscribers.has(feed)) return;
          const tile = on
            ? tileFor(this.tiles, feed, publisher.display || "")
            : this.tiles.querySelector(`[data-feed="${CSS.escape(String(feed))}"]`);
          if (tile) setTrack(tile, track, on);
        },
        oncleanup: () => removeTile(this.tiles, feed),
      });
    }

    onSubscriberMessage(feed, message, jsep) {
      const handle = this.subscribers.get(feed);
      if (!handle) return;
      if (message.error_code) {
        this.unsubscribe(feed); // the feed went before we could watch it
        return;
      }
      if (!jsep) return;
      handle.createAnswer({
        jsep,
        tracks: [{ type: "data" }], // receive only: nothing of ours goes on a subscriber's connection
        success: (answer) => handle.send({ message: { request: "start", room: this.config.room }, jsep: answer }),
        error: () => this.unsubscribe(feed),
      });
    }

    unsubscribe(feed) {
      const handle = this.subscribers.get(feed);
      this.subscribers.delete(feed);
      removeTile(this.tiles, feed);
      if (handle) handle.detach();
    }

    retry() {
      if (this.stopped) return;
      this.teardown();
      this.tries += 1;
      if (this.tries > MAX_TRIES) {
        this.stop("ended");
        return;
      }
      this.show("reconnecting");
      setTimeout(() => this.connect(), 1000 * 2 ** (this.tries - 1));
    }

    teardown() {
      const session = this.session;
      this.session = null;
      this.publisher = null;
      this.subscribers.clear();
      this.tiles.replaceChildren();
      if (session) session.destroy({ notifyDestroyed: false });
    }

    stop(state) {
      if (this.stopped) return;
      this.stopped = true;
      this.teardown();
      this.show(state);
      for (const button of this.root.querySelectorAll("[data-toggle-audio], [data-toggle-video], [data-leave]")) {
        button.disabled = true;
      }
    }

    // janus.js's own destroy on unload is an ordinary request the browser may cancel, and then
    // the others keep our frozen tile until Janus times the session out: a beacon (plain text,
    // which Janus reads as JSON) is delivered after the page has gone.
    beaconHangup() {
      const id = this.session && this.session.getSessionId();
      if (!id || !navigator.sendBeacon) return;
      const message = { janus: "destroy", transaction: `leave-${id}` };
      navigator.sendBeacon(`${this.config.server}/${id}`, JSON.stringify(message));
    }

    leave() {
      reportPresence(this.config, { event: "left" });
      this.stop("left");
    }

    // --- controls ----------------------------------------------------------------------------

    bindControls() {
      const audio = this.root.querySelector("[data-toggle-audio]");
      const video = this.root.querySelector("[data-toggle-video]");
      const leave = this.root.querySelector("[data-leave]");
      if (audio) {
        audio.textContent = this.texts.mute;
        audio.hidden = !this.config.audio;
        audio.addEventListener("click", () => this.toggle(audio, "Audio", ["mute", "unmute"]));
      }
      if (video) {
        video.textContent = this.texts.camera_off;
        video.hidden = !this.config.video;
        video.addEventListener("click", () => this.toggle(video, "Video", ["camera_off", "camera_on"]));
      }
      if (leave) leave.addEventListener("click", () => this.leave());
    }

    toggle(button, kind, [onLabel, offLabel]) {
      const handle = this.publisher;
      if (!handle) return;
      const muted = handle[`is${kind}Muted`]();
      if (muted) handle[`unmute${kind}`]();
      else handle[`mute${kind}`]();
      button.textContent = this.texts[muted ? onLabel : offLabel];
      button.setAttribute("aria-pressed", String(!muted));
    }

    // --- statistics --------------------------------------------------------------------------

    connections() {
      const handles = [this.publisher, ...this.subscribers.values()];
      return handles.filter((handle) => handle && handle.webrtcStuff && handle.webrtcStuff.pc).map((h) => h.webrtcStuff.pc);
    }

    async stats() {
      const totals = { audio: { sent: 0, received: 0 }, video: { sent: 0, received: 0 } };
      for (const pc of this.connections()) {
        const reports = await pc.getStats();
        reports.forEach((report) => {
          const kind = totals[report.kind];
          if (!kind) return;
          if (report.type === "outbound-rtp") kind.sent += report.bytesSent || 0;
          if (report.type === "inbound-rtp") kind.received += report.bytesReceived || 0;
        });
      }
      return {
        ...totals,
        sent: totals.audio.sent + totals.video.sent,
        received: totals.audio.received + totals.video.received,
      };
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const root = document.getElementById("meeting-room");
    if (root) new Meeting(root).start();
  });
})();
