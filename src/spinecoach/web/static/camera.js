// The camera posture check on the guided session page. Framework-free; spinecoach's own code.
//
// Off by default. Switched on (after a one-time consent, kept in localStorage), it shows the camera,
// sends small JPEG frames over a WebSocket to this server (one at a time: the next leaves when the
// answer to the last has come), draws the skeleton it gets back over the picture, marks the joints of
// a failing check, shows the correction and, with spoken cues on, says it (at most once every 5 s,
// never over a breathing cue). It reads the session page without changing it: the plan's phase from
// the pacer's data-phase, the session's state from the player's data-state; when the session stops,
// the camera stops and the socket closes. See docs/posture.md.
"use strict";
(function () {
  const root = document.getElementById("camera");
  if (!root) return;
  const S = JSON.parse(document.getElementById("camera-strings").textContent);
  const $ = (id) => document.getElementById(id);
  const toggle = $("camera-toggle"), view = $("camera-view"), video = $("camera-video");
  const canvas = $("camera-skeleton"), status = $("camera-status"), notice = $("camera-notice");
  const dialog = $("camera-consent");
  const player = document.querySelector(".player");
  const pacer = $("pacer");
  const voice = $("voice-toggle");

  const CONSENT_KEY = "spinecoach.cameraConsent";
  const SEND_WIDTH = 480, SEND_HEIGHT = 360;  // the server needs no more to find 33 landmarks
  const FRAME_INTERVAL = 1000 / 12;  // at most 12 frames a second leave the page
  const ANSWER_TIMEOUT = 3000;  // an answer this late is given up on, and the next frame sent
  const SPEAK_GAP = 5000;  // at most one spoken correction every 5 s
  const REPEAT_AFTER = 12000;  // the same correction is said again only after this long
  const MIN_VISIBILITY = 0.5;  // as the server's rules: a joint seen less surely is not drawn
  const PHASES = new Set(["setup", "inhale", "hold", "exhale", "pause", "rest", "exit"]);
  const ENDED = new Set(["stopped", "ended", "finishing", "done"]);
  // Body lines of MediaPipe's 33-point layout: shoulders, arms, trunk, legs, feet, and ear to shoulder.
  const BONES = [[11, 12], [11, 13], [13, 15], [12, 14], [14, 16], [11, 23], [12, 24], [23, 24],
    [23, 25], [25, 27], [24, 26], [26, 28], [27, 29], [29, 31], [27, 31], [28, 30], [30, 32], [28, 32],
    [7, 11], [8, 12]];

  let stream = null, socket = null, timer = null, stopping = false;
  let inFlight = false, sentAt = 0, sentPhase = null;
  let lastSpoken = -Infinity, lastSpokenText = null, drawn = 0;
  const grab = document.createElement("canvas");

  function setState(state) { root.dataset.state = state; }
  function tell(text) { if (status.textContent !== text) status.textContent = text; }
  function warn(text) { notice.textContent = text; notice.hidden = !text; }
  function consented() {
    try { return localStorage.getItem(CONSENT_KEY) === "yes"; } catch (e) { return false; }
  }

  // --- switching on and off -------------------------------------------------------------------
  toggle.addEventListener("change", () => {
    if (!toggle.checked) { stop(S.off); return; }
    if (consented()) start();
    else if (typeof dialog.showModal === "function") dialog.showModal();
    else if (window.confirm(dialog.innerText)) { remember(); start(); }
    else toggle.checked = false;
  });
  function remember() { try { localStorage.setItem(CONSENT_KEY, "yes"); } catch (e) { /* asked again next time */ } }
  $("camera-consent-yes").addEventListener("click", () => { remember(); dialog.close(); start(); });
  $("camera-consent-no").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => { if (!consented()) toggle.checked = false; toggle.focus(); });

  async function start() {
    warn("");
    stopping = false;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { refuse(S.denied, "denied"); return; }
    setState("starting");
    tell(S.starting);
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: "user" }, audio: false,
      });
    } catch (e) {
      refuse(S.denied, "denied");
      return;
    }
    if (!toggle.checked || stopping) { release(); return; }  // switched off while the browser asked
    video.srcObject = stream;
    try { await video.play(); } catch (e) { /* muted inline video plays; if not, frames still come */ }
    view.hidden = false;
    tell(S.connecting);
    connect();
  }
  function connect() {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.socket);
    socket.binaryType = "arraybuffer";
    socket.addEventListener("open", () => {
      sentPhase = null;
      sendPhase();
      setState("on");
      tell(S.watching);
      schedule();
    });
    socket.addEventListener("message", (e) => answered(JSON.parse(e.data)));
    socket.addEventListener("close", (e) => closed(e));
  }
  function stop(text) {  // switched off, or the session ended: camera off, socket closed, nothing kept
    stopping = true;
    clearTimeout(timer);
    if (socket && socket.readyState <= 1) socket.close(1000, "camera switched off");
    socket = null;
    inFlight = false;
    release();
    toggle.checked = false;
    setState("off");
    delete root.dataset.posture;
    tell(text || "");
  }
  function release() {
    if (stream) stream.getTracks().forEach((t) => t.stop());
    stream = null;
    video.srcObject = null;
    view.hidden = true;
    canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
  }
  function refuse(text, state) {
    stop("");
    setState(state);
    warn(text);
  }
  function closed(e) {
    if (stopping) return;
    socket = null;
    if (e.code === 4503) refuse(S.unavailable, "unavailable");
    else if (e.code === 1013) refuse(S.busy, "unavailable");
    else if (e.code === 1000 && ENDED.has(player.dataset.state)) stop("");
    else refuse(S.lost, "closed");
  }

  // --- the session page: its phase, and its end ---------------------------------------------------
  function phase() {
    if (player && player.dataset.state === "paused") return "rest";  // a paused session is not watched time
    const p = pacer ? pacer.dataset.phase : "setup";
    if (p === "done") return "exit";
    return PHASES.has(p) ? p : "setup";
  }
  function sendPhase() {
    const now = phase();
    if (!socket || socket.readyState !== 1 || now === sentPhase) return;
    socket.send(JSON.stringify({ phase: now, exercise: root.dataset.exercise }));
    sentPhase = now;
  }
  if (pacer) new MutationObserver(sendPhase).observe(pacer, { attributes: true, attributeFilter: ["data-phase"] });
  if (player) {
    new MutationObserver(() => {
      sendPhase();
      if (ENDED.has(player.dataset.state)) {
        if (socket || stream) stop("");
        toggle.disabled = true;  // the session is over: nothing more to watch
      }
    }).observe(player, { attributes: true, attributeFilter: ["data-state"] });
    if (ENDED.has(player.dataset.state)) toggle.disabled = true;  // reopened after the session ended
  }
  window.addEventListener("pagehide", () => { if (socket || stream) stop(""); });

  // --- frames out ----------------------------------------------------------------------------------
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(capture, Math.max(0, sentAt + FRAME_INTERVAL - performance.now()));
  }
  function capture() {
    if (!socket || socket.readyState !== 1) return;
    if (inFlight && performance.now() - sentAt < ANSWER_TIMEOUT) { timer = setTimeout(capture, 100); return; }
    if (!video.videoWidth) { timer = setTimeout(capture, 100); return; }
    const scale = Math.min(1, SEND_WIDTH / video.videoWidth, SEND_HEIGHT / video.videoHeight);
    grab.width = Math.round(video.videoWidth * scale);
    grab.height = Math.round(video.videoHeight * scale);
    grab.getContext("2d").drawImage(video, 0, 0, grab.width, grab.height);
    inFlight = true;
    sentAt = performance.now();
    grab.toBlob((blob) => {
      if (!blob || !socket || socket.readyState !== 1) { inFlight = false; return; }
      blob.arrayBuffer().then((bytes) => { if (socket && socket.readyState === 1) socket.send(bytes); });
    }, "image/jpeg", 0.7);
    timer = setTimeout(capture, ANSWER_TIMEOUT);
  }

  // --- answers in -------------------------------------------------------------------------------------
  function answered(answer) {
    inFlight = false;
    if (answer.type === "result") {
      draw(answer.landmarks, new Set(answer.failing_landmarks));
      root.dataset.posture = answer.posture;
      const text = answer.posture === "correct" ? S.correct : answer.correction || "";
      tell(text);
      if (answer.posture !== "correct" && answer.correction) say(answer.correction);
    }
    if (socket) schedule();
  }
  function say(text) {
    if (!voice || !voice.checked || !("speechSynthesis" in window)) return;
    const now = performance.now();
    if (now - lastSpoken < SPEAK_GAP) return;
    if (text === lastSpokenText && now - lastSpoken < REPEAT_AFTER) return;
    if (window.speechSynthesis.speaking || window.speechSynthesis.pending) return;  // a breathing cue
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = document.documentElement.lang === "ru" ? "ru-RU" : "en-GB";
    window.speechSynthesis.speak(utterance);
    lastSpoken = now;
    lastSpokenText = text;
  }
  function draw(points, failing) {
    const width = video.videoWidth || SEND_WIDTH, height = video.videoHeight || SEND_HEIGHT;
    if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
    const ctx = canvas.getContext("2d");
    ctx.clearRect(0, 0, width, height);
    if (!points) return;
    const seen = (i) => points[i] && points[i][2] >= MIN_VISIBILITY;
    const at = (i) => [points[i][0] * width, points[i][1] * height];
    const unit = Math.max(2, width / 160);
    ctx.lineCap = "round";
    for (const [a, b] of BONES) {
      if (!seen(a) || !seen(b)) continue;
      const bad = failing.has(a) && failing.has(b);
      ctx.strokeStyle = bad ? "#e8412c" : "#39d98a";
      ctx.lineWidth = bad ? unit * 2 : unit;
      ctx.setLineDash(bad ? [unit * 3, unit * 2] : []);  // dashed as well as red: not by colour alone
      ctx.beginPath();
      ctx.moveTo(...at(a));
      ctx.lineTo(...at(b));
      ctx.stroke();
    }
    ctx.setLineDash([]);
    for (let i = 11; i < points.length; i++) {
      if (!seen(i)) continue;
      const bad = failing.has(i);
      ctx.fillStyle = bad ? "#e8412c" : "#ffffff";
      ctx.beginPath();
      ctx.arc(...at(i), bad ? unit * 2.2 : unit * 1.3, 0, 2 * Math.PI);
      ctx.fill();
    }
    drawn += 1;
    canvas.dataset.drawn = String(drawn);
  }
})();
