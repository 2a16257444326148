"""The web pages: server-rendered HTML for the patient and the instructor, beside the JSON API.

`install(app)` compiles the language catalogs, builds the template environments, mounts the static
files and adds every page router listed in `ROUTERS` (add a module there to add pages).
"""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from spinecoach.web.i18n import load_translations
from spinecoach.web.pages import auth, desk, journal, patient, player, program_builder, questionnaires
from spinecoach.web.pages.errors import install_page_errors
from spinecoach.web.pages.rendering import PageEnvironments

STATIC = "/static"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
ROUTERS = [auth.router, patient.router, player.router, journal.router, questionnaires.router]
ROUTERS += [desk.router, program_builder.router]


def install(app: FastAPI) -> None:
    app.state.translations = load_translations()
    app.state.pages = PageEnvironments.build(app.state.translations)
    app.mount(STATIC, StaticFiles(directory=STATIC_DIR), name="static")
    for router in ROUTERS:
        app.include_router(router)
    install_page_errors(app)
