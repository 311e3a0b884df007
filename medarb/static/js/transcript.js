// The transcript editor: turns of speaker + text, quick phrases, autosave two seconds after the
// last change. A save answered 409 means another tab saved newer text: ours was kept on the
// server as a revision; we show it beside the newer text so nothing is lost.
(() => {
  const config = document.getElementById("transcript-config");
  const list = document.getElementById("turns");
  const template = document.getElementById("turn-template");
  const status = document.getElementById("save-status");
  const conflict = document.getElementById("conflict");
  const csrf = document.querySelector("[name=csrfmiddlewaretoken]")?.value
    || JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
  let state = JSON.parse(document.getElementById("transcript-state").textContent);
  let timer = null;
  const readonly = config.dataset.final === "1";

  function addTurn(turn = { speaker: "", text: "", at: null }, focus = false) {
    const item = template.content.firstElementChild.cloneNode(true);
    item.querySelector(".speaker").value = turn.speaker || "";
    item.querySelector(".text").value = turn.text || "";
    item.dataset.at = turn.at ?? "";
    if (readonly) item.querySelectorAll("input, textarea, button").forEach((el) => { el.disabled = true; });
    list.append(item);
    if (focus) item.querySelector(".text").focus();
    return item;
  }

  function render(turns) {
    list.replaceChildren();
    (turns.length ? turns : [{ speaker: "", text: "", at: null }]).forEach((t) => addTurn(t));
  }

  function collect() {
    return [...list.querySelectorAll(".turn")].map((li) => ({
      speaker: li.querySelector(".speaker").value,
      text: li.querySelector(".text").value,
      at: li.dataset.at === "" ? null : Number(li.dataset.at),
    }));
  }

  async function save() {
    status.textContent = "正在保存…";
    const mine = collect();
    const response = await fetch(config.dataset.saveUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ turns: mine, based_on: state.revision }),
    });
    const body = await response.json().catch(() => ({}));
    if (response.status === 200) {
      state.revision = body.revision;
      status.textContent = `已保存（第 ${body.revision} 版）`;
    } else if (response.status === 409) {
      state = { turns: body.turns, revision: body.revision };
      render(body.turns);
      conflict.hidden = false;
      conflict.textContent = "";
      const p = document.createElement("p"); p.textContent = body.message; conflict.append(p);
      const pre = document.createElement("pre"); pre.className = "mb-0 small"; pre.dataset.testid = "my-text";
      pre.textContent = mine.map((t) => (t.speaker ? `${t.speaker}：${t.text}` : t.text)).join("\n");
      conflict.append(pre);
      status.textContent = `已载入较新的第 ${body.revision} 版`;
    } else {
      status.textContent = body.error || "保存失败，请稍后重试（内容仍在本页）。";
    }
  }

  function changed() {
    status.textContent = "未保存";
    clearTimeout(timer);
    timer = setTimeout(save, 2000);
  }

  render(state.turns);
  if (readonly) return;
  list.addEventListener("input", changed);
  list.addEventListener("click", (event) => {
    if (event.target.closest(".remove")) { event.target.closest(".turn").remove(); changed(); }
  });
  document.getElementById("add-turn").addEventListener("click", () => { addTurn({}, true); });
  document.querySelectorAll("[data-phrase]").forEach((button) => button.addEventListener("click", () => {
    const [speaker, ...rest] = button.dataset.phrase.split("：");
    addTurn({ speaker, text: rest.join("："), at: null }, true);
    changed();
  }));
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-seek]");
    if (!link) return;
    event.preventDefault();
    const video = document.getElementById(link.dataset.video);
    video.currentTime = Number(link.dataset.seek); video.play();
  });
})();
