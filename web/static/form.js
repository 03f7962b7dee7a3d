// The application form, made easier: rows added and removed, units that follow the carrier,
// a running energy total, an industry picker by name, and the sample file's review date.
// The form works without this script (spare rows, datalists, plain submission).
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  if (!form) { return; }
  var data = null;  // carriers and industries, from /reviews/form-data.json

  // ---- rows ------------------------------------------------------------------------------
  function rowsOf(table) { return Array.prototype.slice.call(table.querySelectorAll("tbody tr.data-row")); }

  function renumber(table) {
    rowsOf(table).forEach(function (row, position) {
      var cell = row.querySelector(".row-number");
      if (cell) { cell.textContent = String(position + 1); }
      var remove = row.querySelector(".remove-row");
      if (remove) { remove.title = "删除第" + (position + 1) + "行"; }
    });
  }

  function reindex(row, key, index) {
    var pattern = new RegExp("^" + key.replace(/[.[\]]/g, "\\$&") + "\\[\\d+\\]");
    row.dataset.index = String(index);
    Array.prototype.forEach.call(row.querySelectorAll("[name]"), function (field) {
      field.name = field.name.replace(pattern, key + "[" + index + "]");
      field.id = "f-" + field.name;
    });
  }

  function clear(row) {
    row.classList.remove("invalid");
    Array.prototype.forEach.call(row.querySelectorAll("input, select"), function (field) {
      if (field.type === "checkbox") { field.checked = false; } else { field.value = ""; }
      if (field.hasAttribute("data-units")) { field.setAttribute("list", "energy-units"); }
    });
    Array.prototype.forEach.call(row.querySelectorAll(".error"), function (e) { e.remove(); });
  }

  function addRow(table) {
    var key = table.dataset.list;
    var rows = rowsOf(table);
    var last = rows[rows.length - 1];
    var next = rows.reduce(function (m, r) { return Math.max(m, Number(r.dataset.index)); }, -1) + 1;
    var row = last.cloneNode(true);
    clear(row);
    reindex(row, key, next);
    table.querySelector("tbody").appendChild(row);
    wireRow(row, table);
    renumber(table);
    var first = row.querySelector("input, select");
    if (first) { first.focus(); }
    return row;
  }

  function removeRow(row, table) {
    if (rowsOf(table).length <= 1) { clear(row); } else {
      var error = row.nextElementSibling;
      if (error && error.classList.contains("row-error")) { error.remove(); }
      row.remove();
    }
    renumber(table);
    updateTotals();
  }

  function wireRow(row, table) {
    var remove = row.querySelector(".remove-row");
    if (remove) {
      remove.hidden = false;
      remove.addEventListener("click", function () { removeRow(row, table); });
    }
  }

  Array.prototype.forEach.call(form.querySelectorAll("table.rows[data-list]"), function (table) {
    rowsOf(table).forEach(function (row) { wireRow(row, table); });
  });
  Array.prototype.forEach.call(form.querySelectorAll("button.add-row"), function (button) {
    var table = form.querySelector('table.rows[data-list="' + button.dataset.list + '"]');
    if (!table) { return; }
    button.hidden = false;
    button.addEventListener("click", function () { addRow(table); });
  });

  // ---- carriers, units and the running total ----------------------------------------------
  function number(text) {
    var cleaned = String(text || "").replace(/[,，\s]/g, "");
    return /^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cleaned) ? Number(cleaned) : null;
  }

  function field(row, suffix) {
    return Array.prototype.find.call(row.querySelectorAll("[name]"), function (f) {
      return f.name.slice(-suffix.length - 1) === "." + suffix;
    });
  }

  function followCarrier(select, chosen) {
    var row = select.closest("tr");
    var unit = row && field(row, "unit");
    if (!unit) { return; }
    var carrier = data && data.carriers[select.value];
    unit.setAttribute("list", select.value ? "units-" + select.value : "energy-units");
    if (carrier && (chosen ? !(unit.value in carrier.units) : !unit.value)) {
      unit.value = carrier.canonical_unit;
    }
  }

  function tceOf(table) {
    var total = 0, counted = 0;
    rowsOf(table).forEach(function (row) {
      var carrier = data.carriers[(field(row, "carrier") || {}).value];
      var quantity = number((field(row, "quantity") || {}).value);
      var unit = (field(row, "unit") || {}).value;
      if (!carrier || quantity === null || !(unit in carrier.units)) { return; }
      total += quantity * carrier.units[unit] * carrier.kgce / 1000;
      counted += 1;
    });
    return { tce: total, rows: counted };
  }

  // A tonnage as checker.values.number_text prints it on every page: 12,345.68.
  function format(value) {
    return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function updateTotals() {
    if (!data) { return; }
    var all = 0, any = false;
    ["energy", "feedstock"].forEach(function (key) {
      var table = form.querySelector('table.rows[data-list="' + key + '"]');
      var line = form.querySelector('[data-total-for="' + key + '"]');
      if (!table || !line) { return; }
      var sum = tceOf(table);
      all += sum.tce;
      any = any || sum.rows > 0;
      line.hidden = sum.rows === 0;
      line.textContent = "本表合计：" + format(sum.tce) + " 吨标准煤（当量值，" + sum.rows + " 行）";
    });
    var overall = document.getElementById("energy-total");
    if (overall) {
      overall.hidden = !any;
      overall.textContent = "年综合能源消费量估算：" + format(all) +
        " 吨标准煤（当量值，含原料用能；按 GB/T 2589-2020 折标系数，审查结果以提交后的核算为准）";
    }
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.name && /\.carrier$/.test(target.name)) { followCarrier(target, true); }
    updateTotals();
  });
  form.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("table.rows")) { updateTotals(); }
  });

  // ---- industry picker ---------------------------------------------------------------------
  var byCode = null;  // code → entry, built once from data.industries (some 1,950 entries)
  var levels = { 2: "大类", 3: "中类", 4: "小类" };

  function industryName(code) {
    if (!data || !code) { return ""; }
    if (!byCode) {
      byCode = {};
      data.industries.forEach(function (i) { byCode[i.code] = i; });
    }
    var exact = byCode[code];
    if (exact) { return exact.name + "（" + exact.section + "）"; }
    for (var n = Math.min(code.length - 1, 3); n >= 2; n--) {  // the nearest listed parent
      var parent = byCode[code.slice(0, n)];
      if (parent) { return "属" + parent.name + "（" + levels[n] + parent.code + "）"; }
    }
    return "";
  }

  function wirePicker(input) {
    var hint = input.parentNode.querySelector("[data-industry-name]");
    var list = document.createElement("ul");
    list.className = "suggestions";
    list.hidden = true;
    list.setAttribute("role", "listbox");
    input.parentNode.insertBefore(list, hint);
    input.removeAttribute("list");  // our own list replaces the browser's
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");

    function choose(entry) {
      input.value = entry.code;
      list.hidden = true;
      if (hint) { hint.textContent = industryName(entry.code); }
    }

    input.addEventListener("input", function () {
      var text = input.value.trim();
      var code = (text.match(/^\d{2,4}/) || [""])[0];
      if (hint) { hint.textContent = industryName(code) || "输入代码或行业名称，从列表中选择"; }
      list.innerHTML = "";
      if (!data || !text) { list.hidden = true; return; }
      var matches = data.industries.filter(function (i) {
        return i.code.indexOf(text) === 0 || i.name.indexOf(text) >= 0;
      }).slice(0, 10);
      matches.forEach(function (entry) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "suggestion";
        button.textContent = entry.code + " " + entry.name;
        button.addEventListener("click", function () { choose(entry); input.focus(); });
        item.appendChild(button);
        list.appendChild(item);
      });
      list.hidden = matches.length === 0;
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { list.hidden = true; }
    });
  }

  // ---- the review date a sample file or pasted JSON suggests -------------------------------
  var asOf = document.getElementById("as_of");
  var offer = document.getElementById("as-of-offer");
  var offerDate = document.getElementById("as-of-offer-date");
  var use = document.getElementById("use-sample-as-of");

  function offerFrom(text) {
    var suggested = null;
    try {
      var parsed = JSON.parse(text);
      var meta = parsed && parsed._sample;
      if (meta && typeof meta.as_of === "string" && /^\d{4}-\d{2}-\d{2}$/.test(meta.as_of)) {
        suggested = meta.as_of;
      }
    } catch (e) { suggested = null; }
    if (!offer) { return; }
    offer.hidden = !suggested || suggested === asOf.value;
    if (suggested) { offerDate.textContent = suggested; }
  }

  if (use && asOf) {
    use.hidden = false;
    use.addEventListener("click", function () {
      asOf.value = offerDate.textContent;
      offer.hidden = true;
    });
  }
  var file = document.getElementById("file");
  if (file && window.FileReader) {
    file.addEventListener("change", function () {
      if (!file.files.length || file.files[0].size > 2 * 1024 * 1024) { return; }
      var reader = new FileReader();
      reader.onload = function () { offerFrom(String(reader.result)); };
      reader.readAsText(file.files[0], "utf-8");
    });
  }
  var pasted = document.getElementById("json_text");
  if (pasted) {
    var timer = null;
    pasted.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { offerFrom(pasted.value); }, 300);
    });
  }

  // ---- data for units, totals and the picker -----------------------------------------------
  fetch(form.dataset.formData, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (loaded) {
      if (!loaded) { return; }
      data = loaded;
      Array.prototype.forEach.call(form.querySelectorAll("input[data-industry]"), wirePicker);
      Array.prototype.forEach.call(form.querySelectorAll("select[name$='.carrier']"), function (select) {
        if (select.value) { followCarrier(select); }
      });
      updateTotals();
      form.dataset.ready = "true";
    });
})();
