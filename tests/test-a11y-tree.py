#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The timeline as a screen reader sees it, through the real AT-SPI bus.

Starts the application on the NATO dataset with accessibility on, finds the
timeline view in the accessibility tree by its name, checks that its
description counts the events, presses Tab and checks that the description
now reads the selected event. TAP output; run under dbus-run-session and a
display (make test, or meson test under xvfb-run).

Usage: test-a11y-tree.py ANNALS-BINARY DATASET
"""

import os
import subprocess
import sys
import tempfile
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

# Only a guard against a hang: the test waits for states, never for time.
HANG_GUARD_SECONDS = 60
TAB = 0xFF09


def find(node, predicate, depth=0):
    if node is None or depth > 40:
        return None
    try:
        if predicate(node):
            return node
        for i in range(node.get_child_count()):
            found = find(node.get_child_at_index(i), predicate, depth + 1)
            if found is not None:
                return found
    except gi.repository.GLib.Error:
        return None
    return None


def wait_for(what, check):
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("gave up waiting for " + what)


def main():
    binary, dataset = sys.argv[1], sys.argv[2]
    home = tempfile.TemporaryDirectory(prefix="annals-a11y-")
    env = dict(os.environ)
    # Recent files and settings go to a throwaway home, not the user's.
    for name in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = home.name
    # The rest of the gui suite turns accessibility off; this test needs it.
    env.pop("NO_AT_BRIDGE", None)
    env["GTK_A11Y"] = "atspi"
    # The session bus may have started before the display: the accessibility
    # registry it launches, which synthesises the key presses, needs it.
    subprocess.run(["dbus-update-activation-environment", "DISPLAY", "XAUTHORITY"],
                   check=False)
    app = subprocess.Popen([binary, dataset], env=env)
    results = []

    def ok(condition, name, detail=""):
        results.append(condition)
        line = ("ok" if condition else "not ok") + " %d %s" % (len(results), name)
        print(line + ("" if condition or not detail else "  # " + detail), flush=True)

    try:
        Atspi.init()
        desktop = Atspi.get_desktop(0)

        def find_view():
            for i in range(desktop.get_child_count()):
                application = desktop.get_child_at_index(i)
                if application is None:
                    continue
                view = find(application,
                            lambda n: (n.get_name() or "").startswith("Timeline of "))
                if view is not None:
                    return view
            return None

        view = wait_for("the timeline view in the accessibility tree", find_view)
        name = view.get_name()
        ok(name == "Timeline of The US push to reset NATO, 2026", "/a11y-tree/view-name", name)
        role = view.get_role_name()
        ok(role in ("panel", "grouping"), "/a11y-tree/view-role", role)
        summary = wait_for("the view's description", view.get_description)
        ok(summary.startswith("18 events."), "/a11y-tree/view-description", summary)

        # Without a window manager X gives key presses to the window under
        # the pointer: move it over the window (at the screen's corner).
        Atspi.generate_mouse_event(400, 135, "abs")
        focused = wait_for("the view to have focus",
                           lambda: view.get_state_set().contains(Atspi.StateType.FOCUSED))
        ok(bool(focused), "/a11y-tree/view-focused")

        Atspi.generate_keyboard_event(TAB, None, Atspi.KeySynthType.SYM)
        def fresh_description():
            # The client caches what it has read; ask the application again.
            view.clear_cache()
            text = view.get_description() or ""
            return text if text.startswith("Selected: ") else None

        described = wait_for("Tab to change the description", fresh_description)
        ok(described.startswith("Selected: ") and described != summary,
           "/a11y-tree/tab-announces", described)
    except AssertionError as error:
        ok(False, "/a11y-tree/setup", str(error))
    finally:
        app.terminate()
        try:
            app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
        home.cleanup()

    print("1..%d" % len(results), flush=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
