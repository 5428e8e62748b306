// The moderation queue's row actions in place: each action posts by fetch and the
// server answers with the changed row, its post's pending count and the status counts;
// Reply and Quick Edit open under the row; the last action can be undone for a few
// seconds; WordPress's keyboard shortcuts. Without JavaScript the same buttons post the
// page and the server sends it back to the same place with a message.
(function () {
  "use strict";
  const actionForm = document.getElementById("queue-row-action");
  const table = document.getElementById("result_list");
  if (!actionForm || !table) return;

  const notices = document.getElementById("queue-notices");
  const undoSeconds = Number(actionForm.dataset.undoSeconds) || 10;
  const view = new URLSearchParams(window.location.search).get("status") || "all";
  const shownStatuses = view === "all" ? ["pending", "approved"] : [view];
  const keys = { a: "approve", u: "unapprove", s: "spam", t: "trash", r: "reply", q: "quickedit" };
  let lastUndo = null;
  let current = null;

  const csrf = () => actionForm.elements.namedItem("csrfmiddlewaretoken").value;
  const rows = () =>
    Array.from(table.tBodies[0] ? table.tBodies[0].rows : []).filter(
      (row) => !row.hidden && row.querySelector(".queue-comment"),
    );
  const rowOf = (id) => {
    const comment = document.getElementById("comment-" + id);
    return comment ? comment.closest("tr") : null;
  };

  async function send(url, body) {
    body.set("csrfmiddlewaretoken", csrf());
    const response = await fetch(url, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    let data;
    try {
      data = await response.json();
    } catch (error) {
      throw new Error("The server did not answer (" + response.status + "). Reload the page.");
    }
    if (!response.ok) {
      const failure = new Error(data.error || "Not done (" + response.status + ").");
      failure.data = data;
      throw failure;
    }
    return data;
  }

  function showCounts(counts) {
    for (const [key, value] of Object.entries(counts)) {
      document.querySelectorAll('[data-count="' + key + '"]').forEach((element) => {
        element.textContent = value;
      });
    }
  }

  function showPostPending(post) {
    document.querySelectorAll('[data-post-pending="' + post.id + '"]').forEach((link) => {
      link.querySelector(".queue-pending-number").textContent = post.pending;
      link.classList.toggle("is-zero", post.pending === 0);
    });
  }

  // The server's answer, in place: counts, the post's pending count, the row itself.
  function apply(data) {
    showCounts(data.counts);
    showPostPending(data.post);
    const row = rowOf(data.comment.id);
    if (!row) return;
    if (data.comment.deleted || !shownStatuses.includes(data.comment.status)) {
      if (row === current) select(neighbour(row, 1) || neighbour(row, -1), false);
      closeEditor(row);
      row.hidden = true;
      return;
    }
    for (const [name, html] of Object.entries(data.comment.cells)) {
      const cell = row.querySelector(".field-" + name);
      if (cell) cell.innerHTML = html;
    }
    row.hidden = false;
  }

  function notice(message, { undo = null, error = false } = {}) {
    notices.replaceChildren();
    if (lastUndo) window.clearTimeout(lastUndo.timer);
    lastUndo = null;
    const line = document.createElement("p");
    line.className = error ? "queue-notice is-error" : "queue-notice";
    line.textContent = message + " ";
    notices.append(line);
    if (!undo) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "queue-undo";
    button.textContent = "Undo";
    button.addEventListener("click", runUndo);
    line.append(button);
    lastUndo = {
      ...undo,
      timer: window.setTimeout(() => {
        line.remove();
        lastUndo = null;
      }, undoSeconds * 1000),
    };
  }

  async function runUndo() {
    if (!lastUndo) return;
    const { url, token, timer } = lastUndo;
    window.clearTimeout(timer);
    lastUndo = null;
    const body = new FormData();
    body.set("token", token);
    try {
      const data = await send(url, body);
      apply(data);
      notice(data.message);
      const row = rowOf(data.comment.id);
      if (row && !row.hidden) select(row);
    } catch (error) {
      notice(error.message, { error: true });
    }
  }

  async function runAction(button) {
    const row = button.closest("tr");
    if (row) select(row, false);
    button.disabled = true;
    try {
      const data = await send(button.getAttribute("formaction"), new FormData());
      apply(data);
      notice(data.message, { undo: data.undo });
      if (current && !current.hidden) focusRow(current);
    } catch (error) {
      button.disabled = false;
      notice(error.message, { error: true });
    }
  }

  // Reply and Quick Edit: the form of their own page, under the row.
  function closeEditor(row) {
    const next = row && row.nextElementSibling;
    if (next && next.classList.contains("queue-editor-row")) next.remove();
  }

  async function openEditor(link) {
    const row = link.closest("tr");
    select(row, false);
    table.querySelectorAll(".queue-editor-row").forEach((editor) => editor.remove());
    let form;
    try {
      const response = await fetch(link.href, { credentials: "same-origin" });
      if (!response.ok) throw new Error("This comment cannot be answered or edited now.");
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      form = page.querySelector("form.queue-inline-form");
      if (!form) throw new Error("The form did not load. Reload the page.");
    } catch (error) {
      notice(error.message, { error: true });
      return;
    }
    form = document.adoptNode(form);
    const editor = document.createElement("tr");
    editor.className = "queue-editor-row";
    const cell = document.createElement("td");
    cell.colSpan = row.cells.length;
    const author = row.querySelector(".queue-comment").dataset.author;
    form.setAttribute(
      "aria-label",
      (link.dataset.action === "reply" ? "Reply to " : "Quick Edit the comment by ") + author,
    );
    cell.append(form);
    editor.append(cell);
    row.after(editor);
    form.querySelector(".queue-inline-cancel").addEventListener("click", (event) => {
      event.preventDefault();
      editor.remove();
      focusRow(row);
    });
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        editor.remove();
        focusRow(row);
      }
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const error = form.querySelector(".queue-inline-error");
      const submit = form.querySelector("button[type=submit]");
      submit.disabled = true;
      try {
        const data = await send(form.getAttribute("action"), new FormData(form));
        editor.remove();
        apply(data);
        notice(data.message);
        if (!row.hidden) focusRow(row);
      } catch (failure) {
        submit.disabled = false;
        const errors = failure.data && failure.data.errors;
        error.textContent = errors
          ? Object.values(errors).flat().join(" ")
          : failure.message;
        error.hidden = false;
      }
    });
    const first = form.querySelector("textarea, input:not([type=hidden])");
    if (link.dataset.action === "reply") form.querySelector("textarea").focus();
    else if (first) first.focus();
  }

  // The current row, for the keyboard (j/k) and for the actions the mouse starts.
  function neighbour(row, step) {
    const all = rows();
    const index = all.indexOf(row);
    return index === -1 ? null : all[index + step] || null;
  }

  function focusRow(row) {
    const action = row.querySelector(".queue-action");
    if (action) action.focus();
  }

  function select(row, focus = true) {
    if (current) current.classList.remove("is-current");
    current = row;
    if (!row) return;
    row.classList.add("is-current");
    row.scrollIntoView({ block: "nearest" });
    if (focus) focusRow(row);
  }

  document.addEventListener("click", (event) => {
    const target = event.target.closest(".queue-action");
    if (!target || !table.contains(target)) return;
    event.preventDefault();
    if (target.dataset.action === "reply" || target.dataset.action === "quickedit") {
      openEditor(target);
    } else {
      runAction(target);
    }
  });

  function typing(target) {
    return (
      target.isContentEditable ||
      ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)
    );
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) return;
    const key = event.key.toLowerCase();
    if (key === "j" || key === "k") {
      const step = key === "j" ? 1 : -1;
      select(current && !current.hidden ? neighbour(current, step) || current : rows()[0]);
    } else if (key === "z") {
      if (!lastUndo) return;
      runUndo();
    } else if (keys[key] && current) {
      const control = current.querySelector('.queue-action[data-action="' + keys[key] + '"]');
      if (!control) return;
      if (keys[key] === "reply" || keys[key] === "quickedit") openEditor(control);
      else runAction(control);
    } else {
      return;
    }
    event.preventDefault();
  });
})();
