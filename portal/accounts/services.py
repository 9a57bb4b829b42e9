"""Verbs on accounts: register, log in, passwords, profile, data rights, staff accounts.

Every function changes the session and flushes; the caller (a view or a command) commits.
Bad input raises DomainError naming the form field it belongs to.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from portal import events
from portal.accounts import mails, passwords, tokens
from portal.accounts.homes import locate_home
from portal.accounts.models import ROLE_COORDINATOR, ROLE_RESIDENT, ROLE_WORKER, ROLES, User
from portal.audit import AuditEntry, record
from portal.errors import DomainError
from portal.extensions import db
from portal.teams.models import Team, TeamQuestion
from portal.timeutil import utcnow

LOGIN_FAILED = "login_failed"
ACCOUNT_DEACTIVATED = "deactivated"
NOT_CONFIRMED = "not_confirmed"


class LoginRefused(DomainError):
    """Log-in refused; ``reason`` is LOGIN_FAILED (unknown or wrong), ACCOUNT_DEACTIVATED or NOT_CONFIRMED."""

    def __init__(self, message: str, reason: str):
        super().__init__(message, None)
        self.reason = reason


def password_message(problem: str) -> str:
    """The sentence shown for a problem found by passwords.password_problem."""
    messages = {
        passwords.TOO_SHORT: _("Use at least %(count)s characters.", count=passwords.MIN_LENGTH),
        passwords.TOO_LONG: _("Use at most %(count)s characters.", count=passwords.MAX_LENGTH),
        passwords.TOO_COMMON: _("This password is too common and easy to guess. Choose another one."),
        passwords.TOO_PERSONAL: _("Do not use your name or e-mail address as your password."),
    }
    return messages[problem]


def check_new_password(password: str, email: str = "", name: str = "", field: str = "password") -> None:
    problem = passwords.password_problem(password, email=email, name=name)
    if problem:
        raise DomainError(password_message(problem), field)


def _normalised_email(email: str) -> str:
    return email.strip().lower()


def _ensure_email_free(email: str, field: str = "email") -> None:
    if User.by_email(email) is not None:
        raise DomainError(
            _("This e-mail address cannot be used to register. If it is yours, log in or reset your password."),
            field,
        )


def register_resident(
    *, name: str, email: str, password: str, postcode: str, area_id: int | None, locale: str
) -> User | None:
    """Create a resident account placed in their neighbourhood, and mail a link to confirm the address.

    When the address already has an account, no account is made and its owner gets a mail instead
    (a new confirmation link when it was never confirmed). The caller answers the same either way,
    so registering tells nobody whether an address has an account. Returns the new account or None.
    """
    check_new_password(password, email, name)
    home = locate_home(postcode, area_id)
    password_hash = passwords.hash_password(password)  # also for a known address: the same work, the same time
    existing = User.by_email(email)
    if existing is not None:
        if existing.email_confirmed:
            mails.queue_registration_attempt_mail(existing)
        else:
            mails.queue_confirmation_mail(existing)
        db.session.flush()
        return None
    user = User(
        name=name.strip(),
        email=_normalised_email(email),
        password_hash=password_hash,
        home_postcode=home.postcode,
        area=home.area,
        locale=locale,
        role=ROLE_RESIDENT,
    )
    db.session.add(user)
    db.session.flush()
    mails.queue_confirmation_mail(user)
    return user


def authenticate(email: str, password: str) -> User:
    """The account for these credentials; LoginRefused otherwise, alike for unknown and wrong.

    Only after the right password does the refusal say more: deactivated, or address not confirmed yet.
    """
    user = User.by_email(email) if email else None
    if not passwords.verify_password(user.password_hash if user else None, password):
        raise LoginRefused(_("The e-mail address or password is not correct."), LOGIN_FAILED)
    if not user.active:
        raise LoginRefused(
            _("This account has been deactivated. Contact your WIJ-team if you think this is a mistake."),
            ACCOUNT_DEACTIVATED,
        )
    if not user.email_confirmed:
        raise LoginRefused(
            _(
                "Confirm your e-mail address first: open the link in the mail we sent you when you registered. "
                "No mail? We can send the link again."
            ),
            NOT_CONFIRMED,
        )
    user.last_login_at = utcnow()
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    db.session.flush()
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link when an active account has this address; otherwise do nothing."""
    user = User.by_email(email)
    if user is not None and user.active:
        mails.queue_password_mail(user, tokens.RESET)


