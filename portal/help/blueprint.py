"""The neighbourly-help blueprint, in its own module so every view module can import it."""

from flask import Blueprint

bp = Blueprint("help", __name__, url_prefix="/help")
