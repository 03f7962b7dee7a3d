// Batch page: poll the progress and append the result rows as they arrive. Without
// JavaScript the page shows the same state on every reload.
(function () {
  "use strict";
  var section = document.getElementById("batch-progress");
  if (!section || section.dataset.state !== "running") { return; }
  var url = section.dataset.url;
  var body = document.querySelector("#batch-rows tbody");
  var states = { running: "审查中", done: "已完成", cancelled: "已取消" };
  // the first page, unfiltered, fills up to a page of rows; other pages are read on reload
  var pageSize = Number(section.dataset.pageSize) || 50;
  var appending = !section.hasAttribute("data-filtered");
  var grouped = new Intl.NumberFormat("zh-CN");

  function last() {
    var rows = body.querySelectorAll("tr[data-position]");
    return rows.length ? Number(rows[rows.length - 1].dataset.position) : -1;
  }

  function cell(tr, text) {
    var td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : String(text);
    tr.appendChild(td);
    return td;
  }

  function addRow(r) {
    var tr = document.createElement("tr");
    tr.dataset.position = r.position;
    cell(tr, grouped.format(r.position + 1));
    cell(tr, r.file);
    var project = cell(tr, "");
    if (r.review_url) {
      var a = document.createElement("a");
      a.href = r.review_url;
      a.textContent = r.project;
      project.appendChild(a);
    } else { project.textContent = r.project || ""; }
    cell(tr, r.outcome_label);
    cell(tr, r.energy);
    cell(tr, r.pollutant);
    cell(tr, r.tce === null || r.tce === undefined ? "" : grouped.format(r.tce)).className = "num";
    var last = cell(tr, "");
    last.className = "findings";
    if (r.outcome === "error") {
      var span = document.createElement("span");
      span.className = "error";
      span.textContent = (r.field_title || r.field) + "：" + r.message;
      last.appendChild(span);
    } else { last.textContent = r.findings || ""; }
    body.appendChild(tr);
  }

  function show(data) {
    data.rows.sort(function (a, b) { return a.position - b.position; });
    var seen = last();
    data.rows.forEach(function (r) {
      if (appending && r.position > seen && body.rows.length < pageSize) { addRow(r); }
    });
    document.getElementById("batch-state").textContent = states[data.state];
    document.getElementById("batch-finished").textContent = grouped.format(data.finished);
    ["done", "error", "cancelled"].forEach(function (k) {
      document.getElementById("count-" + k).textContent = grouped.format(data.counts[k] || 0);
    });
    var bar = document.getElementById("batch-bar");
    bar.value = data.finished;
    bar.textContent = data.finished + "/" + data.total;
    if (data.state !== "running") {
      var form = document.getElementById("cancel-form");
      if (form) { form.hidden = true; }
      return false;
    }
    return true;
  }

  function poll() {
    fetch(url + "?after=" + last(), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { if (show(data)) { setTimeout(poll, 1000); } })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
}());
