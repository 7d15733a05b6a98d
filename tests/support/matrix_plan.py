"""What each sandbox defect must break, and the fewest runs that prove it (the detection matrix).

`EXPECTED_FAILING` is the one table of the matrix: defect → the journeys that must fail under it
(every other journey must pass). The indicator each defect must lower is the sandbox's own
(`sandbox.defects.DEFECTS[name].indicator`).

`plan_runs` groups defects into runs from that data alone: defects share a run (one sandbox with
several defects switched on) as long as no two in it expect the same journey or lower the same
indicator (ALSO_LOWERS), and no two hide one another (KEEP_APART). A *cascading* defect (it breaks
more than one journey: its failure spreads into the journeys that build on the broken one) shares on
the same terms, its whole spread counted: the defects that break most are placed first. So every
failing journey and every dropped indicator of a run belongs to exactly one of its defects, and every
defect shows; the matrix test also holds each failing journey to the indicator its defect lowers, so
a failure one defect causes in another's journey is not taken for the other's.
"""
from __future__ import annotations

from dataclasses import dataclass

EXPECTED_FAILING: dict[str, frozenset[str]] = {name: frozenset(journeys) for name, journeys in {
    "slow_search": {"search"},
    "search_miss": {"search"},
    "search_500": {"search", "apply", "status", "review", "safety", "elder"},
    "sso_loop": {"sso", "sso_sites", "one_network", "apply", "status", "review", "safety", "booking", "user_center",
                 "elder"},
    "sso_second_login": {"sso_sites"},
    "session_lost_on_city_site": {"sso_sites"},
    "entry_buried": {"entry"},
    "external_hop": {"one_network", "apply", "status", "review", "safety"},
    "upload_rejects_pdf": {"apply", "status", "review", "safety"},
    "submit_500": {"apply", "status", "review", "safety"},
    "status_wrong": {"status"},
    "status_leaks_other": {"status"},
    "review_missing": {"review"},
    "broken_download": {"guide"},
    "guide_missing_elements": {"guide"},
    "pii_unmasked": {"safety", "user_center"},   # 我的证照 shows the full 身份证号 too (charged to SEC)
    "elderly_popup": {"elder"},
    "assistant_unrelated": {"assistant"},
    "assistant_down": {"assistant"},
    "stale_copy": {"same_source"},
    "no_reduction": {"reduction"},
    "slots_full": {"booking"},
    "user_center_broken": {"user_center"},
    "followup_hidden": {"review"},
    "elder_slow_search": {"elder"},
    "elder_second_password": {"elder"},
    "notice_every_view": {"apply"},   # the others close it too (counted clicks) but judge other things
}.items()}

# What a defect lowers besides the indicator it names, because the portal really changes there too (the
# one exception to "no other indicator moves"): no_reduction turns every 即办件 into a 承诺件, so the
# sampled guides' 即办 share (A4-8) falls with their reduction (A4-1). Kept apart from every defect that
# lowers those indicators in a shared run, and allowed to drop in its own cell only.
ALSO_LOWERS: dict[str, frozenset[str]] = {"no_reduction": frozenset({"A4-8"})}

# Defects that may not share a run because one hides the other where it does not fail a journey of its
# own: the 长辈版 search is judged against the standard search's time (a slow standard search hides
# elder_slow_search); a guide that lost its 法定办结时限 cannot show its reduction (no_reduction), and a
# copy is compared on the elements both pages show (fewer under guide_missing_elements: stale_copy).
KEEP_APART: frozenset[frozenset[str]] = frozenset({
    frozenset({"slow_search", "elder_slow_search"}),
    frozenset({"guide_missing_elements", "no_reduction"}),
    frozenset({"guide_missing_elements", "stale_copy"}),
})

# Defects the sandbox switches on whose journeys are not written yet: the matrix cannot judge them until
# they move into EXPECTED_FAILING with the journeys they must break (tests/unit/test_matrix_plan.py keeps
# the two apart and every other defect in one of them). Issue 23's nine moved in with their journeys.
AWAITING_JOURNEYS: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MatrixRun:
    """One journey run of the matrix: a name (also its run id) and the defects switched on."""
    name: str
    defects: tuple[str, ...]

    @property
    def defects_arg(self) -> str:
        return ",".join(self.defects)


def lowered(defect: str, indicators: dict[str, str],
            also: dict[str, frozenset[str]] = ALSO_LOWERS) -> frozenset[str]:
    """The indicators a defect lowers: the one it names, and any it really changes too (ALSO_LOWERS)."""
    return frozenset({indicators[defect]}) | also.get(defect, frozenset())


def plan_runs(defects: list[str], indicators: dict[str, str],
              expected: dict[str, frozenset[str]] = EXPECTED_FAILING,
              also: dict[str, frozenset[str]] = ALSO_LOWERS,
              apart: frozenset[frozenset[str]] = KEEP_APART) -> list[MatrixRun]:
    """The clean run, then the defects in runs (first fit, those that break most journeys first, then
    by name: a defect joins the first run where it clashes with no one: no journey and no lowered
    indicator in common, no pair kept apart). A run of one defect is named after it."""
    missing = [d for d in defects if d not in expected]
    if missing:
        raise ValueError(f"tests/support/matrix_plan.py: EXPECTED_FAILING has no entry for {missing}")
    groups: list[list[str]] = []
    for d in sorted(defects, key=lambda d: (-len(expected[d]), d)):
        for group in groups:
            if all(not (expected[d] & expected[o]) and frozenset({d, o}) not in apart
                   and not (lowered(d, indicators, also) & lowered(o, indicators, also)) for o in group):
                group.append(d)
                break
        else:
            groups.append([d])
    runs, shared = [MatrixRun("clean", ())], 0
    for group in groups:
        shared += len(group) > 1
        runs.append(MatrixRun(group[0] if len(group) == 1 else f"shared-{shared}", tuple(group)))
    return runs


def run_of(defect: str, runs: list[MatrixRun]) -> MatrixRun:
    return next(r for r in runs if defect in r.defects)


def attribute(failing_journeys: set[str], run: MatrixRun,
              expected: dict[str, frozenset[str]] = EXPECTED_FAILING) -> tuple[dict[str, set[str]], set[str]]:
    """Each failing journey of a run → the one defect of the run that expects it; also the failing
    journeys no defect of the run expects (a failure nobody explains)."""
    owned: dict[str, set[str]] = {d: set() for d in run.defects}
    stray = set()
    for journey in failing_journeys:
        owners = [d for d in run.defects if journey in expected[d]]
        if len(owners) == 1:
            owned[owners[0]].add(journey)
        else:  # none (unexplained), or several (a plan that broke its own rule)
            stray.add(journey)
    return owned, stray


def describe(runs: list[MatrixRun], indicators: dict[str, str]) -> str:
    lines = [f"[matrix] plan: {len(runs)} runs for {sum(len(r.defects) for r in runs)} defects + clean"]
    for r in runs:
        what = ", ".join(f"{d} ({indicators[d]}: {'/'.join(sorted(EXPECTED_FAILING[d]))})" for d in r.defects)
        lines.append(f"[matrix]   {r.name}: {what or 'no defect'}")
    return "\n".join(lines)
