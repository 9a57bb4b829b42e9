from portal.core.views import bp  # noqa: F401
