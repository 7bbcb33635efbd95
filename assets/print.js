/* Touchpoints: printing a journey page (the browser's Print, or "Save as PDF").
 *
 * plotly draws the chart for the screen's width, in pixels, and print CSS cannot rescale an SVG
 * without a viewBox; so just before printing each chart is zoomed to fit the printed width
 * (a landscape sheet less the margins of touchpoints.css's @media print), and put back after.
 * CSS zoom scales the drawing itself, so the printed chart stays vector.
 */
(function () {
    "use strict";

    var PRINT_WIDTH_PX = 960; // A4 or US Letter landscape, less 10 mm margins, in CSS pixels

    function fit() {
        document.querySelectorAll(".graph-wrap, .present-graph").forEach(function (wrap) {
            var plot = wrap.querySelector(".main-svg");
            var width = plot ? plot.getBoundingClientRect().width / (parseFloat(wrap.style.zoom) || 1) : 0;
            wrap.style.zoom = width > PRINT_WIDTH_PX ? String(PRINT_WIDTH_PX / width) : "";
        });
    }

    function unfit() {
        document.querySelectorAll(".graph-wrap, .present-graph").forEach(function (wrap) {
            wrap.style.zoom = "";
        });
    }

    window.addEventListener("beforeprint", fit);
    window.addEventListener("afterprint", unfit);
}());
