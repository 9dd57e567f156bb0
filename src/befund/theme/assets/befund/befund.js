/* befund: keep the #anchor when switching language (paths and anchors are the same in every language). */
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.befund-lang-link");
  if (link && window.location.hash && link.getAttribute("href").indexOf("#") < 0) {
    link.setAttribute("href", link.getAttribute("href") + window.location.hash);
  }
});
