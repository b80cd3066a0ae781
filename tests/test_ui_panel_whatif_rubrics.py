"""The what-if buttons on every shipped rubric: each one re-ranks, or is off with the core's reason.

A round per shipped rubric, made from the same published 360Giving file (not the demo). On a rubric
whose weight can move, each preset the rubric allows shows the ranking at that weight; on one that
is all social value (`charter`) no weight would change anything, so the slider and the presets are
off and say why in the core's own sentence.
"""

from __future__ import annotations

import pytest

from svassessor.paths import rubrics_dir
from svassessor.scoring.weights import fixed_weight, what_if_range
from tests.panel_world import make_round, panel_on
from ui.panel.whatif import PRESETS

SHIPPED = sorted(p.stem for p in rubrics_dir().glob("*.yaml"))


def test_every_shipped_rubric_is_walked():
    assert {"charter", "small-contract", "small-grants"} <= set(SHIPPED)


@pytest.mark.parametrize("rubric", SHIPPED)
def test_the_what_if_presets_do_something_or_say_why_not(qtbot, qapp, store, svdb, tmp_path, rubric):
    make_round(store, moderation=True, rubric=rubric)
    window = panel_on(qtbot, store, svdb, tmp_path)
    try:
        whatif, state = window.ranking.whatif, window.state
        reason, limits = fixed_weight(state.rubric), what_if_range(state.rubric)
        if limits is None:
            assert reason and not whatif.slider.isEnabled() and whatif.slider.toolTip() == reason
            assert whatif.why.isVisibleTo(window) and whatif.why.text() == reason
            for button in whatif.presets:
                assert not button.isEnabled() and button.toolTip() == reason
            return
        assert reason is None and not whatif.why.isVisibleTo(window)
        for weight, button in zip(PRESETS, whatif.presets, strict=True):
            if not limits[0] <= weight <= limits[1]:
                assert not button.isEnabled() and button.toolTip()
                continue
            assert button.isEnabled()
            if weight == round(state.summary.sv_weight):
                continue  # the round's own weight: nothing to compare
            with qtbot.waitSignal(state.whatIfChanged, timeout=2000):
                button.click()
            assert state.scenario is not None and state.scenario.sv_weight == weight
            assert f"At {weight}% social value" in window.ranking.crossing.text()
    finally:
        window.ctx.store = None  # the store fixture closes the file
