"""Finding initiatives: a list filtered by area, category, status and words, page by page.

The filters are a plain GET form, so the list works without JavaScript and every filtered
list has its own address; with htmx the results region is swapped in place.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.orm import selectinload
from wtforms import SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from portal import access
from portal.extensions import db
from portal.htmx import render
from portal.initiatives import lifecycle, search
from portal.initiatives.blueprint import bp
from portal.initiatives.categories import CATEGORIES
from portal.initiatives.models import Initiative, InitiativePhoto
from portal.teams.models import DISTRICT, Area

PER_PAGE = 12
# Reachable through the status filter only. A draft shows in its own initiator's list.
HIDDEN_BY_DEFAULT = (lifecycle.DECLINED, lifecycle.WITHDRAWN)


@dataclass(frozen=True)
class Filters:
    """What the visitor asked for; unknown values are dropped rather than refused."""

    q: str = ""
    area: str = ""
    category: str = ""
    status: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args) -> Filters:
        category = args.get("category", "")
        status = args.get("status", "")
        try:
            page = max(1, int(args.get("page", 1)))
        except ValueError:
            page = 1
        return cls(
            q=args.get("q", "").strip()[:200],
            area=args.get("area", "").strip()[:12],
            category=category if category in CATEGORIES else "",
            status=status if status in lifecycle.STATUSES else "",
            page=page,
        )

    def args(self, **changes) -> dict:
        """Query-string values for a link to this list (empty filters left out)."""
        values = vars(replace(self, **changes))
        return {key: value for key, value in values.items() if value and not (key == "page" and value == 1)}


def visible_to(viewer):
    """Drafts are seen by their initiator only; everything else is public."""
    if viewer is not None and viewer.is_authenticated:
        return or_(Initiative.status != lifecycle.DRAFT, Initiative.initiator_id == viewer.id)
    return Initiative.status != lifecycle.DRAFT


def area_ids(code: str) -> list[int] | None:
    """The area with ``code`` and, for a district, its neighbourhoods; None if unknown."""
    area = db.session.scalar(select(Area).where(Area.code == code))
    if area is None:
        return None
    return [area.id, *(child.id for child in area.children)] if area.kind == DISTRICT else [area.id]


def initiatives_found(filters: Filters, viewer) -> Select:
    """The initiatives ``viewer`` may see that match ``filters``, newest first."""
    query = select(Initiative).where(visible_to(viewer))
    if filters.status:
        query = query.where(Initiative.status == filters.status)
    else:
        query = query.where(Initiative.status.not_in(HIDDEN_BY_DEFAULT))
    if filters.category:
        query = query.where(Initiative.category == filters.category)
    if filters.area:
        ids = area_ids(filters.area)
        query = query.where(Initiative.area_id.in_(ids) if ids else false())
    condition = search.matches(Initiative.search_terms, filters.q)
    if condition is not None:
        query = query.where(condition)
    newest = func.coalesce(Initiative.submitted_at, Initiative.created_at)
    return query.options(selectinload(Initiative.area)).order_by(newest.desc(), Initiative.id.desc())


def first_photos(initiatives: list[Initiative]) -> dict[int, InitiativePhoto]:
    """The first photo of each initiative (without loading the image bytes)."""
    if not initiatives:
        return {}
    rows = db.session.execute(
        select(InitiativePhoto.id, InitiativePhoto.initiative_id, InitiativePhoto.alt_text)
        .where(InitiativePhoto.initiative_id.in_([initiative.id for initiative in initiatives]))
        .order_by(InitiativePhoto.position.desc(), InitiativePhoto.id.desc())
    )
    return {row.initiative_id: row for row in rows}  # the last one written is the first by position


def area_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Districts with their neighbourhoods, for a select with option groups."""
    districts = db.session.scalars(
        select(Area).where(Area.kind == DISTRICT).options(selectinload(Area.children)).order_by(Area.name)
    )
    groups = []
    for district in districts:
        options = [(district.code, _l("All of %(district)s", district=district.name))]
        options += [(child.code, child.name) for child in district.children]
        groups.append((district.name, options))
    return groups


class FilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    q = SearchField(_l("Words"), validators=[Optional(), Length(max=200)])
    area = SelectField(_l("Area"), validate_choice=False)
    category = SelectField(_l("Category"))
    status = SelectField(_l("Status"))


def filter_form(viewer) -> FilterForm:
    form = FilterForm(request.args)
    form.area.choices = []  # written out with option groups in the template
    form.category.choices = [SelectChoice("", _l("All categories"))] + [
        SelectChoice(value, label) for value, label in CATEGORIES.items()
    ]
    statuses = [status for status in lifecycle.STATUSES if status != lifecycle.DRAFT or viewer.is_authenticated]
    form.status.choices = [SelectChoice("", _l("Current and realised"))] + [
        SelectChoice(status, lifecycle.STATUS_LABELS[status]) for status in statuses
    ]
    return form


@bp.get("/")
@access.anyone
def list_initiatives():
    filters = Filters.from_args(request.args)
    page = db.paginate(initiatives_found(filters, current_user), page=filters.page, per_page=PER_PAGE, error_out=False)
    return render(
        "initiatives/list.html",
        "results",
        form=filter_form(current_user),
        areas=area_choices(),
        filters=filters,
        page=page,
        photos=first_photos(page.items),
        categories=CATEGORIES,
        status_labels=lifecycle.STATUS_LABELS,
    )