def request_confirmation_link(email: str) -> None:
    """Mail a new confirmation link when an active, unconfirmed account has this address; otherwise do nothing."""
    user = User.by_email(email)
    if user is not None and user.active and not user.email_confirmed:
        mails.queue_confirmation_mail(user)


def user_for_token(token: str, purpose: str) -> User:
    """The account a mailed link is for; TokenProblem when expired, tampered with or used."""
    secret = current_app.config["SECRET_KEY"]
    claim = tokens.read_token(secret, purpose, token, mails.max_age(purpose))
    user = db.session.get(User, claim.user_id)
    if user is None or not user.active or not tokens.still_valid(secret, claim, mails.link_state(user, purpose)):
        raise tokens.TokenProblem(tokens.USED)
    return user


def confirm_email(user: User) -> None:
    """Mark the address as confirmed (its owner opened a link we mailed to it); the link then stops working."""
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        db.session.flush()


def set_password(user: User, password: str) -> None:
    """Give the account a new password; every earlier password link and every session stop working."""
    check_new_password(password, user.email, user.name)
    user.password_hash = passwords.hash_password(password)
    user.end_sessions()
    db.session.flush()


def set_password_by_link(user: User, password: str) -> None:
    """A password chosen through a mailed link (reset or welcome): the link reached the mailbox, so the
    address is confirmed as well."""
    set_password(user, password)
    confirm_email(user)


def end_sessions(user: User) -> None:
    """Log the account out on every device: every session and remember cookie made so far stops working."""
    user.end_sessions()
    db.session.flush()


def change_password(user: User, current: str, new: str) -> None:
    """Change the password, which needs the current one."""
    if not passwords.verify_password(user.password_hash, current):
        raise DomainError(_("This is not your current password."), "current_password")
    set_password(user, new)


def update_profile(user: User, *, name: str, postcode: str, area_id: int | None, locale: str) -> None:
    """Change name, language and home; a new postcode places the resident again."""
    if locale not in current_app.config["LANGUAGES"]:
        raise DomainError(_("Choose one of the languages offered."), "language")
    home = locate_home(postcode, area_id if area_id is not None else user.area_id)
    user.name = name.strip()
    user.locale = locale
    user.home_postcode = home.postcode
    user.area = home.area
    db.session.flush()


def delete_account(user: User, password: str) -> None:
    """Remove the account and its personal data.

    Questions the resident sent to a team stay for the team's counts (how many, answered in
    time) but lose everything personal: the link to the account, the name, the contact and
    the message. Audit entries keep what happened, no longer who did it. Every feature removes
    its own share through ``events.account_deleting``.
    """
    if not passwords.verify_password(user.password_hash, password):
        raise DomainError(_("This is not your current password."), "password")
    if user.is_coordinator and _active_coordinators() <= 1:
        raise DomainError(_("You are the last coordinator. Make someone else coordinator first."), "password")
    erase_account(user)


def erase_account(user: User) -> None:
    """Delete the account and its personal data as ``delete_account`` describes, without its checks
    (also used by the retention purge for accounts whose address was never confirmed)."""
    db.session.execute(
        update(TeamQuestion)
        .where(TeamQuestion.user_id == user.id)
        .values(user_id=None, name="", contact="", message="")
    )
    db.session.execute(update(TeamQuestion).where(TeamQuestion.answered_by_id == user.id).values(answered_by_id=None))
    db.session.execute(update(AuditEntry).where(AuditEntry.actor_id == user.id).values(actor_id=None))
    events.account_deleting.send(user)
    user.teams = []
    db.session.delete(user)
    db.session.flush()


def _active_coordinators() -> int:
    query = select(db.func.count(User.id)).where(User.role == ROLE_COORDINATOR, User.active.is_(True))
    return db.session.scalar(query) or 0


# Staff accounts: workers and coordinators, made by a coordinator (admin pages or command line).


def _teams_by_slug(slugs: list[str], field: str = "teams") -> list[Team]:
    wanted = list(dict.fromkeys(slugs))
    found = {team.slug: team for team in db.session.scalars(select(Team).where(Team.slug.in_(wanted)))}
    unknown = [slug for slug in wanted if slug not in found]
    if unknown:
        raise DomainError(_("Unknown team: %(slugs)s.", slugs=", ".join(unknown)), field)
    return [found[slug] for slug in wanted]


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise DomainError(_("Unknown role: %(role)s.", role=role), "role")


