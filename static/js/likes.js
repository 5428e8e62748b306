// The Like button, updated in place. Without JavaScript the form posts and the
// server redirects back to the post; here the press goes by fetch and the
// server answers with the fresh likes section. A guest's cached page carries no
// CSRF token, so one is fetched first; the server then sends the guest to sign
// in, and records the like once they have.
(function () {
  "use strict";

  async function ensureToken(form) {
    const field = form.elements.namedItem("csrfmiddlewaretoken");
    if (field.value) return;
    const response = await fetch(form.dataset.tokenUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) throw new Error("token " + response.status);
    field.value = (await response.json()).csrf;
  }

  async function send(form) {
    await ensureToken(form);
    // getAttribute: the form's "action" input shadows form.action.
    const response = await fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    const data = await response.json();
    if (response.status === 401 && data.login_url) {
      window.location.assign(data.login_url);
      return;
    }
    if (!response.ok) throw new Error("like " + response.status);
    const section = form.closest(".post-likes");
    const fresh = document.createElement("template");
    fresh.innerHTML = data.html.trim();
    section.replaceChildren(...fresh.content.firstElementChild.childNodes);
    const button = section.querySelector(".like-button");
    if (button) button.focus();
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches || !form.matches(".like-form")) return;
    event.preventDefault();
    const button = form.querySelector(".like-button");
    if (button.disabled) return;
    button.disabled = true;
    send(form)
      .catch(() => form.submit()) // let the server answer the plain way
      .finally(() => {
        button.disabled = false;
      });
  });
})();
