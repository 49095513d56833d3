from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicJobRun(models.Model):
    """When the scheduler last enqueued a periodic job (one row per job of jobs.schedule), so a
    restarted scheduler, or one run from cron with --once, knows what is due."""

    name = models.CharField(_("job"), max_length=64, unique=True)
    last_enqueued_at = models.DateTimeField(_("last enqueued at"))
    last_result_id = models.CharField(_("last result id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")

    def __str__(self):
        return f"{self.name} ({self.last_enqueued_at:%Y-%m-%d %H:%M})"
