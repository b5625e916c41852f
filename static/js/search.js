// Optional suggestions for the participant search box. Without JavaScript the form still
// submits to /search/; with it, typing shows matching people from /search/autocomplete/.
(function () {
  "use strict";

  function setUp(form) {
    var input = form.querySelector('input[name="q"]');
    var endpoint = form.getAttribute("data-autocomplete");
    if (!input || !endpoint) return;

    var list = document.createElement("ul");
    list.className = "suggestions";
    list.id = input.id + "-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    var timer = null;
    var active = -1;
    var latest = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("a");
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (options[index]) input.setAttribute("aria-activedescendant", options[index].id);
    }

    function render(results) {
      list.textContent = "";
      results.forEach(function (result, index) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = result.url;
        link.id = list.id + "-" + index;
        link.setAttribute("role", "option");
        var name = document.createElement("span");
        name.textContent = result.name;  // textContent: names are data, never markup
        var count = document.createElement("span");
        count.className = "hint";
        count.textContent = result.meetings + (result.meetings === 1 ? " meeting" : " meetings");
        link.appendChild(name);
        link.appendChild(count);
        item.appendChild(link);
        list.appendChild(item);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      active = -1;
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      latest = query;
      if (query.length < 2) { close(); return; }
      fetch(endpoint + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (latest === query) render(data.results || []); })
        .catch(close);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      var options = list.querySelectorAll("a");
      if (list.hidden || !options.length) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % options.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + options.length) % options.length); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); window.location.href = options[active].href; }
      else if (event.key === "Escape") { close(); }
    });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) close(); });
  }

  document.querySelectorAll("form[data-autocomplete]").forEach(setUp);
})();
