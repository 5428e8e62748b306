// Embeds: the page shows a facade (title, provider, a picture kept on this site) that
// links to the original. Pressing it puts the provider's player in its place; until
// then the reader's browser has not contacted the provider at all.
(function () {
  "use strict";

  function player(figure) {
    const data = figure.dataset;
    const frame = document.createElement("iframe");
    frame.src = data.embedSrc;
    frame.title = data.embedTitle || "Embedded media";
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    // The site sends no referrer off-site; players need to know which page frames them.
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    if ("embedSandbox" in data) {
      frame.sandbox = "allow-scripts allow-popups allow-popups-to-escape-sandbox";
    }
    const width = parseInt(data.embedWidth, 10);
    const height = parseInt(data.embedHeight, 10);
    if (figure.classList.contains("embed-video") && width > 0 && height > 0) {
      frame.style.aspectRatio = width + " / " + height;
    } else if (height > 0) {
      frame.height = String(Math.min(height, 1000));
    }
    frame.className = "embed-frame";
    return frame;
  }

  document.querySelectorAll("figure.embed-player[data-embed-src]").forEach(function (figure) {
    const facade = figure.querySelector(".embed-facade");
    if (!facade) return;
    facade.setAttribute("role", "button");
    facade.setAttribute(
      "aria-label",
      "Play " + (figure.dataset.embedTitle || "embedded media") + " (loads the player)"
    );
    function play(event) {
      event.preventDefault();
      const frame = player(figure);
      facade.replaceWith(frame);
      figure.classList.add("embed-playing");
      frame.focus();
    }
    facade.addEventListener("click", function (event) {
      // A click with a modifier still opens the original, in a tab or a window.
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
        return;
      }
      play(event);
    });
    facade.addEventListener("keydown", function (event) {
      if (event.key === " ") play(event);
    });
  });
})();
