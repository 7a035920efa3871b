"""``python -m plkit.cli.voila``: Voila as ``plkit serve`` runs it.

Voila's own app, with one change: the server's address (``/``) and Voila's file listing
(``/voila/tree/...``) lead to plkit's home page (the facilitator's server: the dashboard), so a
person who opens ``http://127.0.0.1:8866/`` never sees a raw list of notebook files. Every other
address (``/voila/render/...``, kernels, static files) is Voila's own.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.base.handlers import path_regex
from jupyter_server.utils import url_path_join
from tornado.web import RedirectHandler
from traitlets import Unicode
from voila.app import Voila

__all__ = ["PlkitVoila", "main"]


class PlkitVoila(Voila):  # type: ignore[misc]  # Voila ships no type information
    """Voila whose address and file listing redirect to ``home_page``."""

    home_page = Unicode(
        "voila/render/home.ipynb", config=True,
        help="The page ``/`` and the file listing lead to, relative to the base URL.",
    )

    def init_handlers(self) -> list[Any]:
        # 302, not tornado's default 301: a browser must not remember where "/" leads
        to_home = {"url": url_path_join(self.base_url, self.home_page), "permanent": False}
        # first: tornado takes the first rule that matches, and Voila's own serve the listing
        lead = [
            (self.server_url, RedirectHandler, to_home),
            (url_path_join(self.server_url, r"/voila/tree" + path_regex), RedirectHandler, to_home),
        ]
        return [*lead, *super().init_handlers()]


main = PlkitVoila.launch_instance

if __name__ == "__main__":  # pragma: no cover
    main()
