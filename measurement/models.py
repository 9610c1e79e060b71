"""
Shared measurement (fælles målemetode): the indicators the alliance follows,
the reports its organisations send in for each period, and what the
secretariat adds to read a curve (a forecast, the story behind a period).

Results-Based Accountability keeps two kinds of indicator apart: a population
indicator belongs to a goal of the common agenda; a performance measure
belongs to an initiative and says how much was done, how well, or whether
anyone is better off.

A report is one organisation's figures for one indicator and one period: a
total and, where the indicator is broken down, one value per group. It is
reviewed by the secretariat before it counts. An approved report is never
changed; a correction is a new report that replaces it when approved.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from measurement import periods

DECIMAL = {"max_digits": 14, "decimal_places": 4}


class IndicatorQuerySet(models.QuerySet):
    def public(self):
        """What anyone may see: marked public, and a performance measure only of a public
        initiative."""
        return self.filter(is_public=True).filter(
            Q(initiative__isnull=True) | Q(initiative__is_public=True)
        )


class Indicator(models.Model):
    class Kind(models.TextChoices):
        POPULATION = "population", _("Befolkningsindikator")
        HOW_MUCH = "how_much", _("Hvor meget gjorde vi?")
        HOW_WELL = "how_well", _("Hvor godt gjorde vi det?")
        BETTER_OFF = "better_off", _("Har nogen fået det bedre?")

    class Direction(models.TextChoices):
        UP = "up", _("Højere er bedre")
        DOWN = "down", _("Lavere er bedre")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Summen af indberetningerne")
        MEAN = "mean", _("Gennemsnittet af indberetningerne")
        LATEST = "latest", _("Den senest godkendte indberetning")
        RATIO = "ratio", _("Andel: summen af tællere delt med summen af nævnere")

    class Frequency(models.TextChoices):
        MONTH = periods.MONTH, _("Månedlig")
        QUARTER = periods.QUARTER, _("Kvartalsvis")
        HALF_YEAR = periods.HALF_YEAR, _("Halvårlig")
        YEAR = periods.YEAR, _("Årlig")

    goal = models.ForeignKey(
        "agenda.Goal",
        verbose_name=_("målsætning"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("indsats"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
    )
    name = models.CharField(
        _("navn"),
        max_length=200,
        unique=True,
        error_messages={"unique": _("Der findes allerede en indikator med det navn.")},
    )
    slug = models.SlugField(
        _("adresse"),
        max_length=80,
        unique=True,
        help_text=_("Den del af adressen, der navngiver indikatoren, fx unge-i-job."),
        error_messages={"unique": _("Adressen bruges allerede af en anden indikator.")},
    )
    definition = models.TextField(
        _("definition"),
        max_length=2000,
        help_text=_("Hvad indikatoren viser, i én eller to sætninger."),
    )
    method = models.TextField(
        _("målemetode"),
        max_length=10000,
        help_text=_(
            "Hvordan alle måler det samme: kilde, tælling, afgrænsning. Markdown er tilladt."
        ),
    )
    kind = models.CharField(_("slags"), max_length=20, choices=Kind.choices)
    unit = models.CharField(_("enhed"), max_length=40, help_text=_("Fx %, antal unge, timer."))
    decimals = models.PositiveSmallIntegerField(
        _("decimaler"), default=0, validators=[MaxValueValidator(3)]
    )
    direction = models.CharField(
        _("retning"), max_length=10, choices=Direction.choices, default=Direction.UP
    )
    aggregation = models.CharField(
        _("sammentælling"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    frequency = models.CharField(
        _("hyppighed"), max_length=10, choices=Frequency.choices, default=Frequency.QUARTER
    )
    reporting_from = models.DateField(
        _("indberetning fra"), help_text=_("Den første periode, der skal indberettes for.")
    )
    minimum = models.DecimalField(_("mindste værdi"), null=True, blank=True, **DECIMAL)
    maximum = models.DecimalField(_("største værdi"), null=True, blank=True, **DECIMAL)
    baseline_value = models.DecimalField(_("udgangspunkt"), null=True, blank=True, **DECIMAL)
    baseline_period = models.DateField(_("udgangspunktets periode"), null=True, blank=True)
    target_value = models.DecimalField(_("mål"), null=True, blank=True, **DECIMAL)
    target_date = models.DateField(_("mål nås senest"), null=True, blank=True)
    data_source = models.CharField(_("datakilde"), max_length=300, blank=True)
    responsible = models.ManyToManyField(
        "members.Organisation",
        verbose_name=_("ansvarlige organisationer"),
        related_name="indicators",
        blank=True,
        help_text=_("De organisationer, der indberetter tal."),
    )
    is_public = models.BooleanField(
        _("offentlig"), default=False, help_text=_("Vises på /resultater/ og som åbne data.")
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="population", goal__isnull=False, initiative__isnull=True)
                    | (~Q(kind="population") & Q(goal__isnull=True, initiative__isnull=False))
                ),
                name="indicator_population_on_goal_performance_on_initiative",
                violation_error_message=_(
                    "En befolkningsindikator hører til en målsætning; "
                    "et præstationsmål hører til en indsats."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("measurement:indicator_detail", args=[self.slug])

    @property
    def is_percentage(self):
        return self.aggregation == self.Aggregation.RATIO or self.unit.strip() == "%"

    def period(self, day):
        """The reporting period `day` falls in."""
        return periods.period_of(day, self.frequency)


class Dimension(models.Model):
    """A way to break an indicator down, such as gender or age group."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("indikator")
    )
    name = models.CharField(_("navn"), max_length=80)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("opdeling")
        verbose_name_plural = _("opdelinger")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "name"], name="dimension_unique_name"),
        ]

    def __str__(self):
        return self.name


