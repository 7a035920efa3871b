"""``python -m plkit.hub``: a participant's (or the facilitator's) single-user server."""

from plkit.hub.bootstrap import main

raise SystemExit(main())