def create_staff(
    actor: User | None,
    *,
    name: str,
    email: str,
    role: str,
    team_slugs: list[str],
    password: str | None = None,
    locale: str = "nl",
) -> User:
    """Create a worker or coordinator account.

    With ``password`` the account can log in at once; without, it gets an unusable password
    and the caller sends a link to choose one (mails.queue_password_mail with WELCOME), which also
    confirms the address.
    """
    if role not in (ROLE_WORKER, ROLE_COORDINATOR):
        raise DomainError(_("A staff account is a worker or a coordinator."), "role")
    if not name.strip():
        raise DomainError(_("Enter a name."), "name")
    if password is not None:
        check_new_password(password, email, name)
    _ensure_email_free(email)
    user = User(
        name=name.strip(),
        email=_normalised_email(email),
        password_hash=passwords.hash_password(password) if password else passwords.unusable_password_hash(),
        role=role,
        locale=locale,
        # Made with a password (the command line), the account is vouched for by whoever made it; without,
        # its owner confirms the address by choosing a password through the welcome link.
        email_confirmed_at=utcnow() if password else None,
    )
    user.teams = _teams_by_slug(team_slugs)
    db.session.add(user)
    db.session.flush()
    record(actor, "user.create", _subject(user), f"role={role}; teams={','.join(team_slugs) or '-'}")
    return user


def set_role(actor: User | None, user: User, role: str) -> None:
    """Give ``user`` a role; a coordinator cannot take their own coordinator role away."""
    _check_role(role)
    if actor is not None and actor.id == user.id and user.is_coordinator and role != ROLE_COORDINATOR:
        raise DomainError(_("You cannot remove your own coordinator role. Ask another coordinator."), "role")
    if user.role == role:
        return
    record(actor, "user.role", _subject(user), f"{user.role} -> {role}")
    user.role = role
    if role == ROLE_RESIDENT and user.teams:
        record(actor, "user.teams", _subject(user), "removed from all teams")
        user.teams = []
    db.session.flush()


def set_teams(actor: User | None, user: User, team_slugs: list[str]) -> None:
    """Make ``user`` a member of exactly these teams."""
    teams = _teams_by_slug(team_slugs)
    if teams and not user.is_worker:
        raise DomainError(_("Only workers and coordinators can be members of a team."), "teams")
    before = sorted(team.slug for team in user.teams)
    after = sorted(team.slug for team in teams)
    if before != after:
        record(actor, "user.teams", _subject(user), f"{','.join(before) or '-'} -> {','.join(after) or '-'}")
        user.teams = teams
        db.session.flush()


def add_to_team(actor: User | None, user: User, slug: str) -> None:
    set_teams(actor, user, [team.slug for team in user.teams] + [slug])


def remove_from_team(actor: User | None, user: User, slug: str) -> None:
    if slug not in {team.slug for team in user.teams}:
        raise DomainError(_("This account is not a member of team %(slug)s.", slug=slug), "teams")
    set_teams(actor, user, [team.slug for team in user.teams if team.slug != slug])


def set_active(actor: User | None, user: User, active: bool) -> None:
    """Deactivate (cannot log in, logged out everywhere) or reactivate an account; never your own."""
    if actor is not None and actor.id == user.id and not active:
        raise DomainError(_("You cannot deactivate your own account."), "active")
    if user.active != active:
        record(actor, "user.activate" if active else "user.deactivate", _subject(user))
        user.active = active
        if not active:
            user.end_sessions()
        db.session.flush()


def update_staff(actor: User, user: User, *, role: str, team_slugs: list[str], active: bool) -> None:
    """The admin edit of an account: role, teams and whether it may log in."""
    set_role(actor, user, role)
    set_teams(actor, user, team_slugs)
    set_active(actor, user, active)


def send_password_link(actor: User | None, user: User) -> None:
    """Mail ``user`` a link to choose a new password (e.g. when the welcome link expired)."""
    if not user.active:
        raise DomainError(_("This account is deactivated. Activate it first."), "active")
    mails.queue_password_mail(user, tokens.RESET)
    record(actor, "user.password_link", _subject(user))
    db.session.flush()


def user_by_email(email: str) -> User:
    """The account with this address, or DomainError (for the command line)."""
    user = User.by_email(email)
    if user is None:
        raise DomainError(_("No account with e-mail address %(email)s.", email=email), "email")
    return user


def _subject(user: User) -> str:
    """Audit subjects name accounts by id only, so deleting an account leaves no personal data."""
    return f"user:{user.id}"
