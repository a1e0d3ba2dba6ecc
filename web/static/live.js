/* Results as you type: the search page's own HTML, fetched and swapped in, the URL kept in step.
 * Progressive enhancement: without this file the box is a form that searches on Enter.
 * A burst of typing is one history entry (pushed on its first change, replaced after), so
 * Back returns to the page before it and the address can be shared at any moment. */
(function () {
  "use strict";

  var DELAY_MS = 350;
  var MIN_CHARS = 2;

  function enhance(input) {
    var form = input.form;
    var main = document.getElementById("main");
    if (!form || !main || !window.fetch || !window.DOMParser || !window.history.pushState) return;
    var timer = null;
    var latest = 0;
    var typing = false; // the current history entry was made by this burst of typing
    var shown = location.pathname + location.search; // the search the page shows

    function urlFor(text) {
      var params = new URLSearchParams(new FormData(form));
      params.set("q", text);
      var query = params.toString();
      return form.getAttribute("action") + (query ? "?" + query : "");
    }

    function swap(html) {
      var fetched = new DOMParser().parseFromString(html, "text/html");
      var content = fetched.getElementById("main");
      if (!content) return false;
      main.innerHTML = content.innerHTML;
      document.title = fetched.title;
      var feed = 'link[rel="alternate"][type="application/atom+xml"]';
      var old = document.head.querySelector(feed);
      var fresh = fetched.head.querySelector(feed);
      if (old) old.remove();
      if (fresh) document.head.appendChild(fresh);
      return true;
    }

    function load(url, then) {
      var ticket = ++latest;
      fetch(url, { headers: { Accept: "text/html" } })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          if (ticket !== latest) return; // a newer search is on its way
          if (swap(html) && then) then();
        })
        .catch(function () { /* the form still searches on Enter */ });
    }

    function search() {
      var text = input.value.trim();
      if (text.length < MIN_CHARS) return;
      var url = urlFor(text);
      if (url === location.pathname + location.search) return;
      load(url, function () {
        shown = url;
        if (typing) {
          history.replaceState({ live: true }, "", url);
        } else {
          history.pushState({ live: true }, "", url);
          typing = true;
        }
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, DELAY_MS);
    });
    input.addEventListener("blur", function () { typing = false; });
    form.addEventListener("submit", function () { clearTimeout(timer); latest++; });
    window.addEventListener("popstate", function () {
      // A link within the page (#from, a skip link) pops state too: the search is the same.
      var here = location.pathname + location.search;
      if (here === shown) return;
      shown = here;
      typing = false;
      clearTimeout(timer);
      load(location.pathname + location.search, function () {
        input.value = new URLSearchParams(location.search).get("q") || "";
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("q");
    if (input && input.hasAttribute("data-live")) enhance(input);
  });
})();
