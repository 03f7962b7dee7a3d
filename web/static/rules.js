// Rule explorer: filter the listed rules as the reviewer types or picks, without a reload.
// The page works without this script: the form is a plain GET to /rules.
(function () {
  "use strict";
  var form = document.getElementById("rule-filters");
  var list = document.getElementById("rule-list");
  if (!form || !list) { return; }
  var rows = Array.prototype.slice.call(list.querySelectorAll(".rule-row"));
  var count = document.getElementById("rule-count");
  var q = form.elements.q;
  var day = form.elements.on;
  var initialDay = day ? day.value : "";
  // the server's own search text of each rule (web/rules.py _haystack), so that typing here
  // and reloading the page show the same rules
  var texts = rows.map(function (row) { return row.dataset.haystack || ""; });

  function value(name) {
    var field = form.elements[name];
    return field ? field.value : "";
  }

  function apply() {
    var words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var family = value("family"), part = value("part"), severity = value("severity"), clause = value("clause");
    var shown = 0;
    rows.forEach(function (row, index) {
      var ok = (!family || row.dataset.family === family) &&
        (!part || row.dataset.part === part) &&
        (!severity || row.dataset.severity.split(" ").indexOf(severity) >= 0) &&
        (!clause || row.dataset.clause === clause) &&
        words.every(function (word) { return texts[index].indexOf(word) >= 0; });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var none = document.getElementById("no-rules");
    if (none) { none.hidden = shown > 0; }
    if (count) {
      count.innerHTML = "";
      count.appendChild(document.createTextNode("共 " + count.dataset.total + " 条规则，显示 "));
      var b = document.createElement("b");
      b.textContent = String(shown);
      count.appendChild(b);
      count.appendChild(document.createTextNode(" 条。"));
    }
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (key) { if (!params.get(key)) { params.delete(key); } });
    history.replaceState(null, "", location.pathname + (params.toString() ? "?" + params : ""));
  }

  // the server lists every rule and hides those its filters leave out; here the same
  // filters run as the reviewer types (a new date needs new values: the form is submitted)
  form.addEventListener("input", function (event) {
    if (event.target === day) { return; }
    apply();
  });
  form.addEventListener("change", function (event) {
    if (event.target === day && day.value !== initialDay) { form.submit(); return; }
    apply();
  });
})();
