"""The base of every view a citizen sees (home, results, guide, form …): the session it lives in."""
from __future__ import annotations


class View:
    """A view knows its session (the tab the citizen is on) and the portal's facts; it exposes what a
    citizen does there and returns the next view. It makes no verdict beyond "I am this view": the
    step decides what a failure means."""

    def __init__(self, session):
        self.session = session

    def __repr__(self) -> str:  # Allure shows step arguments by repr: a name, not a memory address
        return type(self).__name__

    @property
    def portal(self):
        return self.session.portal

    @property
    def profile(self):
        return self.session.portal.profile

    @property
    def flows(self) -> dict:
        return self.session.portal.profile.flows

    @property
    def page(self):
        return self.session.page

    @property
    def journey(self):
        return self.session.journey

    @property
    def url(self) -> str:
        return self.session.page.url

    @property
    def host(self) -> str:
        return self.session.host
