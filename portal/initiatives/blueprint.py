"""The initiatives blueprint, in its own module so every view module can import it."""

from flask import Blueprint

bp = Blueprint("initiatives", __name__, url_prefix="/initiatives")
