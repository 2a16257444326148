"""The access matrix's table: the status each actor must get on every route, and a valid body for each write."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spinecoach.domain import access
from tests.integration.api_support import (
    API,
    GO_CHECK,
    PROGRAM,
    SCREENING,
    Clinic,
    History,
    event_body,
    finish_body,
    start_body,
)

ANON = "anonymous"
ACTORS = (ANON, "P", "Q", "I", "J", "A")
Statuses = dict[str, int]


def s(anonymous: int, p: int, q: int, i: int, j: int, a: int) -> Statuses:
    """Expected statuses, in the order: anonymous, P, Q, I, J, A."""
    return dict(zip(ACTORS, (anonymous, p, q, i, j, a), strict=True))


# The guard each route declares: `public`, any logged-in user (the plain CurrentActor dependency), or
# the name of the access rule in spinecoach.domain.access that its patient_guard or actor_guard applies.
PUBLIC = "public"
LOGGED_IN = "any logged-in user"
READ = access.can_read_patient.__name__
RECORD = access.can_record_for_patient.__name__
PRESCRIBE = access.can_prescribe.__name__
ACCOUNTS = access.can_manage_accounts.__name__
ALERTS = access.can_see_alerts.__name__
LIST = access.can_list_patients.__name__
EXPORT = access.can_export_own_patients.__name__

PATIENT_RULES = {READ, RECORD, PRESCRIBE}  # rules of patient_guard; the others are actor_guard rules

Route = tuple[str, str]  # (method, path under /api/v1)

# fmt: off
TABLE: dict[Route, tuple[str, Statuses]] = {
    #                                                                  anon    P    Q    I    J    A
    # accounts
    ("POST", "/auth/login"):                                   (PUBLIC, s(200, 200, 200, 200, 200, 200)),
    ("POST", "/auth/logout"):                                  (LOGGED_IN, s(401, 204, 204, 204, 204, 204)),
    ("GET", "/me"):                                            (LOGGED_IN, s(401, 200, 200, 200, 200, 200)),
    ("GET", "/users"):                                         (ACCOUNTS, s(401, 403, 403, 403, 403, 200)),
    ("POST", "/users"):                                        (ACCOUNTS, s(401, 403, 403, 403, 403, 201)),
    ("PATCH", "/users/{user_id}"):                             (ACCOUNTS, s(401, 403, 403, 403, 403, 200)),
    ("POST", "/assignments"):                                  (ACCOUNTS, s(401, 403, 403, 403, 403, 204)),
    # the catalog
    ("GET", "/health"):                                        (PUBLIC, s(200, 200, 200, 200, 200, 200)),
    ("GET", "/exercises"):                                     (PUBLIC, s(200, 200, 200, 200, 200, 200)),
    ("GET", "/exercises/{exercise_id}"):                       (PUBLIC, s(200, 200, 200, 200, 200, 200)),
    ("GET", "/exercises/{exercise_id}/plan"):                  (PUBLIC, s(200, 200, 200, 200, 200, 200)),
    ("GET", "/activities"):                                    (PUBLIC, s(200, 200, 200, 200, 200, 200)),
    # patients, screening, checks, clearances, alerts, the audit trail
    ("GET", "/patients"):                                      (LIST, s(401, 200, 200, 200, 200, 200)),
    ("GET", "/patients/{patient_id}"):                         (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/screenings"):             (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("GET", "/patients/{patient_id}/screenings"):              (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/checks"):                 (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("POST", "/patients/{patient_id}/clearances"):             (PRESCRIBE, s(401, 403, 403, 201, 403, 403)),
    ("GET", "/patients/{patient_id}/alerts"):                  (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/alerts/{alert_id}/acknowledge"):
                                                               (PRESCRIBE, s(401, 403, 403, 200, 403, 403)),
    ("GET", "/alerts"):                                        (ALERTS, s(401, 403, 403, 200, 200, 200)),
    ("GET", "/audit"):                                         (ACCOUNTS, s(401, 403, 403, 403, 403, 200)),
    # programs
    ("GET", "/patients/{patient_id}/programs"):                (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/programs/review"):        (PRESCRIBE, s(401, 403, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/programs"):               (PRESCRIBE, s(401, 403, 403, 201, 403, 403)),
    # sessions
    ("GET", "/patients/{patient_id}/sessions"):                (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/sessions"):               (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("GET", "/patients/{patient_id}/sessions/{session_id}"):   (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/sessions/{session_id}/events"):
                                                               (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("POST", "/patients/{patient_id}/sessions/{session_id}/finish"):
                                                               (RECORD, s(401, 200, 403, 200, 403, 403)),
    # pain, activity and treatment entries
    ("GET", "/patients/{patient_id}/pain"):                    (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/pain"):                   (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("GET", "/patients/{patient_id}/activities"):              (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/activities"):             (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("GET", "/patients/{patient_id}/treatments"):              (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/treatments"):             (RECORD, s(401, 201, 403, 201, 403, 403)),
    # questionnaires and progress (issue 5)
    ("GET", "/patients/{patient_id}/questionnaires"):          (READ, s(401, 200, 403, 200, 403, 403)),
    ("POST", "/patients/{patient_id}/questionnaires/odi"):     (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("POST", "/patients/{patient_id}/questionnaires/startback"):
                                                               (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("GET", "/patients/{patient_id}/questionnaires/responses"):
                                                               (READ, s(401, 200, 403, 200, 403, 403)),
    ("PUT", "/patients/{patient_id}/questionnaires/schedule"): (PRESCRIBE, s(401, 403, 403, 200, 403, 403)),
    ("GET", "/patients/{patient_id}/progress"):                (READ, s(401, 200, 403, 200, 403, 403)),
    # reports and exports (issue 5); the feed comes before a new link would replace its token
    ("GET", "/patients/{patient_id}/report.pdf"):              (READ, s(401, 200, 403, 200, 403, 403)),
    ("GET", "/patients/{patient_id}/export.json"):             (READ, s(401, 200, 403, 200, 403, 403)),
    ("GET", "/patients/{patient_id}/export.csv"):              (READ, s(401, 200, 403, 200, 403, 403)),
    ("GET", "/patients/{patient_id}/export.fhir.json"):        (READ, s(401, 200, 403, 200, 403, 403)),
    ("GET", "/exports/patients.json"):                         (EXPORT, s(401, 403, 403, 200, 200, 200)),
    ("GET", "/exports/patients.csv"):                          (EXPORT, s(401, 403, 403, 200, 200, 200)),
    ("GET", "/calendar/{token}.ics"):                          (PUBLIC, s(200, 200, 200, 200, 200, 200)),
    ("POST", "/patients/{patient_id}/calendar"):               (RECORD, s(401, 201, 403, 201, 403, 403)),
    ("DELETE", "/patients/{patient_id}/calendar"):             (RECORD, s(401, 200, 403, 200, 403, 403)),
}
# fmt: on

# Routes that are neither audited nor guarded: the public catalog and health. (Login is audited.)
# The calendar feed is public but is an export of one patient's data: it is audited with that patient.
CALENDAR_FEED = ("GET", "/calendar/{token}.ics")
UNAUDITED = {
    route
    for route, (guard, _) in TABLE.items()
    if guard == PUBLIC and route not in (("POST", "/auth/login"), CALENDAR_FEED)
}
# The documentation routes FastAPI adds are not part of the table.
DOCS_PATHS = {f"{API}/openapi.json", f"{API}/docs", f"{API}/docs/oauth2-redirect"}


@dataclass(frozen=True)
class Context:
    clinic: Clinic
    history: History
    calendar_token: str = ""  # P's secret calendar link


Body = Callable[[str, Context], Any]


def credentials(actor: str, ctx: Context) -> dict[str, str]:
    person = ctx.clinic["P" if actor == ANON else actor]
    return {"email": person.email, "password": person.password}


# A valid body for every write; an actor-dependent one where a second success would clash.
BODIES: dict[Route, Body] = {
    ("POST", "/auth/login"): credentials,
    ("POST", "/users"): lambda actor, _: {
        "email": f"new-{actor.lower()}@example.org",
        "display_name": f"Made by {actor}",
        "role": "patient",
        "password": "a-long-enough-password",
    },
    ("PATCH", "/users/{user_id}"): lambda *_: {"active": True},  # P stays active for the rest of the walk
    ("POST", "/assignments"): lambda _, ctx: {
        "patient_email": ctx.clinic["P"].email,
        "instructor_email": ctx.clinic["I"].email,
    },
    ("POST", "/patients/{patient_id}/screenings"): lambda *_: SCREENING,
    ("POST", "/patients/{patient_id}/checks"): lambda *_: GO_CHECK,
    ("POST", "/patients/{patient_id}/clearances"): lambda *_: {"note": "Seen by Dr Ivanova on 2 Dec"},
    ("POST", "/patients/{patient_id}/programs/review"): lambda *_: PROGRAM,
    ("POST", "/patients/{patient_id}/programs"): lambda *_: PROGRAM,
    ("POST", "/patients/{patient_id}/sessions"): lambda _, ctx: start_body(ctx.history.check_id),
    ("POST", "/patients/{patient_id}/sessions/{session_id}/events"): lambda actor, _: event_body(
        f"matrix-{actor}"
    ),
    ("POST", "/patients/{patient_id}/sessions/{session_id}/finish"): lambda *_: finish_body(),
    ("POST", "/patients/{patient_id}/pain"): lambda *_: {"score": 4, "reach": "thigh", "note": "after work"},
    ("POST", "/patients/{patient_id}/activities"): lambda *_: {"activity": "swimming", "minutes": 30},
    ("POST", "/patients/{patient_id}/treatments"): lambda *_: {"kind": "massage"},
    ("POST", "/patients/{patient_id}/questionnaires/odi"): lambda *_: {
        "sections": [2, 1, 3, 2, 1, 0, 2, 1, 2, 1]
    },
    ("POST", "/patients/{patient_id}/questionnaires/startback"): lambda *_: {
        "items": ["agree", "disagree", "disagree", "agree", "disagree", "agree", "disagree", "disagree"],
        "bother": "moderately",
    },
    ("PUT", "/patients/{patient_id}/questionnaires/schedule"): lambda *_: {"interval_weeks": 6},
}
FINISH = ("POST", "/patients/{patient_id}/sessions/{session_id}/finish")
LOGIN = ("POST", "/auth/login")
LOGOUT = ("POST", "/auth/logout")
