/* The menu editor: drag an item by its handle (or press the up and down arrow keys on the
   handle) to move it; the order fields are renumbered to match. Without this script the
   order fields work as typed. */
(function () {
  "use strict";

  function items(container) {
    return Array.prototype.filter.call(container.children, function (node) {
      return node.classList.contains("inline-related") && !node.classList.contains("empty-form");
    });
  }

  function orderField(item) {
    return item.querySelector("input[name$='-order']");
  }

  function isUsed(item) {
    if (item.classList.contains("has_original")) return true;
    return Array.prototype.some.call(item.querySelectorAll("input, select"), function (field) {
      if (field.type === "hidden" || field.type === "checkbox") return false;
      return field !== orderField(item) && field.value !== "";
    });
  }

  function renumber(container) {
    var position = 0;
    items(container).forEach(function (item) {
      var order = orderField(item);
      if (order && isUsed(item)) {
        position += 1;
        order.value = position * 10;
      }
    });
  }

  function neighbour(item, step) {
    var sibling = step < 0 ? item.previousElementSibling : item.nextElementSibling;
    var usable = sibling && sibling.classList.contains("inline-related") &&
      !sibling.classList.contains("empty-form");
    return usable ? sibling : null;
  }

  function addHandle(item, container) {
    var heading = item.querySelector("h3");
    if (!heading || heading.querySelector(".menu-drag-handle")) return;
    var handle = document.createElement("button");
    handle.type = "button";
    handle.className = "menu-drag-handle";
    handle.textContent = "\u2630";
    handle.setAttribute("aria-label", "Move this item (drag, or use the up and down arrow keys)");
    handle.draggable = true;
    handle.addEventListener("keydown", function (event) {
      var step = event.key === "ArrowUp" ? -1 : event.key === "ArrowDown" ? 1 : 0;
      var other = step && neighbour(item, step);
      if (!other) return;
      event.preventDefault();
      container.insertBefore(item, step < 0 ? other : other.nextElementSibling);
      renumber(container);
      handle.focus();
    });
    heading.insertBefore(handle, heading.firstChild);
  }

  function setUp(group) {
    var first = group.querySelector(".inline-related");
    if (!first) return;
    var container = first.parentNode;
    var dragged = null;
    items(container).forEach(function (item) { addHandle(item, container); });
    container.addEventListener("dragstart", function (event) {
      if (!event.target.closest(".menu-drag-handle")) return;
      dragged = event.target.closest(".inline-related");
      dragged.classList.add("menu-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.id);
      event.dataTransfer.setDragImage(dragged, 16, 16);
    });
    container.addEventListener("dragover", function (event) {
      var over = event.target.closest(".inline-related");
      if (!dragged || !over || over === dragged || over.classList.contains("empty-form")) return;
      event.preventDefault();
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      container.insertBefore(dragged, after ? over.nextElementSibling : over);
    });
    container.addEventListener("drop", function (event) { event.preventDefault(); });
    container.addEventListener("dragend", function () {
      if (!dragged) return;
      dragged.classList.remove("menu-dragging");
      dragged = null;
      renumber(container);
    });
    document.addEventListener("formset:added", function (event) {
      if (container.contains(event.target)) addHandle(event.target, container);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("fieldset.menu-items").forEach(function (fieldset) {
      setUp(fieldset.closest(".inline-group") || fieldset);
    });
  });
})();
