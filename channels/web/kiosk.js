/*
 * Staff-room kiosk for the SENCO qualification assistant (kiosk.html). Reuses the widget's
 * conversation code (widget.js, SencoWidget.core) with no storage at all:
 *  - nothing is written to cookies, localStorage or sessionStorage; the conversation lives only in
 *    this page's memory and is dropped on "Start again" and after the idle timeout;
 *  - every session (from the home screen to "Start again" or the timeout) gets a fresh random
 *    sender id, so no one can see the previous person's answers;
 *  - the idle timeout is ?idle=SECONDS (default 120); a warning with an "I'm still here" button
 *    comes up to 20 seconds before it (WCAG 2.2.1 Timing Adjustable);
 *  - an answer offers no links to follow here, only the QR code of its short-lived summary link,
 *    to scan with a phone, gone with the rest on "Start again" or the timeout.
 */
(function (window, document) {
  "use strict";

  var DEFAULT_IDLE_SECONDS = 120;
  var core = window.SencoWidget && window.SencoWidget.core;
  var config = window.SENCO_CONFIG || {};
  if (!core) {
    throw new Error("kiosk.js needs widget.js loaded first");
  }

  function idleSeconds() {
    var raw = new URLSearchParams(window.location.search).get("idle");
    var n = raw === null ? NaN : Number(raw);
    if (!isFinite(n) || n <= 0) return DEFAULT_IDLE_SECONDS;
    return Math.min(Math.max(n, 1), 86400);
  }

  function describe(seconds) {
    if (seconds >= 60 && seconds % 60 === 0) {
      var m = seconds / 60;
      return m === 1 ? "1 minute" : m + " minutes";
    }
    return seconds === 1 ? "1 second" : seconds + " seconds";
  }

  var IDLE = idleSeconds();
  // Warn before clearing: 20 s when the timeout allows it, less for very short test timeouts.
  var WARN = Math.min(20, Math.floor(IDLE / 3));

  var home = document.getElementById("kiosk-home");
  var homeTitle = document.getElementById("kiosk-home-title");
  var chatSection = document.getElementById("kiosk-chat");
  var restart = document.getElementById("kiosk-restart");
  var idleBox = document.getElementById("kiosk-idle");
  var idleCount = document.getElementById("kiosk-idle-count");
  var stay = document.getElementById("kiosk-stay");
  document.getElementById("kiosk-idle-text").textContent = describe(IDLE);

  var chat = new core.Conversation(chatSection, {
    serverUrl: config.rasaUrl || "",
    storage: null,
    inputLabel: "Type your answer or question",
    // Nothing to follow on a shared screen: the answer can be taken away by its QR code only.
    share: "qr",
    // A reply from the assistant restarts the idle clock, unless the warning is already up.
    onChange: function () { if (idleBox.hidden) armTimers(); }
  });

  var idleTimer = null;
  var warnTimer = null;
  var countdown = null;
  var focusBeforeWarning = null;

  function atHome() {
    return !home.hidden;
  }

  function showHome() {
    chatSection.hidden = true;
    home.hidden = false;
  }

  function showChat() {
    home.hidden = true;
    chatSection.hidden = false;
  }

  function hideWarning() {
    if (countdown) window.clearInterval(countdown);
    countdown = null;
    if (idleBox.hidden) return;
    idleBox.hidden = true;
    if (focusBeforeWarning && focusBeforeWarning.isConnected) focusBeforeWarning.focus();
    focusBeforeWarning = null;
  }

  // Everything goes: the messages, the sender id, anything typed, pending replies.
  function reset() {
    hideWarning();
    focusBeforeWarning = null;
    chat.clear(true);
    Array.prototype.forEach.call(document.querySelectorAll("#kiosk input"), function (input) { input.value = ""; });
    showHome();
    homeTitle.focus();
    window.scrollTo(0, 0);
    armTimers();
  }

  function showWarning() {
    if (atHome() && !chat.entries.length) return;
    focusBeforeWarning = document.activeElement;
    var left = WARN;
    idleCount.textContent = String(left);
    idleBox.hidden = false;
    stay.focus();
    countdown = window.setInterval(function () {
      left = Math.max(0, left - 1);
      idleCount.textContent = String(left);
    }, 1000);
  }

  function armTimers() {
    window.clearTimeout(idleTimer);
    window.clearTimeout(warnTimer);
    if (WARN > 0) warnTimer = window.setTimeout(showWarning, (IDLE - WARN) * 1000);
    idleTimer = window.setTimeout(function () {
      if (chat.pending > 0 && idleBox.hidden) armTimers();  // still waiting for a reply: not idle
      else reset();
    }, IDLE * 1000);
  }

  function activity(event) {
    if (!idleBox.hidden && event && event.target && idleBox.contains(event.target) && event.target !== stay) return;
    hideWarning();
    armTimers();
  }

  ["pointerdown", "keydown", "input", "wheel", "touchstart"].forEach(function (name) {
    document.addEventListener(name, activity, {capture: true, passive: true});
  });

  Array.prototype.forEach.call(document.querySelectorAll(".kiosk-question"), function (button) {
    button.addEventListener("click", function () {
      chat.clear(true);           // a new session: fresh sender id, empty log
      showChat();
      chat.input.focus();
      chat.send(button.getAttribute("data-payload"), button.textContent.trim());
    });
  });

  restart.addEventListener("click", reset);
  stay.addEventListener("click", function () {
    hideWarning();
    armTimers();
  });
  idleBox.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      hideWarning();
      armTimers();
    }
    if (event.key === "Tab") {  // keep focus inside the warning while it is up
      event.preventDefault();
      stay.focus();
    }
  });

  // If the page is restored from the back/forward cache, start from a clean home screen.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) reset();
  });

  showHome();
  armTimers();
})(window, document);
