"""Every method a step may call, in one place, with what it returns and raises.

The steps (steps/*.py) call only these. One implementation serves every portal (pages/portal.py and
the views of pages/abilities/), composed from the portal's profile; `tests/unit/test_interface.py`
checks that the implementation has every method declared here and that the steps call nothing else.

Raises, for every method that touches the portal:
- PortalDefect: the portal failed the citizen, on evidence it gave (an error answer, a confirmed
  control's content, a measured duration); charged by its stage (shopper/journeys.py);
- Misfit / SuiteError: our profile, conventions or flow do not fit this portal (套件故障 · 未适配);
- EnvironmentFault: the portal or the browser could not be reached;
- NotMeasured: this portal cannot be measured here (read-only, no way to advance a 办件): 未测.
"""
from __future__ import annotations

from typing import Protocol


class SignIn(Protocol):
    ms: float
    credential_prompt: bool
    landed_host: str
    registration_demanded: bool


class IdpProbe(Protocol):
    accepted: bool
    parameter: str
    answer: str

    def summary(self) -> dict: ...


class Results(Protocol):
    keyword: str
    latency_ms: float          # submit → first result (or the zero-result notice) visible
    http_status: int | None

    def result_names(self) -> list[str]: ...
    def result_count(self) -> int: ...
    def rank_of(self, expected: str) -> int | None: ...
    def zero_result_help_shown(self) -> bool: ...      # raises when the suggestions do not show
    def open_result(self, name: str) -> "Guide": ...


class Answer(Protocol):
    """What the 智能客服 answered (pages/abilities/assistant.py)."""
    question: str
    text: str
    items: list            # the answer's links to items, in order
    ms: float              # from the click that sends to the answer visible

    def expect_reply(self) -> None: ...                 # raises when nothing came
    def rank_of(self, expected: str) -> int | None: ...
    def hands_over(self) -> bool: ...                   # a word list: its absence is 需人工复核


class Assistant(Protocol):
    def ask(self, question: str) -> Answer: ...        # raises on an error answer


class SectionVisit(Protocol):
    name: str
    opened: bool
    evidence: str


class UserCenterVisit(Protocol):
    visits: list

    def failed(self) -> list: ...
    def unmasked(self) -> list[str]: ...
    def foreign_ids(self, own_id: str | None) -> list[str]: ...
    def own_ids_shown(self, own_id: str | None) -> int: ...


class UserCenter(Protocol):
    def visit(self, sections: list[str]) -> UserCenterVisit: ...


class OwnPage(Protocol):
    url: str
    credential_prompt: bool


class Home(Protocol):
    def search_for(self, keyword: str) -> Results: ...
    def sign_in(self, persona) -> SignIn: ...
    def switch_to_elder_mode(self) -> "Home": ...       # pop-ups left in place for the journey to judge
    def open_own_page(self) -> OwnPage: ...              # in the 长辈版: 登录 where shown, then 我的办件
    def open_assistant(self) -> Assistant: ...
    def open_user_center(self) -> UserCenter: ...
    def probe_idp_return_url(self) -> "IdpProbe": ...    # only on staging IdPs (the step checks)
    def is_signed_in(self) -> bool: ...


class ApplyForm(Protocol):
    def fill_in(self, persona) -> "ApplyForm": ...
    def upload(self, files) -> "ApplyForm": ...
    def submit_application(self, profile) -> "Receipt | NotSubmitted": ...


class Receipt(Protocol):
    def application_number(self) -> str: ...
    def query_password(self) -> str | None: ...


class NotSubmitted(Protocol):
    url: str
    reason: str


class OnlineStart(Protocol):
    url: str
    host: str
    on_platform: bool
    extra_login: bool


class BookingReceipt(Protocol):
    def booking_number(self) -> str: ...


class BookingForm(Protocol):
    def choose_hall(self) -> "BookingForm": ...
    def choose_free_slot(self) -> str: ...              # raises when every slot of every day is full
    def confirm(self, profile) -> "BookingReceipt | NotSubmitted": ...


