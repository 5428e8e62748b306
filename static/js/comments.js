// The comment form on a cached page: fetch this visitor's CSRF token and a
// fresh form timestamp, fill in saved details, keep what was typed across a
// sign-in, and move the form under the comment being answered. Without
// JavaScript every part still works.
(function () {
  "use strict";
  const form = document.getElementById("commentform");
  if (!form) return;

  const field = (name) => form.elements.namedItem(name);

  // Saved name, email and website ("Save my name… in this browser"): the cookies are
  // HttpOnly, so the token endpoint, which reads them, sends them back.
  function fillSavedDetails(details) {
    if (!details || !field("author_name") || !details.author_name) return;
    for (const [name, value] of Object.entries(details)) {
      if (field(name) && !field(name).value) field(name).value = value;
    }
    if (field("save_details")) field("save_details").checked = true;
  }

  // A token and timestamp for this visitor, unless the page already carries them.
  if (!field("timestamp").value) {
    const url = form.dataset.tokenUrl + "?post=" + encodeURIComponent(form.dataset.post);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => {
        field("csrfmiddlewaretoken").value = data.csrf;
        field("timestamp").value = data.timestamp;
        fillSavedDetails(data.details);
      })
      .catch(() => {
        /* The server asks the reader to confirm instead. */
      });
  }

  // What the reader typed survives signing in: kept for this tab when a sign-in link or
  // the Log Out / Change buttons take them away, put back when they return to this form.
  let drafts = null;
  try {
    drafts = window.sessionStorage;
  } catch (error) {
    /* Storage is off: the text is lost, as without JavaScript. */
  }
  const draftKey = "comment-draft:" + form.dataset.post;
  if (drafts && drafts.getItem(draftKey) !== null) {
    if (!field("body").value) field("body").value = drafts.getItem(draftKey);
    drafts.removeItem(draftKey);
  }
  form.querySelectorAll("[data-keep-draft]").forEach((control) => {
    control.addEventListener("click", () => {
      if (drafts && field("body").value) drafts.setItem(draftKey, field("body").value);
    });
  });

  // "Reply" moves the form under the comment; "Cancel reply" puts it back.
  const respond = document.getElementById("respond");
  const home = document.createComment("respond-home");
  respond.parentNode.insertBefore(home, respond);
  const title = document.getElementById("reply-title");
  const cancel = document.getElementById("cancel-comment-reply-link");
  const originalTitle = title.firstChild.textContent;

  document.querySelectorAll(".comment-reply-link").forEach((link) => {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const item = document.getElementById("comment-" + link.dataset.commentId);
      item.querySelector(".comment-body").after(respond);
      field("parent").value = link.dataset.commentId;
      title.firstChild.textContent = "Leave a Reply to " + link.dataset.author + " ";
      cancel.parentElement.hidden = false;
      field("body").focus();
    });
  });

  cancel.addEventListener("click", (event) => {
    event.preventDefault();
    home.parentNode.insertBefore(respond, home.nextSibling);
    field("parent").value = "";
    title.firstChild.textContent = originalTitle;
    cancel.parentElement.hidden = true;
  });
})();
