/* befund: a little behaviour on top of Material. Without JavaScript every link still works. */
(function () {
  "use strict";

  /* The head's hreflang alternates are for search engines. Material's JavaScript would fetch
     <alternate>/sitemap.xml for each of them (a 404 for per-page alternates, and a request to
     another host wherever the site is served elsewhere than its site_url), at DOMContentLoaded:
     take them out of the live page before that. The HTML and sitemap.xml keep them. */
  var alternates = document.querySelectorAll("link[rel=alternate][hreflang]");
  for (var a = 0; a < alternates.length; a++) alternates[a].parentNode.removeChild(alternates[a]);

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

  /* Material's menu and search buttons on narrow screens, and the section and back buttons inside
     the menu, are <label>s for hidden checkboxes, which the keyboard cannot reach. Make them
     buttons: focusable, named, operable with Enter and Space, with their state announced
     (aria-expanded). Escape closes the menu again. */
  function isShown(element) {
    return element.getClientRects().length > 0 && window.getComputedStyle(element).visibility !== "hidden";
  }

  function firstShown(selector) {
    var candidates = document.querySelectorAll(selector);
    for (var i = 0; i < candidates.length; i++) if (isShown(candidates[i])) return candidates[i];
    return null;
  }

  function button(label, toggle, name, afterToggle) {
    if (label.hasAttribute("data-befund-button")) return;
    label.setAttribute("data-befund-button", "");
    label.setAttribute("role", "button");
    label.setAttribute("tabindex", "0");
    label.setAttribute("aria-expanded", String(toggle.checked));
    if (name && !label.hasAttribute("aria-label") && !label.textContent.trim()) label.setAttribute("aria-label", name);
    label.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      event.stopPropagation(); // Material clicks a focused label on Enter, too: toggle once only
      label.click();
      if (afterToggle) window.setTimeout(function () { afterToggle(toggle.checked); }, 0);
    });
    toggle.addEventListener("change", function () {
      label.setAttribute("aria-expanded", String(toggle.checked));
    });
  }

  function name(selector) {
    var element = document.querySelector(selector);
    return element ? element.getAttribute("aria-label") : null;
  }

  var drawerToggle = document.getElementById("__drawer");
  var drawerLabel = document.querySelector("label.md-header__button[for=__drawer]");
  var itemSelector = ".md-sidebar--primary a[href], .md-sidebar--primary label[tabindex='0']";
  if (drawerToggle && drawerLabel) {
    button(drawerLabel, drawerToggle, name(".md-nav--primary"), function (open) {
      var first = open && firstShown(itemSelector);
      if (first) first.focus();
    });
  }
  var searchToggle = document.getElementById("__search");
  var searchLabel = document.querySelector("label.md-header__button[for=__search]");
  if (searchToggle && searchLabel) button(searchLabel, searchToggle, name(".md-search[role=dialog]"), null);

  /* Sections of the menu (narrow screens): the section's label opens its panel, the panel's title
     goes back; the focus follows to the button that is now on screen. */
  var sections = document.querySelectorAll(".md-nav--primary input.md-nav__toggle[id^='__nav_'], .md-nav--primary input.md-nav__toggle#__toc");
  for (var k = 0; k < sections.length; k++) {
    (function (toggle) {
      var opener = document.querySelector("label.md-nav__link[for='" + toggle.id + "']");
      var back = document.querySelector("label.md-nav__title[for='" + toggle.id + "']");
      if (!opener || !back) return;
      var narrow = window.matchMedia("(max-width: 76.234375em)");
      var apply = function () {
        if (narrow.matches) {
          button(opener, toggle, null, function (open) { if (open) back.focus(); });
          button(back, toggle, null, function (open) { if (!open) opener.focus(); });
        }
      };
      apply();
      if (narrow.addEventListener) narrow.addEventListener("change", apply);
    })(sections[k]);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !drawerToggle || !drawerToggle.checked) return;
    drawerLabel.click();
    drawerLabel.focus();
  });
  /* The open menu covers the page: when the focus leaves it (Tab past its last link), close it. */
  var drawerPanel = document.querySelector(".md-sidebar--primary");
  document.addEventListener("focusin", function (event) {
    if (!drawerToggle || !drawerToggle.checked || !drawerPanel || !isShown(drawerLabel)) return;
    if (drawerPanel.contains(event.target) || event.target === drawerLabel) return;
    drawerLabel.click();
  });

  /* Palette toggle: Material shows the button of the current palette but, after a reload with a
     stored palette, checks none of its radio inputs, so Tab lands on the first one, whose button
     is hidden: the focus disappears. Check the current palette's input (no change event fires). */
  function syncPalette() {
    var inputs = document.querySelectorAll("form[data-md-component=palette] input.md-option");
    if (!inputs.length) return;
    for (var i = 0; i < inputs.length; i++) if (inputs[i].checked) return;
    var stored = typeof window.__md_get === "function" ? window.__md_get("__palette") : null;
    var index = stored && typeof stored.index === "number" ? stored.index : -1;
    if (index < 0) {
      for (var j = 0; j < inputs.length && index < 0; j++) {
        var media = inputs[j].getAttribute("data-md-color-media");
        if (media && window.matchMedia(media).matches) index = j;
      }
    }
    inputs[Math.max(0, Math.min(index, inputs.length - 1))].checked = true;
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", syncPalette);
  } else {
    syncPalette();
  }

  /* A renamed anchor that moved to another page (redirects.yaml): follow it there. */
  function followMovedAnchor() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var alias = id && document.getElementById(id);
    var moved = alias && alias.getAttribute("data-befund-moved-to");
    if (moved) window.location.replace(new URL(moved, window.location.href).href);
  }
  followMovedAnchor();
  window.addEventListener("hashchange", followMovedAnchor);

  /* Printed pages repeat the licence and the page's address at the foot of every page (print.css). */
  var printMeta = document.querySelector(".befund-print-meta[data-print-footer]");
  if (printMeta) {
    document.documentElement.style.setProperty("--befund-print-footer", JSON.stringify(printMeta.getAttribute("data-print-footer")));
  }

  /* Copy buttons (a permanent link, a citation): without JavaScript they stay hidden and the text
     can be selected as usual. The result is shown and announced (a polite live region). */
  var status = document.createElement("p");
  status.className = "befund-copy-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.appendChild(status);
  var hideStatus = null;

  function announce(text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; status.classList.add("befund-copy-status--shown"); }, 50);
    window.clearTimeout(hideStatus);
    hideStatus = window.setTimeout(function () { status.classList.remove("befund-copy-status--shown"); }, 4000);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  var copyButtons = document.querySelectorAll("button.befund-copy");
  for (var b = 0; b < copyButtons.length; b++) {
    (function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = button.getAttribute("data-copy-text");
        var href = button.getAttribute("data-copy-href");
        if (href !== null) text = new URL(href, window.location.href).href;  /* the permanent, absolute address */
        if (text === null) {
          var target = document.getElementById(button.getAttribute("data-copy-target"));
          text = target ? target.textContent.trim() : "";
        }
        copyText(text).then(function () {
          announce(button.getAttribute("data-copy-done"));
          button.classList.add("befund-copy--done");
          window.setTimeout(function () { button.classList.remove("befund-copy--done"); }, 2000);
        }, function () {
          announce(button.getAttribute("data-copy-failed"));
        });
      });
    })(copyButtons[b]);
  }

  /* The quote index: in the article's order, or by category (the order of the category tree). */
  var orderBar = document.querySelector(".befund-quote-order");
  var index = document.querySelector(".befund-quote-index");
  if (orderBar && index) {
    orderBar.hidden = false;
    var orderButtons = orderBar.querySelectorAll("button[data-order]");
    for (var o = 0; o < orderButtons.length; o++) {
      orderButtons[o].addEventListener("click", function (event) {
        var key = event.currentTarget.getAttribute("data-order");
        var entries = Array.prototype.slice.call(index.querySelectorAll(".befund-quote-entry"));
        entries.sort(function (a, b) {
          return (Number(a.getAttribute("data-" + key)) - Number(b.getAttribute("data-" + key))) ||
            (Number(a.getAttribute("data-article")) - Number(b.getAttribute("data-article")));
        });
        for (var e = 0; e < entries.length; e++) index.appendChild(entries[e]);
        for (var k = 0; k < orderButtons.length; k++) {
          orderButtons[k].setAttribute("aria-pressed", String(orderButtons[k] === event.currentTarget));
        }
      });
    }
  }
})();
