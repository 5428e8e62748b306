/* The post screen's background work: autosave a draft copy every few seconds (the interval
   is the page's data-autosave-seconds) and when the page is left; keep the edit lock alive
   (every data-heartbeat-seconds, and on returning to the tab); keep the Publish button's
   label in step with what it will do. */
(function () {
  "use strict";
  var config = document.getElementById("post-editor");
  if (!config) { return; }
  var form = config.closest("form");
  var data = config.dataset;
  var submitting = false;

  function csrfToken() {
    return form.querySelector("[name=csrfmiddlewaretoken]").value;
  }

  function field(name) {
    return form.elements.namedItem(name);
  }

  function bodyText() {
    var editor = window.tinymce && window.tinymce.get("id_body");
    if (editor && editor.initialized) { return editor.getContent(); }
    var body = field("body");
    return body ? body.value : "";
  }

  function snapshot() {
    return {
      title: field("title") ? field("title").value : "",
      excerpt: field("excerpt") ? field("excerpt").value : "",
      body: bodyText()
    };
  }

  function formData(values) {
    var payload = new FormData();
    payload.append("csrfmiddlewaretoken", csrfToken());
    Object.keys(values).forEach(function (key) { payload.append(key, values[key]); });
    return payload;
  }

  var baseline = null;
  function takeBaseline() { baseline = JSON.stringify(snapshot()); }
  function editorReady() {
    takeBaseline();
    config.dataset.editorReady = "true";
  }

  function showStatus(text) {
    var status = form.querySelector("[data-autosave-status]");
    if (status) { status.textContent = text; }
  }

  function autosave(leaving) {
    if (submitting || baseline === null) { return; }
    var values = snapshot();
    var key = JSON.stringify(values);
    if (key === baseline) { return; }
    baseline = key;
    if (leaving && navigator.sendBeacon) {
      navigator.sendBeacon(data.autosaveUrl, formData(values));
      return;
    }
    fetch(data.autosaveUrl, {
      method: "POST", body: formData(values), credentials: "same-origin", keepalive: true
    }).then(function (response) {
      if (response.ok) {
        showStatus("Draft copy autosaved at " + new Date().toLocaleTimeString() + ".");
      } else {
        showStatus("Autosave failed; save the post to keep your changes.");
      }
    }).catch(function () { showStatus("Autosave failed: no connection."); });
  }

  function heartbeat() {
    if (!data.lockUrl) { return; }
    fetch(data.lockUrl, {
      method: "POST", body: formData({}), credentials: "same-origin"
    }).then(function (response) { return response.json(); }).then(function (answer) {
      var notice = form.querySelector("[data-lock-notice]");
      if (!notice) { return; }
      if (answer.holder) {
        notice.querySelector("[data-lock-holder]").textContent = answer.holder;
        notice.hidden = false;
      }
    }).catch(function () {});
  }

  function leave() {
    autosave(true);
    if (data.lockReleaseUrl && !submitting && navigator.sendBeacon) {
      var notice = form.querySelector("[data-lock-notice]");
      if (!notice || notice.hidden) { navigator.sendBeacon(data.lockReleaseUrl, formData({})); }
    }
  }

  function publishLabel() {
    var button = form.querySelector("[data-publish-button]");
    if (!button || data.live === "true") { return; }
    var chosen = form.querySelector("[name=published_at_chosen]:checked");
    var date = field("published_at_0"), time = field("published_at_1");
    var label = "Publish";
    if (chosen && chosen.value === "1" && date && date.value) {
      var when = new Date(date.value + "T" + ((time && time.value) || "00:00:00"));
      if (!isNaN(when) && when > new Date()) { label = "Schedule"; }
    }
    button.textContent = label;
  }

  /* Without JavaScript every field shows; with it, the password only for "Password
     protected" and the date only for "At the time below", as in WordPress. */
  function showChosenFields() {
    var visibility = form.querySelector("[name=visibility]:checked");
    var chosen = form.querySelector("[name=published_at_chosen]:checked");
    var password = form.querySelector(".form-row.field-password");
    var date = form.querySelector(".form-row.field-published_at");
    if (password && visibility) { password.hidden = visibility.value !== "password"; }
    if (date && chosen) { date.hidden = chosen.value !== "1"; }
  }

  form.addEventListener("submit", function () { submitting = true; });
  form.addEventListener("change", showChosenFields);
  form.addEventListener("change", publishLabel);
  form.addEventListener("input", publishLabel);
  window.addEventListener("pagehide", leave);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { autosave(true); }
  });

  if (window.tinymce) {
    window.tinymce.on("AddEditor", function (event) { event.editor.on("init", editorReady); });
  }

  function start() {
    var editor = window.tinymce && window.tinymce.get("id_body");
    if (editor && !editor.initialized) { editor.on("init", editorReady); } else { editorReady(); }
    setInterval(function () { autosave(false); }, Number(data.autosaveSeconds || 60) * 1000);
    if (data.lockUrl) {
      setInterval(heartbeat, Number(data.heartbeatSeconds || 20) * 1000);
      // Coming back to the tab, learn at once whether someone took the post over.
      window.addEventListener("focus", heartbeat);
    }
    publishLabel();
    showChosenFields();
  }
  if (document.readyState === "complete") { start(); } else { window.addEventListener("load", start); }
}());
