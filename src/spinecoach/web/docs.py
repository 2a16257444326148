"""The API documentation page, with Swagger UI's files served from its installed package.

Nothing is fetched from the internet: the page's script and style come from this server.
"""

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path


def install(app: FastAPI, prefix: str) -> None:
    assets = f"{prefix}/docs-assets"
    app.mount(assets, StaticFiles(directory=swagger_ui_path), name="docs-assets")

    @app.get(f"{prefix}/docs", include_in_schema=False)
    def docs_page() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=f"{prefix}/openapi.json",
            title="spinecoach API",
            swagger_js_url=f"{assets}/swagger-ui-bundle.js",
            swagger_css_url=f"{assets}/swagger-ui.css",
            swagger_favicon_url=f"{assets}/favicon-32x32.png",
        )
