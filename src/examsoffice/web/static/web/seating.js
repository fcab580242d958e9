// Seating plans: move a candidate by dragging them to another desk, or by
// clicking (tapping on a tablet) them and then the desk. Either fills in and
// sends the "Move candidate" form, which swaps when the desk is taken, so the
// page works the same without this script.
(function () {
  "use strict";
  var form = document.getElementById("move-form");
  if (!form) { return; }
  var chosen = null;

  function send(number, desk) {
    form.elements.candidate.value = number;
    form.elements.room.value = desk.dataset.room;
    form.elements.seat.value = desk.dataset.seat;
    form.submit();
  }

  function choose(cell) {
    if (chosen) { chosen.classList.remove("chosen"); }
    chosen = cell;
    if (cell) { cell.classList.add("chosen"); }
    var hint = document.getElementById("move-hint");
    if (hint) {
      hint.textContent = cell
        ? "Candidate " + cell.dataset.candidate + " chosen: click the desk to move them to (a taken desk swaps them), or press Escape."
        : "";
    }
  }

  document.querySelectorAll("td.desk").forEach(function (desk) {
    if (desk.dataset.candidate) {
      desk.draggable = true;
      desk.addEventListener("dragstart", function (event) {
        event.dataTransfer.setData("text/plain", desk.dataset.candidate);
        event.dataTransfer.effectAllowed = "move";
      });
    }
    desk.addEventListener("dragover", function (event) {
      event.preventDefault();
      desk.classList.add("over");
    });
    desk.addEventListener("dragleave", function () { desk.classList.remove("over"); });
    desk.addEventListener("drop", function (event) {
      event.preventDefault();
      var number = event.dataTransfer.getData("text/plain");
      if (number && number !== desk.dataset.candidate) { send(number, desk); }
    });
    desk.addEventListener("click", function () {
      if (chosen && chosen !== desk) {
        send(chosen.dataset.candidate, desk);
      } else if (!chosen && desk.dataset.candidate) {
        choose(desk);
      } else {
        choose(null);
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { choose(null); }
  });
})();
