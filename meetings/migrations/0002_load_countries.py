"""Load every country from pycountry plus our written rules (XK, PS, TW, EH); see countries.py."""

from django.db import migrations


def load_countries(apps, schema_editor):
    from meetings.extraction.countries import country_records

    Country = apps.get_model("meetings", "Country")
    for record in country_records():
        Country.objects.update_or_create(
            iso2=record.iso2,
            defaults={
                "name": record.name,
                "official_name": record.official_name,
                "other_names": list(record.other_names),
                "demonyms": list(record.demonyms),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
