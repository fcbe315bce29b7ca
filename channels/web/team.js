/*
 * The /team page: a SEND officer drops in (or chooses) a CSV of SENCOs; the server checks it
 * (POST /team/check, scripts/serve_web.py and channels/team.py) and sends back the rows most
 * urgent first, the counts per status and the result CSV. This file only lays that out.
 *
 * Every word about an outcome or a status arrives in the reply; nothing here words one. All text is
 * put in the page with textContent, never as HTML. Nothing is stored in the browser: the result CSV
 * is offered from memory (a Blob URL, released when the next check replaces it).
 */
(function (window, document) {
  "use strict";

  var CHECK_URL = "/team/check";
  var GUIDE_URL = "/team/columns.json";
  var SUMMARY_PREFIX = "/summary?";
  var TEXT = {
    chooseFile: "Select a CSV file",
    checking: "Checking the list\u2026",
    unreachable: "The check could not be done: the server did not answer. Try again.",
    rows: function (n) { return n === 1 ? "1 row" : n + " rows"; },
    checked: function (n, date) { return "Checked " + n + " on " + date + ", most urgent first."; },
    summary: "Summary",
    summaryFor: function (row) { return " for row " + row; },
    errorPrefix: "Error: "
  };

  var form = document.getElementById("team-form");
  var input = document.getElementById("team-file");
  var drop = document.getElementById("team-drop");
  var group = document.getElementById("team-form-group");
  var fieldError = document.getElementById("team-file-error");
  var errorSummary = document.getElementById("team-error-summary");
  var errorLink = document.getElementById("team-error-link");
  var progress = document.getElementById("team-progress");
  var results = document.getElementById("team-results");
  var resultsTitle = document.getElementById("team-results-title");
  var resultsMeta = document.getElementById("team-results-meta");
  var counts = document.getElementById("team-counts");
  var download = document.getElementById("team-download");
  var headRow = document.getElementById("team-head");
  var body = document.getElementById("team-body");
  var downloadUrl = null;
  var busy = false;

  function el(tag, props, children) {
    var node = document.createElement(tag);
    props = props || {};
    if (props.className) node.className = props.className;
    if (props.text !== undefined && props.text !== null) node.textContent = String(props.text);
    Object.keys(props.attrs || {}).forEach(function (name) { node.setAttribute(name, String(props.attrs[name])); });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) {
        node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  /* ---------- errors, the GOV.UK way: a summary at the top and a message at the field ---------- */

  function showError(message) {
    errorLink.textContent = message;
    errorSummary.hidden = false;
    clear(fieldError);
    fieldError.appendChild(el("span", {className: "team-visually-hidden", text: TEXT.errorPrefix}));
    fieldError.appendChild(document.createTextNode(message));
    fieldError.hidden = false;
    group.classList.add("team-form-group-error");
    input.setAttribute("aria-describedby", "team-file-hint team-file-error");
    progress.textContent = "";
    errorSummary.focus();
  }

  function clearError() {
    errorSummary.hidden = true;
    fieldError.hidden = true;
    group.classList.remove("team-form-group-error");
    input.setAttribute("aria-describedby", "team-file-hint");
  }

  errorLink.addEventListener("click", function (event) {
    event.preventDefault();
    input.focus();
  });

  /* ---------- the column guide ---------- */

  function loadGuide() {
    window.fetch(GUIDE_URL, {credentials: "omit"}).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (guide) {
      if (!guide) return;
      var tbody = document.getElementById("team-guide-body");
      guide.columns.forEach(function (column) {
        tbody.appendChild(el("tr", {}, [
          el("th", {text: column.column, attrs: {scope: "row"}, className: "team-code"}),
          el("td", {text: column.values}),
          el("td", {text: column.meaning})
        ]));
      });
    }).catch(function () { /* the guide is a help; the check works without it */ });
  }

  /* ---------- the results ---------- */

  function statusTag(group, label) {
    return el("strong", {className: "team-tag team-tag-" + group, text: label});
  }

  function summaryLink(row) {
    if (typeof row.summary !== "string" || row.summary.indexOf(SUMMARY_PREFIX) !== 0) return "";
    return el("a", {attrs: {href: row.summary}}, [
      TEXT.summary, el("span", {className: "team-visually-hidden", text: TEXT.summaryFor(row.row)})
    ]);
  }

  function drawHead(columns) {
    // The carried columns (name, school...) go after the status (first, so it shows on a phone
    // without scrolling sideways), in the file's order.
    Array.prototype.slice.call(headRow.querySelectorAll("[data-part=carried]")).forEach(function (th) {
      headRow.removeChild(th);
    });
    var after = headRow.querySelector("[data-part=status]").nextSibling;
    columns.forEach(function (name) {
      headRow.insertBefore(el("th", {text: name, attrs: {scope: "col", "data-part": "carried"}}), after);
    });
  }

  function drawRows(rows) {
    var fragment = document.createDocumentFragment();
    var seen = {};
    rows.forEach(function (row) {
      var tr = el("tr", {className: "team-row team-row-" + row.group, attrs: {"data-group": row.group}});
      if (!seen[row.group]) {
        seen[row.group] = true;
        tr.id = "team-first-" + row.group;
      }
      tr.appendChild(el("th", {text: row.row, attrs: {scope: "row"}}));
      tr.appendChild(el("td", {}, [statusTag(row.group, row.label)]));
      row.carried.forEach(function (cell) { tr.appendChild(el("td", {text: cell})); });
      tr.appendChild(el("td", {text: row.detail, className: "team-detail"}));
      tr.appendChild(el("td", {text: row.deadline, className: "team-nowrap"}));
      tr.appendChild(el("td", {text: row.next_step}));
      tr.appendChild(el("td", {}, [summaryLink(row)]));
      fragment.appendChild(tr);
    });
    clear(body);
    body.appendChild(fragment);
  }

  function drawCounts(list) {
    clear(counts);
    list.forEach(function (item) {
      var label = [el("span", {className: "team-count", text: item.count}), " ", item.label];
      var content = item.count > 0
        ? el("a", {attrs: {href: "#team-first-" + item.group}}, label)
        : el("span", {}, label);
      counts.appendChild(el("li", {className: "team-counts-item team-tag-" + item.group}, [content]));
    });
  }

  function offerDownload(csv, filename) {
    if (downloadUrl) window.URL.revokeObjectURL(downloadUrl);
    // A byte-order mark, so that Excel reads the file as UTF-8 (names with accents stay right).
    downloadUrl = window.URL.createObjectURL(new window.Blob(["\ufeff", csv], {type: "text/csv;charset=utf-8"}));
    download.setAttribute("href", downloadUrl);
    download.setAttribute("download", filename);
  }

  function draw(reply) {
    drawHead(reply.columns);
    drawRows(reply.rows);
    drawCounts(reply.counts);
    offerDownload(reply.csv, reply.filename);
    resultsMeta.textContent = TEXT.checked(TEXT.rows(reply.total), reply.as_of_text);
    results.hidden = false;
    var announced = reply.counts.filter(function (item) { return item.count > 0; })
      .map(function (item) { return item.count + " " + item.label; }).join(", ");
    // Said by screen readers; on screen the counts below show the same.
    progress.classList.add("team-visually-hidden");
    progress.textContent = resultsMeta.textContent + " " + announced + ".";
    resultsTitle.focus();
  }

  /* ---------- sending the file ---------- */

  function check(file) {
    if (busy) return;
    clearError();
    if (!file) {
      showError(TEXT.chooseFile);
      return;
    }
    busy = true;
    progress.classList.remove("team-visually-hidden");
    progress.textContent = TEXT.checking;
    window.fetch(CHECK_URL, {
      method: "POST", body: file, credentials: "omit", cache: "no-store",
      headers: {"Content-Type": "text/csv"}
    }).then(function (response) {
      return response.json().then(function (reply) { return {ok: response.ok, reply: reply}; });
    }).then(function (answer) {
      busy = false;
      if (!answer.ok) {
        showError(answer.reply.error || TEXT.unreachable);
        return;
      }
      draw(answer.reply);
    }).catch(function () {
      busy = false;
      showError(TEXT.unreachable);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    check(input.files && input.files[0]);
  });

  // Dropping a file is choosing it and asking for the check in one move.
  ["dragenter", "dragover"].forEach(function (name) {
    drop.addEventListener(name, function (event) {
      event.preventDefault();
      drop.classList.add("team-drop-active");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    drop.addEventListener(name, function () { drop.classList.remove("team-drop-active"); });
  });
  drop.addEventListener("drop", function (event) {
    event.preventDefault();
    var files = event.dataTransfer && event.dataTransfer.files;
    if (!files || !files.length) return;
    try {
      input.files = files;
    } catch (ignored) { /* older browsers: the check still runs on the dropped file */ }
    check(files[0]);
  });

  // A file dropped beside the drop zone would make the browser open it in place of this page.
  ["dragover", "drop"].forEach(function (name) {
    window.addEventListener(name, function (event) { event.preventDefault(); });
  });

  loadGuide();
}(window, document));
