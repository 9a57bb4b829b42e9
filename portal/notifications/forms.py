"""Forms of the notifications feature."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from portal.forms import Form
from portal.notifications.kinds import KINDS
from portal.notifications.models import IMMEDIATELY, NEVER, WEEKLY

FREQUENCY_LABELS = {
    IMMEDIATELY: _l("Immediately, by e-mail"),
    WEEKLY: _l("Once a week, in one e-mail"),
    NEVER: _l("Not by e-mail, only here on the site"),
}


class PreferencesForm(Form):
    """One choice per kind of notification; :func:`preferences_form` adds the registered kinds' fields."""

    def choices(self) -> dict[str, str]:
        return {kind: self[kind].data for kind in KINDS}


def preferences_form(**kwargs) -> PreferencesForm:
    """The preferences form with a field for every kind the features registered (in their order)."""
    fields = {
        kind: RadioField(
            meta.label,
            choices=[SelectChoice(value, label) for value, label in FREQUENCY_LABELS.items()],
            description=meta.hint,
            default=IMMEDIATELY,
        )
        for kind, meta in KINDS.items()
    }
    return type("KindsPreferencesForm", (PreferencesForm,), fields)(**kwargs)
