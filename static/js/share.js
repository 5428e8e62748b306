// Share buttons that need a script: copy the post's link, and the system's share sheet
// where the browser has one (Web Share API). Each button stays hidden without it; the
// plain links beside them work without any script.
(function () {
  "use strict";

  function say(section, text) {
    const status = section.querySelector(".share-status");
    if (status) status.textContent = text;
  }

  document.querySelectorAll(".share").forEach(function (section) {
    const copy = section.querySelector("[data-copy-link]");
    if (copy && navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(copy.dataset.copyLink).then(
          function () { say(section, "Link copied."); copy.textContent = "Link copied"; },
          function () { say(section, "The link could not be copied."); }
        );
      });
    }
    const share = section.querySelector("[data-web-share]");
    if (share && navigator.share) {
      share.hidden = false;
      share.addEventListener("click", function () {
        navigator.share({ title: share.dataset.title, url: share.dataset.webShare }).catch(function () {});
      });
    }
  });
})();
