/* Touchpoints: repairs to Dash 4's own markup that cannot be reached through component props.
 *
 * Dash 4.4 renders (1) dcc.Checklist / dcc.RadioItems as role="listbox" with role="option" labels
 * wrapping real checkboxes: nested interactive controls, and a listbox with no name; (2) each
 * dcc.Dropdown with a focusable input inside aria-hidden="true" that forwards focus to the real
 * button, whose name is only its current value, not its <label>; (3) dcc.Upload with an unlabelled
 * file input; (4) dcc.DatePickerSingle/Range with aria-expanded on a role-less <div> around the
 * text input. axe-core reports (1) and (2) as serious, (3) and (4) as critical. The native controls
 * underneath are sound, so we strip the wrong ARIA and name them; a MutationObserver re-applies the
 * repair whenever React re-renders. Remove each block once Dash's markup is fixed upstream.
 */
(function () {
    "use strict";

    function repairOptionLists(root) {
        // only lists still marked as listboxes: setting a role the list already has would
        // wake the observer again, for ever
        root.querySelectorAll(".dash-checklist[role=listbox], .dash-radioitems[role=listbox]").forEach(
            function (list) { list.setAttribute("role", "group"); }
        );
        root.querySelectorAll(
            ".dash-checklist label[role], .dash-checklist label[aria-selected]," +
            ".dash-radioitems label[role], .dash-radioitems label[aria-selected]"
        ).forEach(function (label) {
            label.removeAttribute("role");
            label.removeAttribute("aria-selected");
        });
    }

    function repairDropdowns(root) {
        root.querySelectorAll("input.dash-dropdown-focus-target").forEach(function (target) {
            // the button itself takes keyboard focus; the hidden forwarder leaves the tab order
            if (target.getAttribute("tabindex") !== "-1") { target.setAttribute("tabindex", "-1"); }
            var button = target.nextElementSibling;
            if (!button || button.tagName !== "BUTTON") { return; }
            if (!button.disabled && button.getAttribute("tabindex") !== "0") {
                button.setAttribute("tabindex", "0");
            }
            var label = button.id && document.querySelector('label[for="' + CSS.escape(button.id) + '"]');
            if (!label) { return; }
            if (!label.id) { label.id = button.id + "-label"; }
            var names = (button.getAttribute("aria-labelledby") || "").split(/\s+/);
            if (names[0] !== label.id) {
                button.setAttribute(
                    "aria-labelledby",
                    [label.id].concat(names.filter(function (n) { return n && n !== label.id; })).join(" ")
                );
            }
        });
    }

    function repairUploads(root) {
        root.querySelectorAll('input[type=file]:not([aria-label])').forEach(function (input) {
            var zone = input.parentElement;
            var text = zone ? zone.textContent.replace(/\s+/g, " ").trim() : "";
            input.setAttribute("aria-label", text || "Choose a file");
        });
    }

    var WRAPPER_ARIA = ["aria-expanded", "aria-haspopup", "aria-disabled", "aria-labelledby", "type"];
    function repairDatePickers(root) {
        // the APG date picker combobox: the text input owns the popup state, not its wrapper
        root.querySelectorAll(".dash-datepicker-input-wrapper[aria-expanded]").forEach(function (wrapper) {
            var expanded = wrapper.getAttribute("aria-expanded");
            wrapper.querySelectorAll("input.dash-datepicker-input").forEach(function (input) {
                input.setAttribute("role", "combobox");
                input.setAttribute("aria-haspopup", "dialog");
                input.setAttribute("aria-expanded", expanded);
            });
            WRAPPER_ARIA.forEach(function (name) { wrapper.removeAttribute(name); });
        });
    }

    var scheduled = false;
    function repair() {
        scheduled = false;
        repairOptionLists(document);
        repairDropdowns(document);
        repairUploads(document);
        repairDatePickers(document);
    }
    function schedule() {
        if (!scheduled) { scheduled = true; window.queueMicrotask(repair); }
    }

    new MutationObserver(schedule).observe(document.documentElement, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: [
            "role", "aria-selected", "aria-expanded", "tabindex", "aria-labelledby", "disabled",
        ],
    });
    schedule();
})();
