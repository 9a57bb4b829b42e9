"""The shared macros the console's long lists use in their quicker form write what the general ones write:
post_button the form post_form writes around its button, table_frame with a loop the table data_table writes
with a call per row (whitespace aside)."""

from __future__ import annotations

import re

import pytest


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).strip()


@pytest.fixture
def render(app):
    """Render template source in one request (one CSRF token for all), whitespace squeezed."""
    with app.test_request_context("/help/console"):
        yield lambda source, **context: squeezed(app.jinja_env.from_string(source).render(**context))


FORMS = '{% from "_macros/forms.html" import post_button, post_form %}'
BUTTON = '<button type="submit" class="{{ class_ }}">{{ label }}{% if described is not none %}<span class="sr-only">: {{ described }}</span>{% endif %}</button>'


@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"described": "Riet <Vos>", "hidden": {"next": "/help/console?page=2&later=3"}},
        {"class_": "link-button", "form_class": None, "hx_target": "#list", "hx_swap": "outerHTML"},
        {"form_class": "stacked", "hx_target": "#list", "hidden": {"a": "1", "b": '"2"'}},
    ],
)
def test_post_button_writes_the_form_post_form_writes_around_a_button(render, arguments):
    values = {"class_": "utrecht-button utrecht-button--primary-action", "described": None, **arguments}
    button = render(
        FORMS + "{{ post_button('/help/console/matches/7/cancel', 'Cancel the match', **arguments) }}",
        arguments=arguments,
    )
    form = render(
        FORMS
        + "{% call post_form('/help/console/matches/7/cancel', class_=form_class, hidden=hidden, hx_target=hx_target,"
        + " hx_swap=hx_swap) %}"
        + BUTTON
        + "{% endcall %}",
        label="Cancel the match",
        form_class=values.get("form_class", "inline-form"),
        hidden=values.get("hidden", {}),
        hx_target=values.get("hx_target"),
        hx_swap=values.get("hx_swap"),
        class_=values["class_"],
        described=values["described"],
    )
    assert button == form
    assert 'name="csrf_token"' in button and "Riet <Vos>" not in button


@pytest.mark.parametrize("items", [[], ["één", "<twee>"]])
@pytest.mark.parametrize("empty", [None, "Nothing here."])
def test_table_frame_with_a_loop_writes_the_table_data_table_writes(render, items, empty):
    tables = '{% from "_macros/tables.html" import data_table, sr_only, table_frame %}'
    arguments = (
        "items, ['Name', sr_only('Action')], caption='Names', class_='console-table', empty=empty, empty_class='muted'"
    )
    per_row = render(
        tables + f"{{% call(item) data_table({arguments}) %}}<tr><td>{{{{ item }}}}</td></tr>{{% endcall %}}",
        items=items,
        empty=empty,
    )
    looped = render(
        tables
        + f"{{% call table_frame({arguments}) %}}{{% for item in items %}}<tr><td>{{{{ item }}}}</td></tr>{{% endfor %}}{{% endcall %}}",
        items=items,
        empty=empty,
    )
    assert per_row == looped
    assert ("<table" in looped) == bool(items or empty is None)
