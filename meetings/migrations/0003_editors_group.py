"""The "Editors" group: exactly the permissions curation needs, and no user management."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = {
    # model: actions editors may take
    "meeting": ("view", "change"),
    "participation": ("view", "add", "change", "delete"),
    "meetingreport": ("view",),
    "article": ("view",),
    "source": ("view", "change"),
    "person": ("view", "add", "change"),
    "personalias": ("view", "add", "change", "delete"),
    "personidentifier": ("view", "add", "change", "delete"),
    "notsameperson": ("view", "add"),
    "organization": ("view", "add", "change"),
    "organizationalias": ("view", "add", "change", "delete"),
    "topic": ("view", "add", "change"),
    "country": ("view",),
    "historicalmeeting": ("view",),
    "historicalparticipation": ("view",),
    "historicalperson": ("view",),
    "historicalpersonalias": ("view",),
    "historicalorganization": ("view",),
}


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    codenames = [f"{action}_{model}" for model, actions in EDITOR_PERMISSIONS.items() for action in actions]
    permissions = list(Permission.objects.filter(content_type__app_label="meetings", codename__in=codenames))
    missing = set(codenames) - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"Editors group: permissions not found: {sorted(missing)}")
    group.permissions.set(permissions)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_load_countries"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
