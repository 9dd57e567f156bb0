/* befund: a little behaviour on top of Material. Without JavaScript every link still works. */
(function () {
  "use strict";

  /* Language switcher: its links lead to the same page in the other language (paths and anchors are
     the same in every language); carry the #anchor along. Material's own switcher logic expects the
     hreflang alternates to be language roots and would send the reader to the wrong URL without the
     anchor, so it does not see these clicks (capture phase, propagation stopped; the link's default
     action, following it, still happens). */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.befund-lang-link");
    if (!link) return;
    event.stopPropagation();
    if (!link.hasAttribute("data-befund-href")) {
      link.setAttribute("data-befund-href", link.getAttribute("href").split("#")[0]);
    }
    link.setAttribute("href", link.getAttribute("data-befund-href") + window.location.hash);
  }, true);

  /* Material's menu and search buttons on narrow screens are <label>s for hidden checkboxes, which
     the keyboard cannot reach. Make them buttons: focusable, named, operable with Enter and Space,
     with their state announced (aria-expanded). Escape closes the menu again. */
  function button(toggleId, name, focusInside) {
    var toggle = document.getElementById(toggleId);
    var label = document.querySelector("label.md-header__button[for='" + toggleId + "']");
    if (!toggle || !label) return;
    label.setAttribute("role", "button");
    label.setAttribute("tabindex", "0");
    label.setAttribute("aria-expanded", String(toggle.checked));
    if (name && !label.hasAttribute("aria-label")) label.setAttribute("aria-label", name);
    label.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      label.click();
      if (focusInside && toggle.checked) {
        var first = document.querySelector(focusInside);
        if (first) window.setTimeout(function () { first.focus(); }, 0);
      }
    });
    toggle.addEventListener("change", function () {
      label.setAttribute("aria-expanded", String(toggle.checked));
    });
    return { toggle: toggle, label: label };
  }

  function name(selector) {
    var element = document.querySelector(selector);
    return element ? element.getAttribute("aria-label") : null;
  }

  var drawer = button("__drawer", name(".md-nav--primary") || name(".md-sidebar--primary nav"),
    ".md-sidebar--primary .md-nav--primary a.md-nav__link, .md-sidebar--primary a[href]");
  button("__search", name(".md-search[role=dialog]"), null);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !drawer || !drawer.toggle.checked) return;
    drawer.label.click();
    drawer.label.focus();
  });
})();
