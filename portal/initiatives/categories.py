"""Initiative categories, with their labels."""

from flask_babel import lazy_gettext as _l

CATEGORIES = {
    "meeting": _l("Street party / meeting"),
    "green": _l("Green and gardening"),
    "play": _l("Play and sport"),
    "culture": _l("Culture"),
    "safety": _l("Safety"),
    "neighbours": _l("Help for neighbours"),
    "other": _l("Other"),
}
