from django.contrib import admin
from django.contrib.admin import SimpleListFilter


class OfferedFiltersOnly:
    """Django's admin accepts, in the address, filters its pages never offer: any field of the model
    and one step beyond, reverse relations included. `/admin/accounts/user/?posts__id=<id>` would then
    list the author of any anonymous post, and the outbox filtered by `?actor=` would count a member's
    anonymous posts, with no reason asked and nothing logged (the post's moderation page is the only
    way to learn an anonymous author). So an admin list accepts only the filters it shows, and its
    date drill-down, plus the fields named in `address_filters` (for a filter too long to list)."""

    address_filters = ()

    def lookup_allowed(self, lookup, value, request=None):
        offered = set(self.address_filters) | ({self.date_hierarchy} if self.date_hierarchy else set())
        for item in self.list_filter:
            if isinstance(item, type) and issubclass(item, SimpleListFilter):
                offered.add(item.parameter_name)
            else:
                offered.add(item[0] if isinstance(item, (list, tuple)) else item)
        if lookup.split("__")[0] not in offered and lookup not in offered:
            return False
        return super().lookup_allowed(lookup, value, request)


class ModelAdmin(OfferedFiltersOnly, admin.ModelAdmin):
    pass


class ReadOnlyModelAdmin(ModelAdmin):
    """For records only services and tasks write (outboxes, audit logs): admins read them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
