from django.contrib import admin

from linkwork.accounts import policy


class LinkworkAdminSite(admin.AdminSite):
    site_header = "Linkwork administration"
    site_title = "Linkwork administration"
    index_title = "Administration"

    def has_permission(self, request) -> bool:
        """Only administrators use the admin; staff flags on other roles grant nothing here."""
        return policy.can_use_admin_site(request.user)


class ReadOnlyAdminMixin:
    """View and search only, for everyone (superusers included): records that change only
    through the application's own pages and services, or never change at all."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
