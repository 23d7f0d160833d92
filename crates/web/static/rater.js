// The questionnaire with JavaScript: answers counted as they are given, a draft saved by
// itself shortly after each change (through the rater API; after a network error the answers
// stay in the page and the save is tried again, ever less often), and a question before
// submitting that says how many items are still unanswered. When the server is out of storage
// space (503 with Retry-After) the message says so and the save is tried again after the
// time the server asks for. Until a save succeeds, a copy of the answers is kept in the
// browser's localStorage, with the state of the page it was made on: opened again with that
// same state, the page gets the copy back and saves it; opened on another state (saved since,
// here or elsewhere), the copy is out of date and dropped. Every word shown comes from the
// form's data- attributes, written by the server in the rater's language. Without this
// script the page works the same through its buttons and a confirmation page.
(function () {
  "use strict";
  var form = document.getElementById("questionnaire");
  if (!form || !window.fetch || !window.JSON || !form.querySelectorAll) {
    return;
  }
  var data = form.dataset;
  var shown = document.getElementById("answered");
  var status = document.getElementById("autosave");
  var dialog = document.getElementById("confirm");
  var items = form.querySelectorAll("fieldset.item").length;
  var timer = null;
  var saving = false;
  var dirty = false;
  var stopped = false;
  var delay = 2000;
  var submitting = false;
  var store = null;
  try {
    store = window.localStorage || null;
  } catch (e) {
    store = null;
  }
  var copyKey = "yardstick.unsaved:" + data.api;

  function answered(scope) {
    return scope.querySelectorAll("input[type=radio]:checked").length;
  }

  function count() {
    if (shown) {
      shown.textContent = answered(form);
    }
    var sections = form.querySelectorAll("section.dimension");
    for (var i = 0; i < sections.length; i++) {
      var badge = document.querySelector("[data-count='" + sections[i].id + "']");
      if (badge) {
        badge.textContent = answered(sections[i]) + "/" + sections[i].querySelectorAll("fieldset.item").length;
      }
    }
  }

  function say(text, kind) {
    if (status) {
      status.textContent = text;
      status.className = "autosave " + kind;
    }
  }

  function clock() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return pad(now.getHours()) + ":" + pad(now.getMinutes());
  }

  function answers() {
    var out = {};
    var checked = form.querySelectorAll("input[type=radio]:checked");
    for (var i = 0; i < checked.length; i++) {
      var code = checked[i].name.slice(5);
      var value = checked[i].value;
      out[code] = value === "na" ? "na" : parseInt(value, 10);
    }
    return out;
  }

  function snapshot() {
    return JSON.stringify({ answers: answers(), comment: form.elements.comment ? form.elements.comment.value : "" });
  }

  // The state the server holds, as far as this page knows: what it showed, then each save.
  var base = snapshot();

  function keep() {
    if (!store) {
      return;
    }
    try {
      store.setItem(copyKey, JSON.stringify({ base: base, now: snapshot() }));
    } catch (e) {
      // Storage full or refused: the answers are still in the page.
    }
  }

  function forget() {
    if (store) {
      try {
        store.removeItem(copyKey);
      } catch (e) {
        // Nothing to do.
      }
    }
  }

  function restore() {
    if (!store) {
      return false;
    }
    var copy = null;
    try {
      copy = JSON.parse(store.getItem(copyKey) || "null");
    } catch (e) {
      copy = null;
    }
    if (data.unsaved) {
      // The page came back with answers the server could not store: they are the copy to
      // keep, made on the state the earlier copy was made on, if it is the same answers.
      if (copy && copy.now === base) {
        base = copy.base;
      }
      return false;
    }
    if (!copy || copy.base !== base || copy.now === base) {
      forget();
      return false;
    }
    var kept;
    try {
      kept = JSON.parse(copy.now);
    } catch (e) {
      forget();
      return false;
    }
    var radios = form.querySelectorAll("input[type=radio]");
    for (var i = 0; i < radios.length; i++) {
      var code = radios[i].name.slice(5);
      var value = kept.answers ? kept.answers[code] : undefined;
      radios[i].checked = value !== undefined && String(value) === radios[i].value;
    }
    if (form.elements.comment && typeof kept.comment === "string") {
      form.elements.comment.value = kept.comment;
    }
    return true;
  }

  function later(ms) {
    clearTimeout(timer);
    timer = setTimeout(save, ms);
  }

  function retry() {
    dirty = true;
    say(data.retry, "bad");
    later(delay);
    delay = Math.min(delay * 2, 30000);
  }

  function save() {
    if (stopped || submitting) {
      return;
    }
    if (saving) {
      later(500);
      return;
    }
    dirty = false;
    saving = true;
    say(data.saving, "busy");
    var sent = snapshot();
    var body = JSON.stringify({ answers: answers(), comment: form.elements.comment.value, submit: false });
    fetch(data.api, {
      method: "PUT",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: body,
      credentials: "same-origin"
    }).then(function (response) {
      saving = false;
      if (response.ok) {
        delay = 2000;
        base = sent;
        say(data.saved + " " + clock(), "ok");
        if (dirty) {
          keep();
          later(1000);
        } else {
          forget();
        }
        return;
      }
      if (response.status === 503 && response.headers.get("Retry-After")) {
        // Out of storage space (or short of another resource): nothing was saved; try
        // again when the server says, the answers staying here and in the copy.
        var wait = parseInt(response.headers.get("Retry-After"), 10);
        dirty = true;
        say(data.full, "bad");
        later(Math.min(Math.max(isNaN(wait) ? 120 : wait, 5), 600) * 1000);
        return;
      }
      if (response.status >= 500 || response.status === 429 || response.status === 408) {
        retry();
        return;
      }
      // A conflict (the cycle closed, the response was submitted) or a problem with an
      // answer: saying so is all a retry could do. The buttons still post the form.
      stopped = true;
      return response.json().then(function (body) {
        var first = body && body.errors && body.errors[0];
        say(data.failed + (first ? " " + first.message : ""), "bad");
      }, function () {
        say(data.failed, "bad");
      });
    }, function () {
      saving = false;
      retry();
    });
  }

  form.addEventListener("change", function () {
    count();
    dirty = true;
    keep();
    later(800);
  });
  if (form.elements.comment) {
    form.elements.comment.addEventListener("input", function () {
      dirty = true;
      keep();
      later(1500);
    });
  }
  if (restore()) {
    count();
    dirty = true;
    say(data.kept, "busy");
    later(1500);
  } else if (data.unsaved) {
    dirty = true;
    keep();
    later(Math.min(Math.max(parseInt(data.unsaved, 10) || 120, 5), 600) * 1000);
  }
  window.addEventListener("online", function () {
    if (dirty && !stopped) {
      later(0);
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if ((dirty || saving) && !submitting) {
      event.preventDefault();
      event.returnValue = data.leave;
      return data.leave;
    }
  });

  function hidden(name, value) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }

  function submitNow() {
    keep();
    submitting = true;
    clearTimeout(timer);
    hidden("action", "submit");
    hidden("confirmed", "1");
    HTMLFormElement.prototype.submit.call(form);
  }

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || button.value !== "submit") {
      // Saving a draft through the form: the page goes away with it.
      keep();
      submitting = true;
      clearTimeout(timer);
      return;
    }
    event.preventDefault();
    var missing = items - answered(form);
    var text = missing === 0 ? data.confirmAll
      : missing === 1 ? data.confirmOne
      : data.confirmMany.replace("{n}", String(missing));
    if (!dialog || typeof dialog.showModal !== "function") {
      if (window.confirm(text)) {
        submitNow();
      }
      return;
    }
    document.getElementById("confirm-text").textContent = text;
    dialog.returnValue = "";
    dialog.showModal();
  });
  if (dialog) {
    dialog.addEventListener("close", function () {
      if (dialog.returnValue === "submit") {
        submitNow();
      }
    });
  }
})();
