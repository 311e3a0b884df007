// WebAuthn in the browser: add a fingerprint or security key (账户安全), or sign in with one
// (the MFA step). Options come from the server as JSON; the authenticator's answer goes back.
(function () {
  "use strict";
  const csrf = () => (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  const supported = () =>
    window.PublicKeyCredential &&
    typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function" &&
    typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: body === undefined ? "{}" : JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || response.statusText);
    return data;
  }

  function wire(box, run) {
    if (!box) return;
    const button = box.querySelector("button");
    const status = box.querySelector("[data-testid=key-status]");
    button.addEventListener("click", async () => {
      if (!supported()) { status.textContent = box.dataset.unsupported; return; }
      button.disabled = true;
      status.textContent = "";
      try {
        await run(box, status);
      } catch (error) {
        status.textContent = error.name === "NotAllowedError" ? box.dataset.cancelled || error.message : error.message;
      } finally {
        button.disabled = false;
      }
    });
    box.dataset.ready = "";
  }

  wire(document.getElementById("key-register"), async (box) => {
    const options = PublicKeyCredential.parseCreationOptionsFromJSON(await post(box.dataset.optionsUrl));
    const credential = await navigator.credentials.create({ publicKey: options });
    const nameInput = document.getElementById("key-name");
    await post(box.dataset.registerUrl, { credential: credential.toJSON(), name: nameInput ? nameInput.value : "" });
    window.location.reload();
  });

  wire(document.getElementById("key-sign-in"), async (box) => {
    const options = PublicKeyCredential.parseRequestOptionsFromJSON(await post(box.dataset.optionsUrl));
    const credential = await navigator.credentials.get({ publicKey: options });
    await post(box.dataset.signInUrl, { credential: credential.toJSON() });
    window.location.assign(box.dataset.next || "/");
  });
})();
