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

// Simulator: only the questions that matter for the chosen profession and situation. The server
// sends, in the form's data-questions, the fields that can change an answer for each
// "profession|situation" (derived from the aid rules); the others are hidden and disabled, so
// their values are not submitted. Without this script every question stays on the page.
(function () {
  const form = document.querySelector("form[data-questions]");
  if (!form) return;
  let table;
  try {
    table = JSON.parse(form.getAttribute("data-questions"));
  } catch (e) {
    return;
  }
  const profession = form.querySelector("[name=profession]");
  const situation = form.querySelector("[name=situation]");
  const status = document.getElementById("questions-masquees");
  if (!profession || !situation) return;

  function apply() {
    const wanted = profession.value ? table[profession.value + "|" + situation.value] : undefined;
    const names = typeof wanted === "string" ? wanted.split(" ") : null;
    let hidden = 0;
    form.querySelectorAll("[data-question]").forEach(function (element) {
      const hide = names !== null && names.indexOf(element.getAttribute("data-question")) < 0;
      element.hidden = hide;
      element.querySelectorAll("input, select, textarea").forEach(function (control) {
        control.disabled = hide;
      });
      if (hide) hidden += 1;
    });
    form.querySelectorAll("fieldset").forEach(function (fieldset) {
      const questions = Array.prototype.slice.call(fieldset.querySelectorAll("[data-question]"));
      fieldset.hidden = questions.length > 0 && questions.every(function (q) { return q.hidden; });
    });
    if (status) {
      status.textContent = hidden === 0 ? "" : hidden === 1
        ? "1 question sans objet pour cette profession et cette situation est masquée."
        : hidden + " questions sans objet pour cette profession et cette situation sont masquées.";
    }
  }

  profession.addEventListener("change", apply);
  situation.addEventListener("change", apply);
  apply();
})();

// A standard reply chosen on a referral's answer form fills its text (without JavaScript the
// server uses the chosen reply when the text is left empty).
(function () {
  document.querySelectorAll("select.guichet-standard-reply").forEach(function (select) {
    select.addEventListener("change", function () {
      const option = select.options[select.selectedIndex];
      const target = document.getElementById(select.getAttribute("data-cible"));
      if (target && option && option.getAttribute("data-texte")) {
        target.value = option.getAttribute("data-texte");
      }
    });
  });
})();
