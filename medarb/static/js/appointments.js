// Waiting-room display: the queue arrives by server-sent events and replaces the lists.
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
  const source = new EventSource(root.dataset.eventsUrl);
  source.addEventListener("queue", (event) => {
    const queue = JSON.parse(event.data);
    fill(root.querySelector("[data-role=called]"), queue.called.map((t) => item(t.ticket, `${root.dataset.labelGo} ${t.counter}`)));
    fill(
      root.querySelector("[data-role=waiting]"),
      queue.waiting.slice(0, 12).map((t) => item(t.ticket, `${root.dataset.labelAbout} ${t.wait_minutes} ${root.dataset.labelMinutes}`)),
    );
    root.dataset.version = queue.version;
  });
})();

// Booking: choosing a slot fills the hidden day and slot fields.
document.addEventListener("change", (event) => {
  const choice = event.target.closest("input[name=slot_choice]");
  if (!choice) return;
  document.getElementById("id_day").value = choice.dataset.day;
  document.getElementById("id_slot").value = choice.dataset.slot;
  document.querySelectorAll("label.slot").forEach((label) => label.classList.toggle("active", label.contains(choice)));
});
