# Merges that can be undone (a source keeps the cities as it named them) and matching to
# municipalities by hand. Hand-written: the sources' cities are filled from their links before
# the columns become required.

import django.db.models.deletion
from django.db import migrations, models


def sources_name_their_link_cities(apps, schema_editor):
    LinkSource = apps.get_model("atlas", "LinkSource")
    for source in LinkSource.objects.select_related("link").iterator():
        source.city_one_id = source.link.city_a_id
        source.city_two_id = source.link.city_b_id
        source.save(update_fields=["city_one", "city_two"])


class Migration(migrations.Migration):

    dependencies = [
        ("atlas", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="city",
            name="folded",
            field=models.CharField(blank=True, db_index=True, max_length=400, verbose_name="name folded"),
        ),
        migrations.AddField(
            model_name="city",
            name="municipality_by_hand",
            field=models.BooleanField(default=False, verbose_name="municipality set by hand"),
        ),
        migrations.AddField(
            model_name="city",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="merged",
                to="atlas.city",
                verbose_name="merged into",
            ),
        ),
        migrations.AddField(
            model_name="city",
            name="merge_rule",
            field=models.CharField(
                blank=True,
                choices=[
                    ("name", "same name, transliterated, in the same country"),
                    ("name_nearby", "same name in the same country, within a few kilometres"),
                    ("similar_nearby", "similar name in the same country, within a few kilometres"),
                ],
                max_length=20,
                verbose_name="merge rule",
            ),
        ),
        migrations.AddField(
            model_name="city",
            name="kept_apart",
            field=models.BooleanField(default=False, verbose_name="kept apart"),
        ),
        migrations.AlterField(
            model_name="linksource",
            name="link",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="sources",
                to="atlas.link",
            ),
        ),
        migrations.AddField(
            model_name="linksource",
            name="city_one",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="atlas.city"
            ),
        ),
        migrations.AddField(
            model_name="linksource",
            name="city_two",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="atlas.city"
            ),
        ),
        migrations.RunPython(sources_name_their_link_cities, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="linksource",
            name="city_one",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="atlas.city"),
        ),
        migrations.AlterField(
            model_name="linksource",
            name="city_two",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="atlas.city"),
        ),
    ]
