from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterTemplate(models.Model):
    """A letter a centre words its own way; ``{placeholders}`` are filled in."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title
