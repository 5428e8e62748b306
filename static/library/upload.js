// Drop files on the upload screen's box to upload them: they fill the form's file
// input and the form is sent as if chosen with it (the screen works without this).
document.querySelectorAll("[data-library-dropzone]").forEach((form) => {
  const zone = form.querySelector(".library-dropzone");
  const input = form.querySelector('input[type="file"]');
  const over = (event) => {
    event.preventDefault();
    zone.classList.add("is-dragging");
  };
  const leave = () => zone.classList.remove("is-dragging");
  zone.addEventListener("dragenter", over);
  zone.addEventListener("dragover", over);
  zone.addEventListener("dragleave", leave);
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    leave();
    if (!event.dataTransfer.files.length) return;
    input.files = event.dataTransfer.files;
    form.requestSubmit();
  });
});
