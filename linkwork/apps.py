from django.contrib.admin.apps import AdminConfig


class LinkworkAdminConfig(AdminConfig):
    """The Django admin, open to administrators only (see ``LinkworkAdminSite``)."""

    default_site = "linkwork.admin.LinkworkAdminSite"
