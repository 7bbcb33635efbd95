/* Touchpoints explorer: a chart's section is drawn when it is scrolled to (or its "Draw" button
 * pressed), not with the page, so a filter change redraws only what is seen (issue 14, item 7).
 *
 * - Undrawn sections hold a .section-placeholder naming the view it was made for (data-query,
 *   data-view). When one comes within 200px of the window, its chart is asked for through the
 *   store explorer-wanted ({charts, query, view, n}); the server's answer fills the sections of
 *   that view only, so an answer for an earlier view is dropped.
 * - The store explorer-in-view holds the sections in the window and the tables open, so the
 *   next redraw (a filter change) draws those at once, and leaves their tables open.
 * watch() is called by a clientside callback whenever the explorer's results are drawn.
 */
(function () {
    "use strict";

    var NEAR = "200px 0px";  // a section this near the window is drawn (and redrawn) with it
    var inView = new Set();
    var asked = new Set();  // view + chart already asked for
    var queue = new Map();  // chart -> placeholder, to ask for together
    var timers = {};
    var count = 0;
    var sections = null;
    var placeholders = null;

    function setProps(id, props) {
        // the stores live beside the results: none once the explorer has been left (Dash's
        // set_props fails on a store that is gone)
        var dash = window.dash_clientside;
        if (dash && dash.set_props && document.getElementById("explorer-results")) {
            dash.set_props(id, props);
        }
    }

    function later(name, fn, ms) {
        clearTimeout(timers[name]);
        timers[name] = setTimeout(fn, ms);
    }

    function report() {
        var opened = [];
        document.querySelectorAll(".explorer-chart details[open][data-table]").forEach(function (d) {
            opened.push(d.getAttribute("data-table"));
        });
        setProps("explorer-in-view", {data: {charts: Array.from(inView).sort(), opened: opened.sort()}});
    }

    function ask() {
        var charts = [];
        var query = null;
        var view = null;
        queue.forEach(function (placeholder, chart) {
            if (!placeholder.isConnected) { return; }
            var mine = placeholder.getAttribute("data-view");
            if (view !== null && mine !== view) { return; }
            view = mine;
            query = placeholder.getAttribute("data-query") || "";
            charts.push(chart);
            asked.add(view + " " + chart);
        });
        queue.clear();
        if (charts.length) {
            count += 1;
            setProps("explorer-wanted", {data: {charts: charts, query: query, view: view, n: count}});
        }
    }

    function want(placeholder, force) {
        var section = placeholder.closest(".explorer-chart");
        if (!section) { return; }
        var chart = section.getAttribute("data-chart");
        if (!force && asked.has(placeholder.getAttribute("data-view") + " " + chart)) { return; }
        queue.set(chart, placeholder);
        later("ask", ask, 30);  // sections scrolled past together are asked for together
    }

    function watch() {
        if (!("IntersectionObserver" in window)) { return; }
        if (sections) { sections.disconnect(); placeholders.disconnect(); }
        inView.clear();
        asked.clear();  // new placeholders (a redraw, or the page again on going back)
        sections = new IntersectionObserver(function (entries) {  // as near as placeholders
            entries.forEach(function (entry) {
                var chart = entry.target.getAttribute("data-chart");
                if (entry.isIntersecting) { inView.add(chart); } else { inView.delete(chart); }
            });
            later("report", report, 100);
        }, {rootMargin: NEAR});
        placeholders = new IntersectionObserver(function (entries) {
            entries.forEach(function (entry) {
                if (entry.isIntersecting) { want(entry.target, false); }
            });
        }, {rootMargin: NEAR});
        document.querySelectorAll(".explorer-chart[data-chart]").forEach(function (s) {
            sections.observe(s);
        });
        document.querySelectorAll(".section-placeholder").forEach(function (p) {
            placeholders.observe(p);
        });
    }

    document.addEventListener("click", function (event) {
        var button = event.target.closest && event.target.closest(".section-draw");
        if (button) { want(button.closest(".section-placeholder"), true); }
    });
    document.addEventListener("toggle", function (event) {
        if (event.target.matches && event.target.matches("details[data-table]")) {
            later("report", report, 100);
        }
    }, true);

    window.touchpointsSections = {
        watch: function () { later("watch", watch, 0); }
    };
}());
