"""The collective-projects blueprint, in its own module so every view module can import it."""

from flask import Blueprint

bp = Blueprint("projects", __name__, url_prefix="/projects")
