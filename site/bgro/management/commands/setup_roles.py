from django.core.management.base import BaseCommand, CommandError

from bgro.roles import ROLES, RoleSetupError, setup_roles


class Command(BaseCommand):
    help = (
        "Create or correct the editorial roles (Wagtail groups: communications officers, moderators, "
        "translators per language, consultation moderators, administrators) and the review workflow. "
        "Safe to run again."
    )

    def handle(self, *args, **options):
        try:
            outcome = setup_roles()
        except RoleSetupError as error:
            raise CommandError(str(error)) from error
        for change in outcome.changes:
            self.stdout.write(change)
        for note in outcome.notes:
            self.stdout.write(self.style.WARNING(note))
        if outcome.changes:
            self.stdout.write(self.style.SUCCESS(f"Roles ready: {len(outcome.changes)} change(s) made."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Roles already up to date ({len(ROLES)} groups): nothing changed."))
