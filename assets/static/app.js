// Guichet: progressive enhancements only; every page works without this file.
"use strict";

// Commune suggestions: an <input data-commune-autocomplete list="…"> gets, as the user types,
// the communes of /api/v1/communes in its <datalist>, written "Nom (INSEE)" — a form the
// server understands as well as a name, a postal code or an INSEE code.
(function () {
  const DELAY_MS = 150;

  function describe(commune) {
    const postal = commune.postal_codes.length ? ", " + commune.postal_codes[0] : "";
    return commune.name + " — " + commune.departement + postal;
  }

  function enhance(input) {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    let timer = null;
    let controller = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2 || /\(\w{5}\)$/.test(q)) return;
      timer = setTimeout(function () {
        if (controller) controller.abort();
        controller = new AbortController();
        fetch("/api/v1/communes?q=" + encodeURIComponent(q), {
          headers: { Accept: "application/json" },
          signal: controller.signal,
        })
          .then(function (res) { return res.ok ? res.json() : []; })
          .then(function (communes) {
            list.replaceChildren.apply(list, communes.map(function (c) {
              const option = document.createElement("option");
              option.value = c.name + " (" + c.insee + ")";
              option.label = describe(c);
              return option;
            }));
          })
          .catch(function () { /* suggestions are optional */ });
      }, DELAY_MS);
    });
  }

  document.querySelectorAll("input[data-commune-autocomplete]").forEach(enhance);
})();
