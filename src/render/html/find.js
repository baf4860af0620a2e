(function () {
  var box = document.getElementById("find");
  var found = document.getElementById("found");
  if (!box) { return; }
  box.parentNode.hidden = false;
  var entries = Array.prototype.map.call(document.querySelectorAll(".entry"), function (entry) {
    var keys = Array.prototype.map.call(entry.querySelectorAll(".key"), function (key) {
      return key.textContent;
    });
    return { node: entry, text: keys.join(" ").toLowerCase() };
  });
  box.addEventListener("input", function () {
    var q = box.value.trim().toLowerCase();
    var shown = 0;
    entries.forEach(function (entry) {
      // A ref or a name that starts with what was typed: "1a" is 1A, not 11A.
      entry.node.hidden = q !== "" && (" " + entry.text).indexOf(" " + q) < 0;
      if (!entry.node.hidden) { shown += 1; }
    });
    found.textContent = q === "" ? "" : shown + " of " + entries.length + " shown";
  });
})();