class Guide(Protocol):
    item_id: str

    def basic_info(self) -> dict: ...                   # what the guide states, without a click
    def read_guide(self) -> dict: ...                   # every element, section by section
    def download_forms(self, guide: dict) -> dict: ...
    def start_online_application(self) -> OnlineStart: ...
    def apply_online(self, persona) -> tuple[ApplyForm, bool]: ...
    def open_booking(self, persona) -> BookingForm: ...   # 网上预约 → sign in when asked → the form


class StatusResult(Protocol):
    found: bool
    fields: dict
    page_text: str

    @property
    def status(self) -> str | None: ...


class StatusQuery(Protocol):
    def query(self, number: str, values: dict[str, str]) -> StatusResult: ...


class Review(Protocol):
    def levels_offered(self) -> list[str]: ...
    def leave_review(self, level: str, comment: str) -> "Review": ...
    def followup_state(self) -> str: ...                # raises when no follow-up shows


class MyApplications(Protocol):
    def open_review(self, number: str) -> Review: ...


class EntryRoute(Protocol):
    reached: bool
    clicks: int
    pages: int
    path: list[str]
    landed_url: str


class Site(Protocol):
    site: object

    def sign_in_via_sso(self, persona) -> SignIn: ...
    def open_next_page(self) -> "Site": ...
    def still_signed_in(self) -> bool: ...
    def find_unified_entry(self, portal_host: str, max_clicks: int = 8) -> EntryRoute: ...


class Channel(Protocol):
    def open_first_of(self, names: list[str]) -> Guide: ...


class Application(Protocol):
    number: str
    persona: object
    item_name: str
    query_password: str | None


class SsoStats(Protocol):
    attempts: int
    times_ms: list
    errors: list

    @property
    def successes(self) -> int: ...


class LinkCheck(Protocol):
    checked: int
    dead: list
    server_errors: list


class PiiScan(Protocol):
    pages: list[str]
    hits: list[str]
    where: list[str]

    def pages_showing(self, values: list[str]) -> list[str]: ...   # an empty value never matches


class VisualAudit(Protocol):
    """What the 长辈版 showed (pages/abilities/accessibility.py visual_audit)."""
    min_font_px: float | None
    popups: int            # modal layers, with or without ARIA (a dimming mask of plain divs counts)

    def low_contrast(self, ratio: float) -> list: ...
    def small_targets(self, px: float) -> list: ...


class Portal(Protocol):
    portal_host: str
    idp_host: str
    review_levels: list[str]

    def platform_hosts(self) -> set[str]: ...
    def sample_keyword(self) -> str: ...
    def site_by_code(self, code: str): ...
    def one_network_site(self): ...
    def open_home(self) -> Home: ...
    def open_home_signed_in(self, persona) -> Home: ...
    def sso_attempts(self, persona, attempts: int) -> SsoStats: ...
    def open_site(self, site) -> Site: ...
    def confirm_on_platform(self, url: str) -> None: ...
    def channel_here(self, site) -> Channel: ...
    def open_guide(self, item_id: str) -> Guide: ...
    def open_site_copy(self, kind: str, code: str, item: str) -> Guide: ...   # 数据同源: a site's own copy
    def open_status_query(self) -> StatusQuery: ...
    def open_my_applications(self) -> MyApplications: ...
    def apply_for(self, persona, item_name: str, files) -> Application: ...
    def advance_application(self, application: Application, status: str) -> Application: ...
    def verification(self, application: Application, persona=None) -> dict[str, str]: ...
    def forget_visitor(self) -> None: ...
    def notices_that_came_back(self) -> list[str]: ...   # closed, then shown again by the same site
    def check_links(self, page_urls: list[str], limit: int = 120) -> LinkCheck: ...
    def scan_personal_pages(self, application: Application, persona) -> PiiScan: ...
