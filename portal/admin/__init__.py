from portal.admin.views import bp  # noqa: F401
