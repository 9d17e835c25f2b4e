"""The Django admin, for administrators who need to look at or repair raw records."""

from django.contrib import admin

from mutuality.partnerships import models


class SideInline(admin.TabularInline):
    model = models.Side
    extra = 0


@admin.register(models.Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "form", "since", "status", "translocal_linkage"]
    list_filter = ["form", "status", "translocal_linkage"]
    search_fields = ["name", "key"]
    inlines = [SideInline]


@admin.register(models.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "region", "population", "migration_role"]
    list_filter = ["country", "migration_role"]
    search_fields = ["name", "key"]


class ParticipationInline(admin.TabularInline):
    model = models.Participation
    extra = 0


class KnowledgeFlowInline(admin.TabularInline):
    model = models.KnowledgeFlow
    extra = 0


@admin.register(models.Exchange)
class ExchangeAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "start_date", "method", "direction", "stage"]
    list_filter = ["method", "direction", "stage", "partnership"]
    search_fields = ["title", "description"]
    inlines = [ParticipationInline, KnowledgeFlowInline]


for model in (
    models.SupportProgramme,
    models.Actor,
    models.Objective,
    models.Project,
    models.LearningOutcome,
    models.ResourceContribution,
):
    admin.site.register(model)
