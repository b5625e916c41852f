from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create (or reset) the demo editor account: staff, in the Editors group, no superuser rights."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--password", required=True)

    def handle(self, *args, username, password, **options):
        user, created = User.objects.get_or_create(username=username)
        user.is_staff = True
        user.is_superuser = False
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name="Editors"))
        self.stdout.write(f"{'created' if created else 'reset'} the demo editor '{username}'")
