"""The signals blueprint, in its own module so every view module can import it."""

from flask import Blueprint

bp = Blueprint("signals", __name__, url_prefix="/signals")
