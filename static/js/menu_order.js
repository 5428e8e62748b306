/* The menu editor: drag an item by its handle (or press the arrow keys on it) to move it;
   the order fields are renumbered to match. Without this script the order fields work as
   typed. */
(function () {
  "use strict";

  function itemRows(tbody) {
    return Array.prototype.filter.call(tbody.querySelectorAll("tr.form-row"), function (row) {
      return !row.classList.contains("empty-form");
    });
  }

  function isUsed(row) {
    if (row.classList.contains("has_original")) return true;
    return Array.prototype.some.call(row.querySelectorAll("input, select"), function (field) {
      if (field.type === "hidden" || field.type === "checkbox") return false;
      if (field.closest("td.field-order")) return false;
      return field.value !== "";
    });
  }

  function renumber(tbody) {
    var position = 0;
    itemRows(tbody).forEach(function (row) {
      var order = row.querySelector("td.field-order input");
      if (order && isUsed(row)) {
        position += 1;
        order.value = position * 10;
      }
    });
  }

  function addHandle(row, tbody) {
    var cell = row.querySelector("td.field-order");
    if (!cell || cell.querySelector(".menu-drag-handle")) return;
    var handle = document.createElement("button");
    handle.type = "button";
    handle.className = "menu-drag-handle";
    handle.textContent = "\u2630";
    handle.setAttribute("aria-label", "Move this item (drag, or use the up and down arrow keys)");
    handle.addEventListener("pointerdown", function () { row.draggable = true; });
    handle.addEventListener("keydown", function (event) {
      var sibling = null;
      if (event.key === "ArrowUp") sibling = row.previousElementSibling;
      if (event.key === "ArrowDown") sibling = row.nextElementSibling;
      if (!sibling || !sibling.classList.contains("form-row") || sibling.classList.contains("empty-form")) return;
      event.preventDefault();
      tbody.insertBefore(row, event.key === "ArrowUp" ? sibling : sibling.nextElementSibling);
      renumber(tbody);
      handle.focus();
    });
    cell.insertBefore(handle, cell.firstChild);
  }

  function setUp(group) {
    var tbody = group.querySelector("tbody");
    if (!tbody) return;
    var dragged = null;
    itemRows(tbody).forEach(function (row) { addHandle(row, tbody); });
    tbody.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("tr.form-row");
      if (!dragged) return;
      dragged.classList.add("menu-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.id);
    });
    tbody.addEventListener("dragover", function (event) {
      var over = event.target.closest("tr.form-row");
      if (!dragged || !over || over === dragged || over.classList.contains("empty-form")) return;
      event.preventDefault();
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      tbody.insertBefore(dragged, after ? over.nextElementSibling : over);
    });
    tbody.addEventListener("drop", function (event) { event.preventDefault(); });
    tbody.addEventListener("dragend", function () {
      if (!dragged) return;
      dragged.classList.remove("menu-dragging");
      dragged.draggable = false;
      dragged = null;
      renumber(tbody);
    });
    document.addEventListener("formset:added", function (event) {
      var row = event.target;
      if (row && tbody.contains(row)) addHandle(row, tbody);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".inline-group .menu-items, .inline-group.menu-items, fieldset.menu-items").forEach(function (group) {
      setUp(group.closest(".inline-group") || group);
    });
  });
})();
