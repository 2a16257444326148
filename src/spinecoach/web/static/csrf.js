// The CSRF token of this page for fetch calls: spinecoach.post(url, body) sends JSON with the
// X-CSRF-Token header the server checks on every unsafe request made with the login cookie.
"use strict";
(function () {
  function token() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token() },
      body: JSON.stringify(body),
    });
  }
  window.spinecoach = Object.assign(window.spinecoach || {}, { csrfToken: token, post: post });
})();