class DimensionValue(models.Model):
    """One group of a dimension, such as "piger" or "15–17 år"."""

    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="values", verbose_name=_("opdeling")
    )
    label = models.CharField(_("gruppe"), max_length=80)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("gruppe")
        verbose_name_plural = _("grupper")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "label"], name="dimension_value_unique"),
        ]

    def __str__(self):
        return self.label


class ReportQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Report.Status.APPROVED)

    def open(self):
        return self.filter(status__in=Report.OPEN)


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        SUBMITTED = "submitted", _("Indsendt")
        RETURNED = "returned", _("Sendt retur")
        APPROVED = "approved", _("Godkendt")
        SUPERSEDED = "superseded", _("Erstattet af en rettelse")

    # The statuses of a report still being worked on; one per organisation and period.
    OPEN = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="reports", verbose_name=_("indikator")
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="indicator_reports",
        verbose_name=_("organisation"),
    )
    period_start = models.DateField(_("periode"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    total = models.DecimalField(_("i alt"), null=True, blank=True, **DECIMAL)
    numerator = models.DecimalField(
        _("tæller"), null=True, blank=True, validators=[MinValueValidator(0)], **DECIMAL
    )
    denominator = models.DecimalField(
        _("nævner"), null=True, blank=True, validators=[MinValueValidator(0)], **DECIMAL
    )
    note = models.TextField(_("bemærkning"), blank=True, max_length=2000)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("retter"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("indsendt"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    review_comment = models.TextField(_("sekretariatets kommentar"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "organisation__name"]
        verbose_name = _("indberetning")
        verbose_name_plural = _("indberetninger")
        indexes = [
            models.Index(fields=["indicator", "status", "period_start"], name="report_curve"),
            models.Index(fields=["status", "submitted_at"], name="report_queue"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "organisation", "period_start"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="report_one_open_per_period",
                violation_error_message=_(
                    "Organisationen er allerede i gang med en indberetning for perioden."
                ),
            ),
            models.UniqueConstraint(
                fields=["indicator", "organisation", "period_start"],
                condition=Q(status="approved"),
                name="report_one_approved_per_period",
                violation_error_message=_("Der er allerede en godkendt indberetning for perioden."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} · {self.organisation} · {self.period}"

    def get_absolute_url(self):
        return reverse("measurement:report_detail", args=[self.pk])

    @property
    def period(self):
        return periods.Period(self.period_start, self.indicator.frequency)

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def value(self):
        """The report's figure: the total, or the share in percent for a ratio."""
        if self.indicator.aggregation == Indicator.Aggregation.RATIO:
            return _ratio(self.numerator, self.denominator)
        return self.total


class DataPoint(models.Model):
    """One group's figure in a report; the report itself holds the total."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="breakdown", verbose_name=_("indberetning")
    )
    dimension_value = models.ForeignKey(
        DimensionValue,
        on_delete=models.PROTECT,
        related_name="data_points",
        verbose_name=_("gruppe"),
    )
    value = models.DecimalField(_("værdi"), null=True, blank=True, **DECIMAL)
    numerator = models.DecimalField(_("tæller"), null=True, blank=True, **DECIMAL)
    denominator = models.DecimalField(_("nævner"), null=True, blank=True, **DECIMAL)

    class Meta:
        ordering = ["dimension_value__dimension__order", "dimension_value__order"]
        verbose_name = _("tal for en gruppe")
        verbose_name_plural = _("tal for grupper")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "dimension_value"], name="data_point_one_per_group"
            ),
        ]

    def __str__(self):
        return f"{self.dimension_value}: {self.value}"


class Forecast(models.Model):
    """Where the curve was heading, as the secretariat set it: a straight line from a period.

    Each new forecast is kept; the latest is the one drawn.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="forecasts", verbose_name=_("indikator")
    )
    from_period = models.DateField(_("fra periode"))
    start_value = models.DecimalField(_("værdi i perioden"), **DECIMAL)
    change_per_period = models.DecimalField(_("ændring pr. periode"), **DECIMAL)
    reason = models.TextField(_("begrundelse"), max_length=2000)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(_("sat"), auto_now_add=True)

    class Meta:
        ordering = ["-set_at", "-pk"]
        get_latest_by = ["set_at", "pk"]
        verbose_name = _("fremskrivning")
        verbose_name_plural = _("fremskrivninger")

    def __str__(self):
        return f"{self.indicator}: {self.start_value} {self.change_per_period:+}"

    def get_absolute_url(self):
        return self.indicator.get_absolute_url()

    def value_at(self, period):
        """The forecast's value in `period`; None before the forecast starts."""
        start = self.from_period
        months = (period.start.year - start.year) * 12 + period.start.month - start.month
        if months < 0 or months % period.months:
            return None
        return self.start_value + self.change_per_period * (months // period.months)


class CurveStory(models.Model):
    """The story behind the curve in one period, written by the secretariat."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="stories", verbose_name=_("indikator")
    )
    period_start = models.DateField(_("periode"))
    text = models.TextField(_("historien bag kurven"), max_length=5000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("opdateret"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("historien bag kurven")
        verbose_name_plural = _("historier bag kurven")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"], name="curve_story_one_per_period"
            ),
        ]

    def __str__(self):
        return f"{self.indicator} · {self.period_start}"

    def get_absolute_url(self):
        return self.indicator.get_absolute_url()


def _ratio(numerator, denominator):
    if numerator is None or not denominator:
        return None
    return numerator * 100 / denominator
