// Accredit portal: small, optional touches. Every page works without this file; with it, evidence uploads show a
// progress bar per file, take files dragged onto the form, and let each file have its own criterion.
(function () {
  "use strict";

  // After a form is refused, move focus to the error summary so screen readers announce it.
  var summary = document.querySelector("[data-focus]");
  if (summary) { summary.focus(); }

  var form = document.querySelector("form[data-upload]");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }

  var input = form.querySelector("input[type=file]");
  var criterion = form.querySelector("select[name=criterion]");
  var list = form.querySelector("[data-list]");
  var drop = form.querySelector("[data-drop]");
  var csrf = form.querySelector("input[name=csrf]").value;
  var request = form.querySelector("input[name=request]").value;
  var caseID = form.getAttribute("data-case");
  var queued = [];
  var count = 0;

  function text(element, value) { element.textContent = value; return element; }
  function make(tag, className) { var e = document.createElement(tag); if (className) { e.className = className; } return e; }

  function add(files) {
    for (var i = 0; i < files.length; i++) {
      count += 1;
      var file = files[i];
      var item = make("li", "upload-item");
      var id = "upload-criterion-" + count;
      var label = text(make("label"), "Criterion and evidence for " + file.name);
      label.setAttribute("for", id);
      var select = criterion.cloneNode(true);
      select.id = id;
      select.removeAttribute("name");
      select.value = criterion.value;
      var progress = make("progress");
      progress.max = file.size || 1;
      progress.value = 0;
      progress.setAttribute("aria-label", "Upload of " + file.name);
      var state = text(make("span", "upload-state"), "Waiting");
      item.appendChild(label);
      item.appendChild(select);
      item.appendChild(progress);
      item.appendChild(state);
      list.appendChild(item);
      queued.push({ file: file, select: select, progress: progress, state: state, key: request + "-" + count });
    }
    input.value = "";
  }

  function send(entry) {
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      // A choice is a criterion ("SL-2.2") or one of its expected evidence items ("SL-1.1/2").
      var chosen = entry.select.value.split("/");
      var url = "/api/v1/cases/" + encodeURIComponent(caseID) + "/evidence?criterion=" +
        encodeURIComponent(chosen[0]) + (chosen.length > 1 ? "&item=" + encodeURIComponent(chosen[1]) : "") +
        "&name=" + encodeURIComponent(entry.file.name);
      xhr.open("POST", url);
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      xhr.setRequestHeader("Idempotency-Key", entry.key);
      xhr.setRequestHeader("Content-Type", entry.file.type || "application/octet-stream");
      text(entry.state, "Uploading");
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) { entry.progress.max = event.total; entry.progress.value = event.loaded; }
      };
      xhr.onload = function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
        if (xhr.status === 200 || xhr.status === 201) {
          entry.progress.value = entry.progress.max;
          text(entry.state, "Stored: SHA-256 " + body.sha256);
          entry.done = true;
        } else {
          text(entry.state, "Not stored: " + (body.detail || ("the server answered " + xhr.status)));
        }
        resolve();
      };
      xhr.onerror = function () { text(entry.state, "Not stored: the connection failed; try again"); resolve(); };
      xhr.send(entry.file);
    });
  }

  input.addEventListener("change", function () { add(input.files); });
  if (drop) {
    drop.addEventListener("dragover", function (event) { event.preventDefault(); drop.classList.add("drop-active"); });
    drop.addEventListener("dragleave", function () { drop.classList.remove("drop-active"); });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      drop.classList.remove("drop-active");
      add(event.dataTransfer.files);
    });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var pending = queued.filter(function (entry) { return !entry.done; });
    if (pending.length === 0) { return; }
    var chain = Promise.resolve();
    pending.forEach(function (entry) { chain = chain.then(function () { return send(entry); }); });
    chain.then(function () {
      if (queued.every(function (entry) { return entry.done; })) {
        var done = make("p", "upload-done");
        var link = text(make("a"), "Show the case with the new evidence");
        link.href = "/cases/" + encodeURIComponent(caseID) + "?notice=uploaded";
        done.appendChild(link);
        list.parentNode.insertBefore(done, list.nextSibling);
        link.focus();
      }
    });
  });
})();
