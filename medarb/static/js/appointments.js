// Waiting-room display: polls the queue (ETag, 304 when unchanged) and replaces the lists.
(() => {
  const root = document.querySelector(".queue-display");
  if (!root) return;
  const item = (ticket, text) => {
    const li = document.createElement("li");
    const span = document.createElement("span");
    span.className = "ticket";
    span.textContent = ticket;
    li.append(span, " ", text);
    return li;
  };
  const fill = (list, items) => {
    list.replaceChildren(...(items.length ? items : [Object.assign(document.createElement("li"), { textContent: "—" })]));
  };
  // Short polling with the ETag of what is shown: an unchanged queue costs the server a 304
  // and one small query, and no connection stays open between polls.
  const status = root.querySelector("[data-role=status]");
  let etag = root.dataset.etag;
  const show = (queue) => {
    fill(root.querySelector("[data-role=called]"), queue.called.map((t) => item(t.ticket, `${root.dataset.labelGo} ${t.counter}`)));
    fill(
      root.querySelector("[data-role=waiting]"),
      queue.waiting.slice(0, 12).map((t) => item(t.ticket, `${root.dataset.labelAbout} ${t.wait_minutes} ${root.dataset.labelMinutes}`)),
    );
    root.dataset.version = queue.version;
  };
  const poll = async () => {
    try {
      const response = await fetch(root.dataset.queueUrl, {
        headers: etag ? { "If-None-Match": etag } : {},
        cache: "no-store",
      });
      if (response.status === 200) {
        etag = response.headers.get("ETag");
        show(await response.json());
      } else if (response.status !== 304) {
        throw new Error(`HTTP ${response.status}`);
      }
      status.textContent = root.dataset.labelLive;
    } catch {
      status.textContent = root.dataset.labelOffline;
    }
    setTimeout(poll, Number(root.dataset.pollSeconds || 2) * 1000);
  };
  setTimeout(poll, Number(root.dataset.pollSeconds || 2) * 1000);
})();

// Booking: choosing a slot fills the hidden day and slot fields.
document.addEventListener("change", (event) => {
  const choice = event.target.closest("input[name=slot_choice]");
  if (!choice) return;
  document.getElementById("id_day").value = choice.dataset.day;
  document.getElementById("id_slot").value = choice.dataset.slot;
  document.querySelectorAll("label.slot").forEach((label) => label.classList.toggle("active", label.contains(choice)));
});
