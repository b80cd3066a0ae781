"""The eligibility screen: each application's result, its checks, the officer's screening and due diligence."""

from ui.eligibility.dialog import EligibilityDialog

__all__ = ["EligibilityDialog"]
