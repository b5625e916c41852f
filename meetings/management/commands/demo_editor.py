import os

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create (or reset) the demo editor account: staff, in the Editors group, no superuser rights."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        # The run command passes it in the environment: not in the process list, and a password that
        # starts with "-" (token_urlsafe makes one about one time in 64) is not taken for an option.
        parser.add_argument("--password", help="Default: the DEMO_EDITOR_PASSWORD environment variable.")

    def handle(self, *args, username, password, **options):
        password = password or os.environ.get("DEMO_EDITOR_PASSWORD")
        if not password:
            raise CommandError("give --password or set DEMO_EDITOR_PASSWORD")
        user, created = User.objects.get_or_create(username=username)
        user.is_staff = True
        user.is_superuser = False
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name="Editors"))
        self.stdout.write(f"{'created' if created else 'reset'} the demo editor '{username}'")
