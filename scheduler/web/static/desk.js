// Drag to reorder the queue. Cards move within their own group (approved or new); on drop
// the full visible order goes to /queue/reorder through the hidden #reorder form (htmx).
(function () {
  "use strict";
  let dragged = null;

  function after(list, y) {
    const cards = [...list.querySelectorAll(":scope > .card:not(.dragging)")];
    return cards.find((card) => {
      const box = card.getBoundingClientRect();
      return y < box.top + box.height / 2;
    }) || null;
  }

  document.addEventListener("mousedown", (event) => {
    const handle = event.target.closest(".sortable .handle");
    if (handle) handle.closest(".card").draggable = true; // only the handle starts a drag
  });

  document.addEventListener("dragstart", (event) => {
    const card = event.target.closest && event.target.closest(".sortable > .card");
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.id);
  });

  document.addEventListener("dragover", (event) => {
    const list = event.target.closest && event.target.closest(".sortable");
    if (!dragged || list !== dragged.parentElement) return;
    event.preventDefault();
    list.insertBefore(dragged, after(list, event.clientY));
  });

  document.addEventListener("drop", (event) => {
    if (dragged) event.preventDefault();
  });

  document.addEventListener("dragend", () => {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    dragged.draggable = false;
    dragged = null;
    const form = document.getElementById("reorder");
    const ids = [...document.querySelectorAll(".sortable > .card")].map((c) => c.dataset.id);
    if (!form || form.ids.value === ids.join(" ")) return;
    form.ids.value = ids.join(" ");
    if (window.htmx) window.htmx.trigger(form, "submit");
    else form.submit();
  });

  // Toasts fade after a few seconds.
  document.addEventListener("htmx:oobAfterSwap", (event) => {
    if (event.detail.target.id !== "toast") return;
    setTimeout(() => { event.detail.target.innerHTML = ""; }, 3500);
  });
})();
