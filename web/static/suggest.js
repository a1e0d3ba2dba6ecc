/* Suggestions as you type, from /api/suggest: an ARIA combobox on the search box.
 * Progressive enhancement: without this file the search box is a plain form field.
 * Keys: ArrowDown/ArrowUp move, Enter accepts (and searches), Escape closes. */
(function () {
  "use strict";

  var DELAY_MS = 150;
  var MIN_CHARS = 2;

  function suggestionsOf(data) {
    // {"suggestions": [{"text", "kind": "word"|"title", "id"}]}, or plain strings.
    var list = data && data.suggestions;
    if (!Array.isArray(list)) return [];
    return list.map(function (item) {
      return typeof item === "string" ? { text: item } : item;
    }).filter(function (item) { return item && item.text; });
  }

  function enhance(input) {
    var listbox = document.getElementById("q-suggestions");
    var form = input.form;
    if (!listbox || !form || !window.fetch) return;
    var url = input.getAttribute("data-suggest-url");
    var articleUrl = input.getAttribute("data-article-url");
    var shown = [];
    var timer = null;
    var active = -1;
    var latest = 0;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("aria-expanded", "false");

    function options() { return listbox.querySelectorAll("[role=option]"); }

    function close() {
      clearTimeout(timer);
      latest++; // an answer still on its way is no longer wanted
      listbox.hidden = true;
      listbox.textContent = "";
      active = -1;
      shown = [];
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var items = options();
      if (!items.length) return;
      active = (index + items.length) % items.length;
      for (var i = 0; i < items.length; i++) {
        items[i].setAttribute("aria-selected", i === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", items[active].id);
    }

    function accept(suggestion) {
      close();
      if (suggestion.kind === "title" && suggestion.id && articleUrl) {
        // A title is an article: go straight to it.
        window.location.assign(articleUrl.replace("__id__", encodeURIComponent(suggestion.id)));
        return;
      }
      input.value = suggestion.text;
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }

    function show(suggestions) {
      listbox.textContent = "";
      active = -1;
      shown = suggestions;
      suggestions.forEach(function (suggestion, i) {
        var item = document.createElement("li");
        item.id = "q-suggestion-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.className = suggestion.kind === "title" ? "title" : "word";
        item.textContent = suggestion.text;
        if (suggestion.kind === "title") {
          var kind = document.createElement("span");
          kind.className = "kind";
          kind.textContent = " · artikel";
          item.appendChild(kind);
        }
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep focus in the box
          accept(suggestion);
        });
        listbox.appendChild(item);
      });
      listbox.hidden = suggestions.length === 0;
      input.setAttribute("aria-expanded", suggestions.length ? "true" : "false");
    }

    function fetchSuggestions() {
      var text = input.value.trim();
      if (text.length < MIN_CHARS) { close(); return; }
      var ticket = ++latest;
      fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (ticket !== latest || document.activeElement !== input) return;
          show(suggestionsOf(data));
        })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden;
      if (event.key === "ArrowDown" && open) { highlight(active + 1); event.preventDefault(); }
      else if (event.key === "ArrowUp" && open) { highlight(active - 1); event.preventDefault(); }
      else if (event.key === "Escape" && open) { close(); event.preventDefault(); }
      else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        accept(shown[active]);
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("q");
    if (input && input.getAttribute("data-suggest-url")) enhance(input);
  });
})();
