// The check form gets a client-made id once per page, so that a resent form starts one session only.
"use strict";
(function () {
  const field = document.querySelector("[data-client-id]");
  if (field && !field.value) {
    field.value = "web-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10);
  }
})();
