// The program builder's live check: as the instructor edits the program, the draft goes to the
// safety review (POST /api/v1/patients/{id}/programs/review, never stored) and its findings are
// shown under each item; a refused item disables Save, a warned one asks for a written reason.
// Add and Remove work here without reloading the page. Without this script the page still works:
// its Add, Remove and Check buttons post the form and the server answers with the findings.
"use strict";
(function () {
  const form = document.getElementById("builder");
  const dataNode = document.getElementById("builder-data");
  if (!form || !dataNode || !window.spinecoach) return;
  const data = JSON.parse(dataNode.textContent);
  const texts = data.texts;
  const list = document.getElementById("items");
  const save = document.getElementById("save");
  const why = document.getElementById("save-why");
  const review = document.getElementById("review");
  const noItems = document.getElementById("no-items");
  const DELAY_MS = 350;
  let timer = null;
  let asked = 0; // answers to older questions are dropped: only the newest draft counts

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  function rows() {
    return Array.prototype.slice.call(list.querySelectorAll(":scope > .builder-item"));
  }

  function number(input, whole) {
    if (!input || input.value.trim() === "") return undefined;
    const value = Number(input.value.replace(",", "."));
    if (!Number.isFinite(value) || (whole && !Number.isInteger(value))) return undefined;
    return value;
  }

  // The draft as the review API reads it; a blank or unreadable value is left out (the exercise's
  // default is reviewed instead) and the server's own check names it when the program is saved.
  function draft() {
    const name = form.elements.namedItem("name").value.trim() || "draft";
    const kind = (form.querySelector('input[name="kind"]:checked') || {}).value || "individual";
    const items = rows().map(function (row) {
      const i = row.dataset.index;
      const field = function (key) { return form.elements.namedItem("items-" + i + "-" + key); };
      const item = { exercise: row.dataset.exercise, breathing: {} };
      const reps = number(field("reps"), true);
      const sets = number(field("sets"), true);
      const rest = number(field("rest"), false);
      if (reps !== undefined) item.reps = reps;
      if (sets !== undefined) item.sets = sets;
      if (rest !== undefined) item.rest = rest;
      row.querySelectorAll("input[data-phase]").forEach(function (input) {
        const seconds = number(input, false);
        if (seconds !== undefined) item.breathing[input.dataset.phase] = seconds;
      });
      const days = Array.prototype.map.call(
        row.querySelectorAll('input[type="checkbox"]:checked'), function (box) { return box.value; });
      if (days.length) item.days = days;
      const time = field("time");
      if (time && /^\d\d:\d\d$/.test(time.value)) item.time = time.value;
      const reason = field("reason");
      item.reason = reason && reason.value.trim() ? reason.value : null;
      return item;
    });
    return { name: name.slice(0, 200), kind: kind, items: items };
  }

  function findingText(finding, n) {
    const values = {
      n: n,
      name: data.names[finding.exercise] || finding.exercise,
      movement: texts.movements[finding.code] || finding.code,
      source: texts.sources[finding.code] || "",
    };
    if (finding.code === "invalid-prescription") return fill(texts.invalid, values);
    return fill(texts[finding.severity], values);
  }

  function setList(node, lines) {
    node.replaceChildren();
    lines.forEach(function (line) {
      const li = document.createElement("li");
      li.textContent = line;
      node.appendChild(li);
    });
  }

  function blockSave(reasons) {
    save.disabled = reasons.length > 0;
    why.replaceChildren();
    if (!reasons.length) return;
    const lead = document.createElement("p");
    const strong = document.createElement("strong");
    strong.textContent = texts.cannotSave;
    lead.appendChild(strong);
    const ul = document.createElement("ul");
    setList(ul, reasons);
    why.append(lead, ul);
  }

  function showReview(answer) {
    const refused = [];
    rows().forEach(function (row, position) {
      const n = position + 1;
      const mine = answer.findings.filter(function (f) { return f.item === n; });
      const box = row.querySelector(".findings");
      box.replaceChildren();
      mine.forEach(function (f) {
        const li = document.createElement("li");
        li.className = "notice " + ({ refused: "danger", warning: "warn" }[f.severity] || "");
        li.dataset.severity = f.severity;
        li.textContent = findingText(f, n);
        box.appendChild(li);
        if (f.severity === "refused") refused.push(li.textContent);
      });
      // a reason can keep a warned item, never a refused one: no reason field for that
      const warned = mine.some(function (f) { return f.severity === "warning"; }) &&
        !mine.some(function (f) { return f.severity === "refused"; });
      const reasonBox = row.querySelector(".builder-reason");
      reasonBox.hidden = !warned;
      reasonBox.querySelector("textarea").required = warned;
    });
    const balance = Object.keys(answer.balance).map(function (p) {
      return (texts.purposes[p] || p) + " " + answer.balance[p];
    });
    const lines = [refused.length ? "" : texts.allClear];
    if (balance.length) lines.push(texts.balance + ": " + balance.join(" · "));
    review.replaceChildren();
    lines.filter(Boolean).forEach(function (line) {
      const p = document.createElement("p");
      p.textContent = line;
      review.appendChild(p);
    });
    blockSave(refused);
  }

  function say(message) {
    review.replaceChildren();
    const p = document.createElement("p");
    p.textContent = message;
    review.appendChild(p);
  }

  function check() {
    const body = draft();
    noItems.hidden = body.items.length > 0;
    if (!body.items.length) {
      say(texts.noItems);
      blockSave([texts.noItems]);
      return Promise.resolve();
    }
    const mine = ++asked;
    say(texts.checking);
    return window.spinecoach.post(data.reviewUrl, body).then(function (response) {
      if (mine !== asked) return;
      if (response.status === 422) { say(texts.incomplete); return; }
      if (!response.ok) { say(texts.offline); return; }
      return response.json().then(function (answer) { if (mine === asked) showReview(answer); });
    }).catch(function () { if (mine === asked) say(texts.offline); });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, DELAY_MS);
  }

  function nextIndex() {
    return rows().reduce(function (top, row) { return Math.max(top, Number(row.dataset.index)); }, 0) + 1;
  }

  function add(exerciseId) {
    const url = data.itemUrl + "?exercise=" + encodeURIComponent(exerciseId) + "&index=" + nextIndex();
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("no row");
      return response.text();
    }).then(function (html) {
      const holder = document.createElement("template");
      holder.innerHTML = html.trim();
      const row = holder.content.querySelector(".builder-item");
      list.appendChild(row);
      row.querySelector("h3").setAttribute("tabindex", "-1");
      row.querySelector("h3").focus();
      return check();
    }).catch(function () { say(texts.offline); });
  }

  function filterLibrary() {
    const purpose = document.getElementById("filter-purpose").value;
    const position = document.getElementById("filter-position").value;
    document.querySelectorAll("#library > li").forEach(function (entry) {
      const fits = (!purpose || entry.dataset.purposes.split(" ").indexOf(purpose) >= 0) &&
        (!position || entry.dataset.position === position);
      entry.hidden = !fits;
    });
  }

  form.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.name === "add") {
      event.preventDefault();
      add(button.value);
    } else if (button.name === "remove") {
      event.preventDefault();
      button.closest(".builder-item").remove();
      document.getElementById("items-title").focus();
      check();
    } else if (button.name === "action" && button.value === "filter") {
      event.preventDefault();
      filterLibrary();
    }
  });
  form.addEventListener("input", function (event) {
    if (!event.target.closest(".library-filter")) later();
  });
  form.addEventListener("change", function (event) {
    if (event.target.closest(".library-filter")) filterLibrary();
    else later();
  });
  form.dataset.live = "on";
  if (rows().length) check();
})();
