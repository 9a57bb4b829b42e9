"""Account services against a real database: registration, log-in, links, profile, data rights."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.accounts import homes, mails, passwords, queries, services, tokens
from portal.accounts.models import ROLE_COORDINATOR, ROLE_RESIDENT, ROLE_WORKER, User
from portal.audit import AuditEntry, record
from portal.errors import DomainError
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.teams.models import TeamQuestion
from tests.accounts_support import OUTSIDE_POSTCODE, SPLIT_POSTCODE, TEAM_POSTCODE, freeze_token_clock
from tests.factories import TEST_PASSWORD, make_user, team_by_slug

GOOD_PASSWORD = "Paarse-Fiets-Zonnelaan-7"


@pytest.fixture
def rctx(app, groningen):
    """A request context: the services translate their messages for the current visitor."""
    with app.test_request_context():
        yield
        db.session.remove()


def _register(**overrides) -> User:
    values = {
        "name": "Fenna Dijkstra",
        "email": "Fenna@Example.org ",
        "password": GOOD_PASSWORD,
        "postcode": TEAM_POSTCODE,
        "area_id": None,
        "locale": "en",
    }
    values.update(overrides)
    return services.register_resident(**values)


def test_register_places_the_resident_with_their_team(rctx):
    user = _register()
    assert user.email == "fenna@example.org"
    assert user.role == ROLE_RESIDENT and user.locale == "en"
    assert user.password_hash.startswith("scrypt:") and GOOD_PASSWORD not in user.password_hash
    assert user.home_postcode == "9741 AB"
    assert user.home_team.slug == "selwerd"


def test_register_split_postcode_needs_a_choice_among_the_candidates(rctx):
    with pytest.raises(homes.NeedsNeighbourhood) as need:
        _register(postcode=SPLIT_POSTCODE)
    candidates = need.value.candidates
    assert len({area.team_id for area in candidates}) > 1
    assert need.value.field == "neighbourhood"
    chosen = candidates[-1]
    user = _register(postcode=SPLIT_POSTCODE, area_id=chosen.id)
    assert user.area_id == chosen.id


def test_register_split_postcode_refuses_a_neighbourhood_elsewhere(rctx):
    elsewhere = homes.locate_home(TEAM_POSTCODE, None).area
    with pytest.raises(homes.NeedsNeighbourhood):
        _register(postcode=SPLIT_POSTCODE, area_id=elsewhere.id)


@pytest.mark.parametrize("postcode", ["", "hello", "12345", "<script>", "9741 ABC"])
def test_register_refuses_what_is_not_a_postcode(rctx, postcode):
    with pytest.raises(DomainError) as error:
        _register(postcode=postcode)
    assert error.value.field == "postcode"


def test_register_outside_groningen_says_so(rctx):
    with pytest.raises(DomainError) as error:
        _register(postcode=OUTSIDE_POSTCODE)
    assert error.value.field == "postcode"
    assert "gemeente Groningen" in error.value.message
    assert db.session.scalar(select(func.count(User.id))) == 0


def _mails() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_register_mails_a_confirmation_link_without_echoing_the_name(rctx):
    user = _register(name="Klik hier https://evil.example")
    assert user.email_confirmed_at is None
    [mail] = _mails()
    assert mail.recipient == "fenna@example.org" and mail.subject == "Confirm your e-mail address"
    assert "/account/confirm/" in mail.body and "evil.example" not in mail.body and "Klik" not in mail.body


def test_register_with_a_confirmed_address_makes_no_account_and_tells_its_owner(rctx):
    owner = make_user(email="fenna@example.org", name="Fenna Owner", locale="nl")
    assert _register(email="FENNA@example.org", name="Iemand Anders") is None
    assert db.session.scalar(select(func.count(User.id))) == 1
    assert passwords.verify_password(owner.password_hash, TEST_PASSWORD)  # nothing of the account changed
    [mail] = _mails()
    assert mail.recipient == "fenna@example.org"
    assert "Fenna" in mail.body and "Anders" not in mail.body  # the name typed by whoever registered is never echoed
    assert "/account/login" in mail.body and "/account/forgot-password" in mail.body


def test_register_with_an_unconfirmed_address_sends_its_confirmation_link_again(rctx):
    make_user(email="fenna@example.org", email_confirmed_at=None, locale="en")
    assert _register(name="Iemand Anders") is None
    [mail] = _mails()
    assert mail.subject == "Confirm your e-mail address" and "/account/confirm/" in mail.body


def test_confirmation_link_works_once_and_expires(app, rctx, monkeypatch):
    clock = freeze_token_clock(monkeypatch)
    user = _register()
    link = _mails()[0].body.split("/account/confirm/")[1].split()[0]
    assert services.user_for_token(link, tokens.CONFIRM) is user
    services.confirm_email(user)
    assert user.email_confirmed_at is not None
    with pytest.raises(tokens.TokenProblem) as used:
        services.user_for_token(link, tokens.CONFIRM)
    assert used.value.kind == tokens.USED
    other = _register(email="other@example.org")
    other_link = _mails()[-1].body.split("/account/confirm/")[1].split()[0]
    clock.advance(mails.max_age(tokens.CONFIRM) + 1)
    with pytest.raises(tokens.TokenProblem) as expired:
        services.user_for_token(other_link, tokens.CONFIRM)
    assert expired.value.kind == tokens.EXPIRED
    assert other.email_confirmed_at is None


def test_a_password_link_is_no_confirmation_link(rctx):
    user = make_user(email_confirmed_at=None)
    with pytest.raises(tokens.TokenProblem):
        services.user_for_token(_reset_token(user), tokens.CONFIRM)


def test_confirmation_link_mails_only_for_unconfirmed_active_accounts(rctx):
    make_user(email="new@example.org", email_confirmed_at=None)
    make_user(email="done@example.org")
    make_user(email="off@example.org", email_confirmed_at=None, active=False)
    for email in ("new@example.org", "done@example.org", "off@example.org", "nobody@example.org"):
        services.request_confirmation_link(email)
    assert [mail.recipient for mail in _mails()] == ["new@example.org"]


@pytest.mark.parametrize("password", ["kort", "1234567890", "wachtwoord123", "fenna@example.org"])
def test_register_refuses_weak_passwords(rctx, password):
    with pytest.raises(DomainError) as error:
        _register(password=password, email="fenna@example.org")
    assert error.value.field == "password"


def test_authenticate_refuses_unknown_and_wrong_alike(rctx):
    make_user(email="known@example.org")
    messages = []
    for email, password in (("known@example.org", "Wrong-password-123"), ("unknown@example.org", TEST_PASSWORD)):
        with pytest.raises(services.LoginRefused) as refused:
            services.authenticate(email, password)
        assert refused.value.reason == services.LOGIN_FAILED
        messages.append(refused.value.message)
    assert messages[0] == messages[1]


def test_authenticate_checks_a_dummy_hash_for_unknown_accounts(rctx, monkeypatch):
    checked = []
    monkeypatch.setattr(passwords, "check_password_hash", lambda h, p: checked.append(h) or False)
    with pytest.raises(services.LoginRefused):
        services.authenticate("nobody@example.org", "whatever-password")
    assert len(checked) == 1


def test_authenticate_refuses_deactivated_accounts_only_after_the_right_password(rctx):
    make_user(email="gone@example.org", active=False)
    with pytest.raises(services.LoginRefused) as wrong:
        services.authenticate("gone@example.org", "Wrong-password-123")
    assert wrong.value.reason == services.LOGIN_FAILED
    with pytest.raises(services.LoginRefused) as right:
        services.authenticate("gone@example.org", TEST_PASSWORD)
    assert right.value.reason == services.ACCOUNT_DEACTIVATED


def test_authenticate_refuses_unconfirmed_addresses_only_after_the_right_password(rctx):
    make_user(email="new@example.org", email_confirmed_at=None)
    with pytest.raises(services.LoginRefused) as wrong:
        services.authenticate("new@example.org", "Wrong-password-123")
    assert wrong.value.reason == services.LOGIN_FAILED
    with pytest.raises(services.LoginRefused) as right:
        services.authenticate("new@example.org", TEST_PASSWORD)
    assert right.value.reason == services.NOT_CONFIRMED


def test_authenticate_records_the_login_and_upgrades_old_hashes(rctx):
    from werkzeug.security import generate_password_hash

    user = make_user(password_hash=generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1000"))
    assert services.authenticate(user.email.upper(), TEST_PASSWORD) is user
    assert user.last_login_at is not None
    assert user.password_hash.startswith(passwords.CURRENT_PREFIX)


def test_reset_mail_only_for_active_accounts_in_their_language(rctx):
    make_user(email="en@example.org", locale="en")
    make_user(email="off@example.org", active=False)
    for email in ("en@example.org", "off@example.org", "nobody@example.org"):
        services.request_password_reset(email)
    mails = list(db.session.scalars(select(OutboxMessage)))
    assert [mail.recipient for mail in mails] == ["en@example.org"]
    assert mails[0].subject == "Choose a new password"
    assert "/account/reset/" in mails[0].body and "Someone, probably you" in mails[0].body


def test_reset_mail_is_written_in_the_residents_language(rctx, monkeypatch):
    from flask_babel import get_locale

    from portal.accounts import mails

    seen = []
    real = mails._reset_text
    monkeypatch.setattr(mails, "_reset_text", lambda user: seen.append(str(get_locale())) or real(user))
    make_user(email="nl@example.org", locale="nl")
    make_user(email="en@example.org", locale="en")
    services.request_password_reset("nl@example.org")
    services.request_password_reset("en@example.org")
    assert seen == ["nl", "en_GB"]  # English is written with the British formats


def _reset_token(user) -> str:
    from flask import current_app

    return tokens.make_token(current_app.config["SECRET_KEY"], tokens.RESET, user.id, user.password_hash)


def test_reset_token_works_once(rctx):
    user = make_user()
    token = _reset_token(user)
    assert services.user_for_token(token, tokens.RESET) is user
    services.set_password(user, GOOD_PASSWORD)
    with pytest.raises(tokens.TokenProblem) as problem:
        services.user_for_token(token, tokens.RESET)
    assert problem.value.kind == tokens.USED


def test_reset_token_expires_after_the_configured_age(app, rctx, monkeypatch):
    clock = freeze_token_clock(monkeypatch)
    user = make_user()
    token = _reset_token(user)
    clock.advance(app.config["PASSWORD_RESET_MAX_AGE"] + 1)
    with pytest.raises(tokens.TokenProblem) as problem:
        services.user_for_token(token, tokens.RESET)
    assert problem.value.kind == tokens.EXPIRED


def test_reset_token_for_a_deactivated_or_deleted_account_is_refused(rctx):
    user = make_user()
    token = _reset_token(user)
    user.active = False
    with pytest.raises(tokens.TokenProblem):
        services.user_for_token(token, tokens.RESET)
    db.session.delete(user)
    db.session.flush()
    with pytest.raises(tokens.TokenProblem):
        services.user_for_token(token, tokens.RESET)


def test_a_password_chosen_through_a_link_confirms_the_address(rctx):
    user = make_user(email_confirmed_at=None)
    services.set_password_by_link(user, GOOD_PASSWORD)
    assert user.email_confirmed_at is not None


@pytest.mark.parametrize(
    "change",
    [
        lambda user: services.set_password(user, GOOD_PASSWORD),
        lambda user: services.change_password(user, TEST_PASSWORD, GOOD_PASSWORD),
        lambda user: services.set_password_by_link(user, GOOD_PASSWORD),
        lambda user: services.set_active(None, user, False),
        services.end_sessions,
    ],
    ids=["set_password", "change_password", "password_by_link", "deactivate", "end_sessions"],
)
def test_these_changes_end_every_session(rctx, change):
    user = make_user()
    before = user.get_id()
    change(user)
    assert user.session_token and user.get_id() != before
    assert user.get_id().startswith(f"{user.id}:")


def test_other_changes_keep_the_sessions(rctx):
    user = make_user(active=False)
    before = user.get_id()
    services.set_active(None, user, True)
    services.update_profile(user, name="Anouk", postcode=TEAM_POSTCODE, area_id=None, locale="en")
    services.set_role(None, user, ROLE_WORKER)
    assert user.get_id() == before


def test_every_account_gets_its_own_session_token(rctx):
    tokens_made = {make_user().session_token for _ in range(5)}
    assert len(tokens_made) == 5 and all(len(token) >= 40 for token in tokens_made)


def test_change_password_needs_the_current_one(rctx):
    user = make_user()
    with pytest.raises(DomainError) as error:
        services.change_password(user, "not-my-password", GOOD_PASSWORD)
    assert error.value.field == "current_password"
    services.change_password(user, TEST_PASSWORD, GOOD_PASSWORD)
    assert passwords.verify_password(user.password_hash, GOOD_PASSWORD)


def test_update_profile_places_the_new_home(rctx):
    user = make_user()
    services.update_profile(user, name=" Nieuwe Naam ", postcode="9741", area_id=None, locale="en")
    assert (user.name, user.locale, user.home_postcode) == ("Nieuwe Naam", "en", "9741")
    assert user.home_team.slug == "selwerd"
    with pytest.raises(homes.NeedsNeighbourhood):
        services.update_profile(user, name="X", postcode=SPLIT_POSTCODE, area_id=None, locale="en")
    with pytest.raises(DomainError):
        services.update_profile(user, name="X", postcode=TEAM_POSTCODE, area_id=None, locale="fr")


def test_personal_data_holds_the_account_and_the_questions_sent(rctx):
    user = _register()
    team = team_by_slug("selwerd")
    db.session.add(TeamQuestion(team=team, user_id=user.id, name="Fenna", contact="fenna@example.org", message="Hoi"))
    db.session.add(TeamQuestion(team=team, name="Ander", contact="a@example.org", message="Niet van Fenna"))
    db.session.flush()
    data = queries.personal_data(user)
    assert data["account"]["email"] == "fenna@example.org"
    assert data["account"]["team"] == team.name
    assert [q["message"] for q in data["questions_sent_to_teams"]] == ["Hoi"]
    assert "password_hash" not in str(data)


def test_delete_account_erases_personal_data_and_keeps_counts(rctx):
    user = _register()
    other = make_user()
    team = team_by_slug("selwerd")
    db.session.add(TeamQuestion(team=team, user_id=user.id, name="Fenna", contact="06 123", message="Mijn vraag"))
    db.session.add(TeamQuestion(team=team, user_id=other.id, name="Ander", contact="a@x.nl", message="Andere vraag"))
    record(user, "something", "team:selwerd")
    db.session.flush()
    with pytest.raises(DomainError):
        services.delete_account(user, "wrong password here")
    services.delete_account(user, GOOD_PASSWORD)
    assert User.by_email("fenna@example.org") is None
    questions = {q.message: q for q in db.session.scalars(select(TeamQuestion))}
    assert len(questions) == 2 and "Mijn vraag" not in questions
    erased = questions[""]
    assert (erased.user_id, erased.name, erased.contact) == (None, "", "")
    assert questions["Andere vraag"].user_id == other.id
    assert db.session.scalars(select(AuditEntry)).one().actor_id is None


def test_the_last_coordinator_cannot_delete_their_account(rctx):
    boss = make_user(ROLE_COORDINATOR)
    with pytest.raises(DomainError):
        services.delete_account(boss, TEST_PASSWORD)
    make_user(ROLE_COORDINATOR)
    services.delete_account(boss, TEST_PASSWORD)


def test_staff_accounts_are_confirmed_with_a_password_or_by_their_welcome_link(rctx):
    by_command = services.create_staff(None, name="Carla", email="carla@wij.nl", role=ROLE_COORDINATOR,
                                       team_slugs=[], password=GOOD_PASSWORD)  # fmt: skip
    assert by_command.email_confirmed_at is not None
    invited = services.create_staff(None, name="Femke", email="femke@wij.nl", role=ROLE_WORKER, team_slugs=[])
    assert invited.email_confirmed_at is None
    services.set_password_by_link(invited, GOOD_PASSWORD)
    assert invited.email_confirmed_at is not None


def test_create_staff_with_teams_and_audit(rctx):
    boss = make_user(ROLE_COORDINATOR)
    worker = services.create_staff(
        boss, name="Femke Hoekstra", email="femke@wij.nl", role=ROLE_WORKER, team_slugs=["selwerd", "beijum"]
    )
    assert [team.slug for team in worker.teams] == sorted(["selwerd", "beijum"], key=lambda s: s) or worker.teams
    assert worker.works_for("selwerd") and worker.works_for("beijum")
    assert not passwords.verify_password(worker.password_hash, "")
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.actor_id, entry.action, entry.subject) == (boss.id, "user.create", f"user:{worker.id}")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"team_slugs": ["atlantis"]}, "teams"),
        ({"role": "admin"}, "role"),
        ({"role": ROLE_RESIDENT}, "role"),
        ({"email": "taken@example.org"}, "email"),
        ({"name": "  "}, "name"),
        ({"password": "short"}, "password"),
    ],
)
def test_create_staff_refuses_bad_input(rctx, changes, field):
    make_user(email="taken@example.org")
    values = {"name": "Femke", "email": "femke@wij.nl", "role": ROLE_WORKER, "team_slugs": ["selwerd"]}
    values.update(changes)
    with pytest.raises(DomainError) as error:
        services.create_staff(None, **values)
    assert error.value.field == field
    assert User.by_email("femke@wij.nl") is None


def test_a_coordinator_cannot_remove_their_own_coordinator_role(rctx):
    boss = make_user(ROLE_COORDINATOR)
    with pytest.raises(DomainError) as error:
        services.set_role(boss, boss, ROLE_WORKER)
    assert "eigen rol als coördinator" in error.value.message
    with pytest.raises(DomainError):
        services.set_active(boss, boss, False)
    other = make_user(ROLE_COORDINATOR)
    services.set_role(other, boss, ROLE_WORKER)
    assert boss.role == ROLE_WORKER


def test_teams_membership_changes_are_audited(rctx):
    worker = make_user(ROLE_WORKER)
    services.add_to_team(None, worker, "selwerd")
    services.add_to_team(None, worker, "beijum")
    services.remove_from_team(None, worker, "selwerd")
    assert [team.slug for team in worker.teams] == ["beijum"]
    with pytest.raises(DomainError):
        services.remove_from_team(None, worker, "selwerd")
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "user.teams")) == 3


def test_residents_are_in_no_team(rctx):
    worker = make_user(ROLE_WORKER, teams=[team_by_slug("selwerd")])
    services.set_role(None, worker, ROLE_RESIDENT)
    assert worker.teams == []
    with pytest.raises(DomainError):
        services.add_to_team(None, worker, "selwerd")


def test_saving_the_profile_keeps_a_known_neighbourhood_within_the_postcode(rctx):
    from portal.teams.finder import place_postcode

    placement = place_postcode("9741")
    same_team = [a for a in placement.neighbourhoods if a.team == placement.team and a != placement.default_area]
    user = make_user(home_postcode=TEAM_POSTCODE, area=same_team[0])
    services.update_profile(user, name="Anouk", postcode=TEAM_POSTCODE, area_id=None, locale="nl")
    assert user.area == same_team[0]
    services.update_profile(user, name="Anouk", postcode="9715", area_id=None, locale="nl")
    assert user.home_team.slug == "korrewegwijk"


def test_a_postcode_without_a_known_team_still_registers_in_its_neighbourhood(rctx):
    from portal.teams.models import Area, PostcodeArea

    area = Area(code="BU99990000", name="Nieuwbouwwijk", kind="neighbourhood")
    area.postcodes.append(PostcodeArea(pc4="9749", share=1.0))  # a postcode no team or village has
    db.session.add(area)
    db.session.flush()
    user = _register(postcode="9749 AA")
    assert user.area == area and user.home_team is None
