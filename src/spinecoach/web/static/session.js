// The guided session player. Framework-free; spinecoach's own code.
//
// Timing: the plan from the server is the one source of truth. The current step is computed from
// the clock (performance.now) at every animation frame, never by adding up timer ticks, so lateness
// cannot accumulate: a late frame shows one change late and the next lands on time. A change is
// shown in the frame nearest to its planned time (up to half a frame before it, never more), so it
// is within half a frame of the plan however the display's frames fall against the plan's seconds;
// a frame's pixels reach the screen after its time, so "early" by half a frame is not early on screen.
// Reliability: every event goes into an outbox kept in localStorage, with a client-made id, and is
// re-sent until the server has it (the API stores a repeated client id once). The position in the
// plan is saved too, so a reload or a closed tab can resume, or end the session properly.
"use strict";
(function () {
  const dataNode = document.getElementById("session-data");
  if (!dataNode) return;
  const data = JSON.parse(dataNode.textContent);
  if (data.finished) return;

  const plan = data.plan;
  const steps = plan.steps;
  const starts = steps.map((s) => s.start);
  const S = data.strings;
  const BREATHING = new Set(["inhale", "hold", "exhale", "pause"]);
  const stateKey = "spinecoach.session." + data.sessionId;
  const outboxKey = "spinecoach.outbox." + data.sessionId;
  const prefsKey = "spinecoach.cues";
  const $ = (id) => document.getElementById(id);
  const ui = {
    root: document.querySelector(".player"),
    begin: $("begin"), pause: $("pause"), resume: $("resume"), discomfort: $("discomfort"), leg: $("leg"),
    reachPanel: $("reach-panel"), reachCancel: $("reach-cancel"),
    sharp: $("sharp"), end: $("end"), notice: $("notice"), phase: $("phase-label"),
    seconds: $("seconds-left"), text: $("step-text"), pacer: $("pacer"), shape: $("pacer-shape"),
    setCounter: $("set-counter"), repCounter: $("rep-counter"), body: $("figure-body"),
    resumePanel: $("resume-panel"), resumeTitle: $("resume-title"), resumeWhere: $("resume-where"),
    resumeYes: $("resume-yes"), resumeNo: $("resume-no"), exitPanel: $("exit-panel"),
    exitMessage: $("exit-message"), after: $("after-form"), result: $("result-panel"),
    resultMessage: $("result-message"), resultNotes: $("result-notes"),
    sound: $("sound-toggle"), voice: $("voice-toggle"),
  };

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));
  }

  // --- the playhead: plan time from the clock ---------------------------------------------------
  const speed = data.speed || 1;
  // anchorPerf is set by the first frame after Begin or Resume: plan time runs from the frame that shows it.
  const clock = { running: false, anchorPerf: 0, anchorPlan: 0, anchored: false };
  function planTime(now) {
    if (!clock.running || !clock.anchored) return clock.anchorPlan;
    return clock.anchorPlan + ((now - clock.anchorPerf) / 1000) * speed;
  }
  // The display's frame period, learnt from the frames themselves (60 Hz until known); long gaps
  // (a busy or hidden page) are left out so that one slow frame does not change it.
  const frames = { period: 1000 / 60, last: null };
  function learnFrame(now) {
    if (frames.last !== null) {
      const gap = now - frames.last;
      if (gap > 4 && gap < 40) frames.period += (gap - frames.period) * 0.1;
    }
    frames.last = now;
  }
  function indexAt(t) {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {  // the last step whose start is <= t (a boundary belongs to the step it starts)
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= t) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  function progressAt(t) {
    let reps = 0, sets = 0;
    const repEnds = new Map();
    for (const s of steps) {
      if (BREATHING.has(s.kind) && s.rep !== null) repEnds.set(s.set + ":" + s.rep, s.start + s.duration);
    }
    for (const [key, end] of repEnds) {
      if (end <= t) {
        reps += 1;
        if (Number(key.split(":")[1]) === plan.reps) sets += 1;
      }
    }
    return { reps, sets };
  }

  // --- the outbox: sent until the server has it ----------------------------------------------------
  let outbox = load(outboxKey, []);
  let sending = false;
  let retryDelay = 1000;
  let retryTimer = null;  // one retry waits at a time, however many events arrive while offline
  function load(key, fallback) {
    try { const v = localStorage.getItem(key); return v ? JSON.parse(v) : fallback; } catch (e) { return fallback; }
  }
  function store(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: memory only */ }
  }
  function clientId(kind) {
    return "web-" + data.sessionId + "-" + kind + "-" + Date.now().toString(36) + "-" +
      Math.random().toString(36).slice(2, 8);
  }
  function enqueue(item) {
    if (item.kind === "progress") outbox = outbox.filter((o) => o.kind !== "progress");
    outbox.push(item);
    store(outboxKey, outbox);
    flush();
  }
  async function flush() {
    if (sending) return;
    sending = true;
    while (outbox.length) {
      const item = outbox[0];
      let answer = null;
      try {
        answer = await window.spinecoach.post(item.url, item.body);
      } catch (e) {
        answer = null;  // no connection: try again later
      }
      if (answer === null || answer.status >= 500 || answer.status === 429) {
        showOffline(true);
        sending = false;
        retryLater();
        return;
      }
      retryDelay = 1000;
      showOffline(false);
      let body = null;
      try { body = await answer.json(); } catch (e) { body = null; }
      // stored, a duplicate (200), or refused for good (4xx): never sent again. Removed by identity,
      // not from the front: a newer progress report may have replaced this one while it was sent.
      outbox = outbox.filter((o) => o !== item);
      store(outboxKey, outbox);
      if (item.kind === "finish") finished(answer.ok, body);
    }
    sending = false;
  }
  function retryLater() {
    if (retryTimer !== null) return;
    retryTimer = setTimeout(() => { retryTimer = null; flush(); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  }
  window.addEventListener("online", () => {  // back online: send now, not when the backoff says
    clearTimeout(retryTimer);
    retryTimer = null;
    retryDelay = 1000;
    flush();
  });
  function showOffline(offline) {
    if (offline) say(S.offline, "warn");
    else if (ui.notice.dataset.kind === "warn") ui.notice.hidden = true;
  }
  function say(text, kind) {
    ui.notice.textContent = text;
    ui.notice.className = "notice " + (kind || "");
    ui.notice.dataset.kind = kind || "";
    ui.notice.hidden = false;
  }

  // --- cues: Web Audio tones and spoken words, both switchable ------------------------------------
  const prefs = load(prefsKey, { sound: true, voice: false });
  ui.sound.checked = prefs.sound;
  ui.voice.checked = prefs.voice && "speechSynthesis" in window;
  ui.voice.disabled = !("speechSynthesis" in window);
  ui.sound.addEventListener("change", () => { prefs.sound = ui.sound.checked; store(prefsKey, prefs); });
  ui.voice.addEventListener("change", () => { prefs.voice = ui.voice.checked; store(prefsKey, prefs); });
  let audio = null;
  function tone(kind) {
    if (!ui.sound.checked) return;
    const AudioCtx = window.AudioContext || window.webkitAudioContext;
    if (!AudioCtx) return;
    audio = audio || new AudioCtx();
    const pitches = { inhale: [392, 587], exhale: [587, 392], hold: [494, 494], pause: [330, 330] };
    const [from, to] = pitches[kind] || [440, 440];
    const now = audio.currentTime;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = "sine";
    osc.frequency.setValueAtTime(from, now);
    osc.frequency.linearRampToValueAtTime(to, now + 0.35);
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.2, now + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.4);
    osc.connect(gain).connect(audio.destination);
    osc.start(now);
    osc.stop(now + 0.45);
  }
  function speak(text) {
    if (!ui.voice.checked || !("speechSynthesis" in window)) return;
    window.speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = data.lang === "ru" ? "ru-RU" : "en-GB";
    window.speechSynthesis.speak(utterance);
  }

  // --- drawing: the pacer and the figure -----------------------------------------------------------
  const R_SMALL = 35, R_LARGE = 85;
  function pacerRadius(step, fraction) {
    switch (step.kind) {
      case "inhale": return R_SMALL + (R_LARGE - R_SMALL) * fraction;
      case "hold": return R_LARGE;
      case "exhale": return R_LARGE - (R_LARGE - R_SMALL) * fraction;
      default: return R_SMALL;
    }
  }
  const poses = data.figure.poses;
  const SEGMENTS = [["hip", "shoulder"], ["shoulder", "elbow"], ["elbow", "wrist"], ["hip", "knee"], ["knee", "ankle"]];
  const svgNS = "http://www.w3.org/2000/svg";
  const lines = SEGMENTS.map(() => ui.body.appendChild(document.createElementNS(svgNS, "line")));
  const head = ui.body.appendChild(document.createElementNS(svgNS, "circle"));
  head.setAttribute("r", "8.5");
  function poseAfter(index) {  // the pose the body holds at the end of step `index`
    const s = steps[index];
    return poses[BREATHING.has(s.kind) ? s.kind : "setup"];
  }
  function drawFigure(index, fraction) {
    const target = poseAfter(index);
    const from = index > 0 ? poseAfter(index - 1) : poses.setup;
    const eased = 0.5 - Math.cos(Math.PI * Math.min(1, Math.max(0, fraction))) / 2;
    const at = (name) => [
      from[name][0] + (target[name][0] - from[name][0]) * eased,
      from[name][1] + (target[name][1] - from[name][1]) * eased,
    ];
    SEGMENTS.forEach(([a, b], i) => {
      const [x1, y1] = at(a), [x2, y2] = at(b);
      lines[i].setAttribute("x1", x1.toFixed(1)); lines[i].setAttribute("y1", y1.toFixed(1));
      lines[i].setAttribute("x2", x2.toFixed(1)); lines[i].setAttribute("y2", y2.toFixed(1));
    });
    const [hx, hy] = at("head");
    head.setAttribute("cx", hx.toFixed(1)); head.setAttribute("cy", hy.toFixed(1));
  }

  // --- the session ------------------------------------------------------------------------------------
  let status = "ready";  // ready, running, paused, stopped (sharp pain), ended, finishing, done
  let outcome = null;  // how the session ended, once it has
  let shown = -1;
  let reported = { reps: data.done.reps, sets: data.done.sets };
  let lastSaved = 0;
  const trace = [];  // when each step was shown, against when the plan said: read by tests and the benchmark

  function save(t) {
    store(stateKey, { t: t, status: status, outcome: outcome, savedAt: Date.now() });
  }
  function showStep(index) {
    const s = steps[index];
    ui.pacer.dataset.phase = s.kind;
    ui.phase.textContent = S[s.kind] || s.kind;
    ui.text.textContent = s.text;
    ui.setCounter.textContent = s.set ? fill(S.set, { set: s.set, sets: plan.sets }) : "";
    ui.repCounter.textContent = s.rep ? fill(S.rep, { rep: s.rep, reps: plan.reps }) : "";
  }
  function cue(index) {
    const s = steps[index];
    if (BREATHING.has(s.kind)) tone(s.kind);
    speak(ui.phase.textContent + ". " + s.text);
  }
  function frame(now) {
    if (status !== "running") return;
    const calledAt = performance.now();
    if (!clock.anchored) { clock.anchorPerf = now; clock.anchored = true; }
    learnFrame(now);
    const t = planTime(now);
    const nearest = t + (frames.period / 2000) * speed;  // plan time half a frame ahead
    if (nearest >= plan.total) {
      complete();
      return;
    }
    const index = indexAt(nearest);
    const changed = index !== shown;
    if (changed) {
      shown = index;
      showStep(index);
    }
    const s = steps[index];
    const at = Math.max(t, s.start);  // a step shown up to half a frame early starts from its beginning
    const fraction = (at - s.start) / s.duration;
    ui.shape.setAttribute("r", pacerRadius(s, fraction).toFixed(1));
    drawFigure(index, fraction);
    ui.seconds.textContent = fill(S.seconds, { n: Math.max(1, Math.ceil((s.start + s.duration - at) / speed - 1e-9)) });
    if (changed) {
      // The page is written; this frame, painted when the callback returns, shows the change.
      const expected = clock.anchorPerf + ((s.start - clock.anchorPlan) / speed) * 1000;
      trace.push({ index: index, kind: s.kind, planStart: s.start, expectedAt: expected, frameAt: now, calledAt: calledAt, shownAt: performance.now() });
      cue(index);
    }
    const done = progressAt(t);
    if (done.reps > reported.reps || done.sets > reported.sets) {
      reported = done;
      enqueue({ kind: "progress", url: data.api.progress, body: { reps_done: done.reps, sets_done: done.sets } });
    }
    if (now - lastSaved > 1000) { lastSaved = now; save(t); }
    requestAnimationFrame(frame);
  }
  function show(buttons) {
    for (const name of ["begin", "pause", "resume", "discomfort", "leg", "sharp", "end"]) {
      ui[name].hidden = !buttons.includes(name);
    }
    ui.root.dataset.state = status;
  }
  function start(fromPlanTime) {
    clock.anchorPlan = fromPlanTime;
    clock.anchored = false;  // the next frame sets anchorPerf
    clock.running = true;
    status = "running";
    shown = -1;
    show(["pause", "discomfort", "leg", "sharp", "end"]);
    ui.sharp.focus();
    requestAnimationFrame(frame);
  }
  function event(kind, extra) {
    const t = planTime(performance.now());
    const s = steps[indexAt(Math.min(t, plan.total - 1e-6))];
    const done = progressAt(t);
    enqueue({
      kind: kind,
      url: data.api.events,
      body: Object.assign({
        client_id: clientId(kind), kind: kind, plan_seconds: Math.round(t * 1000) / 1000,
        rep: s.rep, set: s.set, reps_done: done.reps, sets_done: done.sets,
      }, extra || {}),
    });
  }
  function pause() {
    if (status !== "running") return;
    clock.anchorPlan = planTime(performance.now());
    clock.running = false;
    status = "paused";
    event("pause");
    save(clock.anchorPlan);
    show(["resume", "discomfort", "leg", "sharp", "end"]);
    ui.text.textContent = S.paused;
    ui.resume.focus();
  }
  function resume() {
    if (status !== "paused") return;
    event("resume");
    start(clock.anchorPlan);
  }
  function discomfort() {
    if (status !== "running" && status !== "paused") return;
    event("discomfort");
    say(S.discomfort, "ok");
  }
  // Pain in the leg: the session pauses and asks how far the pain reaches now. The answer for each
  // place comes from the server's stop rule (data.reachNow, against the reach before the session).
  function askReach() {
    if (status !== "running" && status !== "paused") return;
    if (status === "running") pause();
    ui.reachPanel.hidden = false;
    ui.reachPanel.querySelector("input").focus();
  }
  function closeReach() {
    ui.reachPanel.hidden = true;
    ui.reachPanel.reset();
  }
  function submitReach(e) {
    e.preventDefault();
    const chosen = ui.reachPanel.querySelector('input[name="reach_now"]:checked');
    if (!chosen) { say(S.reachRequired, "danger"); return; }
    const answer = data.reachNow[chosen.value];
    closeReach();
    if (answer.stop) { stop("pain-spread", { reach: chosen.value, message: answer.message }); return; }
    event("pain-reach", { reach: chosen.value });
    say(answer.message, "ok");
    ui.resume.focus();
  }
  // Sharp pain, pain spreading down the leg, or ending early: at once, then out of the position.
  function stop(kind, spread) {
    if (!["running", "paused", "ready"].includes(status)) return;
    const t = planTime(performance.now());
    clock.anchorPlan = t;
    clock.running = false;
    outcome = { "sharp-pain": "stopped-sharp-pain", "pain-spread": "stopped-pain-spread" }[kind] || "quit";
    status = "stopped";
    if (kind === "pain-spread") event("pain-reach", { reach: spread.reach });
    else event(kind);
    closeReach();
    show([]);
    const message = kind === "pain-spread" ? spread.message : kind === "sharp-pain" ? S.sharp : S.quit;
    ui.pacer.dataset.phase = "exit";
    ui.phase.textContent = S.exit;
    ui.seconds.textContent = "";
    ui.text.textContent = message;
    ui.exitMessage.textContent = message;
    ui.exitPanel.hidden = false;
    ui.after.hidden = false;
    save(t);
    ui.exitPanel.querySelector("h2").setAttribute("tabindex", "-1");
    ui.exitPanel.querySelector("h2").focus();
  }
  function complete() {
    clock.anchorPlan = plan.total;
    clock.running = false;
    outcome = "completed";
    status = "ended";
    const done = progressAt(plan.total);
    enqueue({ kind: "progress", url: data.api.progress, body: { reps_done: done.reps, sets_done: done.sets } });
    show([]);
    ui.pacer.dataset.phase = "done";
    ui.phase.textContent = "";
    ui.seconds.textContent = "";
    ui.text.textContent = S.completed;
    ui.after.hidden = false;
    save(plan.total);
    ui.after.querySelector("input").focus();
  }
  function submitAfter(e) {
    e.preventDefault();
    const pain = ui.after.querySelector('input[name="pain_after"]:checked');
    const reach = ui.after.querySelector('input[name="reach_after"]:checked');
    if (!pain || !reach) {
      say(S.painRequired, "danger");
      return;
    }
    status = "finishing";
    save(clock.anchorPlan);
    ui.after.hidden = true;
    ui.result.hidden = false;
    ui.resultMessage.textContent = S.saving;
    enqueue({
      kind: "finish",
      url: data.api.finish,
      body: { outcome: outcome, pain_after: Number(pain.value), reach_after: reach.value },
    });
  }
  function finished(ok, body) {
    status = "done";
    try { localStorage.removeItem(stateKey); } catch (e) { /* nothing kept */ }
    ui.root.dataset.state = "done";
    ui.resultMessage.textContent = ok ? S.saved : (body && body.error) || S.saved;
    ui.resultNotes.textContent = "";
    if (ok && body) {
      if (body.next_reps) addNote(fill(S.easier, { n: body.next_reps }));
      if (body.program_paused) addNote(S.pausedProgram);
    }
  }
  function addNote(text) {
    const li = document.createElement("li");
    li.textContent = text;
    ui.resultNotes.appendChild(li);
  }

  // --- wiring -------------------------------------------------------------------------------------
  ui.begin.addEventListener("click", () => start(clock.anchorPlan));
  ui.pause.addEventListener("click", pause);
  ui.resume.addEventListener("click", resume);
  ui.discomfort.addEventListener("click", discomfort);
  ui.leg.addEventListener("click", askReach);
  ui.reachPanel.addEventListener("submit", submitReach);
  ui.reachCancel.addEventListener("click", () => { closeReach(); ui.resume.focus(); });
  ui.sharp.addEventListener("click", () => stop("sharp-pain"));
  ui.end.addEventListener("click", () => stop("quit"));
  ui.after.addEventListener("submit", submitAfter);
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const form = e.target.closest("form");
    const key = e.key.toLowerCase();
    // S stops from anywhere the session still runs, the pain-in-the-leg question included
    if (key === "s" && (!form || form === ui.reachPanel)) stop("sharp-pain");
    else if (form) return;
    else if (key === "d") discomfort();
    else if (key === "l") askReach();
    else if (key === "p") (status === "running" ? pause : resume)();
  });
  window.addEventListener("pagehide", () => { if (status === "running" || status === "paused") save(planTime(performance.now())); });

  // A reload or a new visit: resume where it stood, or finish what was left to say.
  // The server's record (the latest event, the reps reported done) counts too: the session may have
  // gone on on another device, or this one's storage was cleared.
  function offerResume(at) {
    const index = indexAt(Math.min(at, plan.total - 1e-6));
    status = "paused";
    clock.anchorPlan = steps[index].start;  // the step starts again from its beginning
    show([]);
    drawFigure(index, 0);
    ui.resumeTitle.textContent = S.resumeTitle;
    ui.resumeWhere.textContent = fill(S.resumeAt, { step: (S[steps[index].kind] || "") + " – " + steps[index].text });
    ui.resumePanel.hidden = false;
    ui.resumeYes.addEventListener("click", () => { ui.resumePanel.hidden = true; resume(); });
    ui.resumeNo.addEventListener("click", () => { ui.resumePanel.hidden = true; stop("quit"); });
    ui.resumeYes.focus();
  }
  const saved = load(stateKey, null);
  if (saved && (saved.status === "running" || saved.status === "paused")) {
    offerResume(Math.max(saved.t, data.resumeAt));
  } else if (saved && (saved.status === "stopped" || saved.status === "ended" || saved.status === "finishing")) {
    outcome = saved.outcome;
    status = saved.status === "finishing" ? "finishing" : saved.status;
    clock.anchorPlan = saved.t;
    show([]);
    if (status === "finishing") { ui.result.hidden = false; ui.resultMessage.textContent = S.saving; }
    else { ui.after.hidden = false; if (outcome !== "completed") ui.exitPanel.hidden = false; }
  } else if (data.resumeAt > 0) {
    offerResume(data.resumeAt);
  } else {
    drawFigure(0, 0);
    ui.pacer.dataset.phase = "ready";
  }
  if (outbox.length) flush();

  window.spinecoachPlayer = {
    trace: trace,
    status: () => status,
    planTime: () => planTime(performance.now()),
    // when plan time 0 was, on performance.now (before the first frame after Begin: as if it were now)
    startedAt: () => (clock.anchored ? clock.anchorPerf : performance.now()) - (clock.anchorPlan / speed) * 1000,
    outbox: () => outbox.slice(),
  };
})();
