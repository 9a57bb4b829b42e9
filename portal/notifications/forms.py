"""Forms of the notifications feature."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice

from portal.forms import Form
from portal.notifications.kinds import kinds_for
from portal.notifications.models import DAILY, IMMEDIATELY, NEVER, WEEKLY

FREQUENCY_LABELS = {
    IMMEDIATELY: _l("Immediately, by e-mail"),
    DAILY: _l("Once a day, in one e-mail"),
    WEEKLY: _l("Once a week, in one e-mail"),
    NEVER: _l("Not by e-mail, only here on the site"),
}


class PreferencesForm(Form):
    """One choice per kind of notification; :func:`preferences_form` adds the registered kinds' fields."""

    kinds: tuple[str, ...] = ()

    def choices(self) -> dict[str, str]:
        return {kind: self[kind].data for kind in self.kinds}


def preferences_form(user, **kwargs) -> PreferencesForm:
    """The preferences form with a field for every kind ``user`` can receive (in the features' order)."""
    kinds = kinds_for(user)
    fields = {
        kind: RadioField(
            meta.label,
            choices=[SelectChoice(value, label) for value, label in FREQUENCY_LABELS.items()],
            description=meta.hint,
            default=IMMEDIATELY,
        )
        for kind, meta in kinds.items()
    }
    fields["kinds"] = tuple(kinds)
    return type("KindsPreferencesForm", (PreferencesForm,), fields)(**kwargs)
