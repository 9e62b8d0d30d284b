from django.contrib import admin

from linkwork.accounts import policy


class LinkworkAdminSite(admin.AdminSite):
    site_header = "Linkwork administration"
    site_title = "Linkwork administration"
    index_title = "Administration"

    def has_permission(self, request) -> bool:
        """Only administrators use the admin; staff flags on other roles grant nothing here."""
        return policy.can_use_admin_site(request.user)
