// TinyMCE's image uploads (pasted, dropped or picked) go to the media library. Named
// in the editor's options as `images_upload_handler`; the page's CSRF token goes in
// a header, and the library's error message comes back to the author.
window.libraryUploadImage = (blobInfo, progress) => {
  const url = window.tinymce.activeEditor.options.get("images_upload_url");
  const token = document.querySelector('input[name="csrfmiddlewaretoken"]');
  const data = new FormData();
  data.append("file", blobInfo.blob(), blobInfo.filename());
  return fetch(url, {
    method: "POST",
    body: data,
    credentials: "same-origin",
    headers: { "X-CSRFToken": token ? token.value : "" },
  }).then(
    (response) =>
      response
        .json()
        .catch(() => ({ error: { message: `The upload failed (HTTP ${response.status}).` } }))
        .then((answer) => {
          if (!response.ok || !answer.location) {
            const message = answer.error ? answer.error.message : "The upload failed.";
            return Promise.reject({ message, remove: true });
          }
          progress(100);
          return answer.location;
        }),
    () => Promise.reject({ message: "The upload could not reach the site.", remove: true }),
  );
};
