"""Users, member organisations, working groups and invitations."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance.phone import PhoneField
from alliance.tokens import hash_token, new_token


class Sector(models.TextChoices):
    KOMMUNE = "kommune", _("Kommune")
    REGION = "region", _("Region")
    ERHVERV = "erhverv", _("Erhverv")
    CIVILSAMFUND = "civilsamfund", _("Civilsamfund")
    UDDANNELSE = "uddannelse", _("Uddannelse")
    SUNDHED = "sundhed", _("Sundhed")
    FOND = "fond", _("Fond")
    BORGERE = "borgere", _("Borgere")


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def search(self, text):
        return self.filter(name__icontains=text) if text else self

    def with_member_count(self):
        return self.annotate(
            member_count=Count("members", filter=Q(members__is_active=True), distinct=True)
        )


class Organisation(models.Model):
    name = models.CharField(
        _("navn"),
        max_length=200,
        unique=True,
        error_messages={"unique": _("Der findes allerede en organisation med det navn.")},
    )
    sector = models.CharField(_("sektor"), max_length=20, choices=Sector.choices)
    cvr = models.CharField(
        _("CVR-nummer"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("Et CVR-nummer består af 8 cifre."))],
        help_text=_("8 cifre, fx 29189587. Kan stå tomt for fx borgergrupper."),
    )
    website = models.URLField(_("hjemmeside"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = PhoneField(_("telefon"))
    active = models.BooleanField(_("aktiv"), default=True)
    joined_on = models.DateField(_("medlem siden"), default=timezone.localdate)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        indexes = [
            # The directory filters by sector and lists active organisations.
            models.Index(fields=["sector", "active"], name="members_org_sector_active"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(cvr="") | Q(cvr__regex=r"^[0-9]{8}$"),
                name="members_organisation_cvr_8_digits",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:organisation_detail", args=[self.pk])


class UserQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def on_contact_page(self):
        # The longest-serving first: the project lead before the newcomers.
        return self.active().filter(show_on_contact_page=True).order_by("date_joined", "pk")

    def search(self, text):
        if not text:
            return self
        return self.filter(Q(full_name__icontains=text) | Q(email__icontains=text))


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("Users need an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("role", User.Role.SECRETARIAT)
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", _("Sekretariat")
        MEMBER = "member", _("Medlem")

    email = models.EmailField(
        _("e-mail"),
        unique=True,
        error_messages={"unique": _("Der findes allerede en bruger med den e-mailadresse.")},
    )
    full_name = models.CharField(_("fulde navn"), max_length=150)
    phone = PhoneField(_("telefon"))
    job_title = models.CharField(_("stilling"), max_length=150, blank=True)
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    show_on_contact_page = models.BooleanField(
        _("vis på kontaktsiden"),
        default=False,
        help_text=_("Navn, stilling, e-mail og telefon vises offentligt på kontaktsiden."),
    )
    is_active = models.BooleanField(
        _("aktiv"),
        default=True,
        help_text=_(
            "En deaktiveret bruger kan ikke logge ind, men alt hvad personen har gjort bevares."
        ),
    )
    # The language the person chose last; their mail is written in it.
    language = models.CharField(
        _("sprog"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_staff = models.BooleanField(_("adgang til administrationen"), default=False)
    date_joined = models.DateTimeField(_("oprettet"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="member") | Q(organisation__isnull=False),
                name="members_user_member_has_organisation",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.email.strip().lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_protected_account(self):
        """Superuser and staff accounts are managed in the Django admin, not in the portal."""
        return self.is_superuser or self.is_staff

    @property
    def is_secretariat(self):
        return self.is_active and (self.role == self.Role.SECRETARIAT or self.is_superuser)


class WorkingGroup(models.Model):
    class Kind(models.TextChoices):
        ALLIANCE_GROUP = "alliance_group", _("Alliancegruppe")
        WORKING_GROUP = "working_group", _("Arbejdsgruppe")

    name = models.CharField(
        _("navn"),
        max_length=200,
        unique=True,
        error_messages={"unique": _("Der findes allerede en gruppe med det navn.")},
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=Kind.choices, default=Kind.WORKING_GROUP
    )
    purpose = models.TextField(_("formål"), blank=True)
    members = models.ManyToManyField(
        User, verbose_name=_("medlemmer"), related_name="working_groups", blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        # The alliance group first, then the working groups by name.
        ordering = ["kind", "name"]
        verbose_name = _("gruppe")
        verbose_name_plural = _("grupper")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:group_detail", args=[self.pk])


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())

    def find(self, token):
        """The invitation a link's token belongs to, or None."""
        return self.filter(token_hash=hash_token(token)).select_related("user").first()


class Invitation(models.Model):
    """A one-time link that lets an invited person choose a password."""

    user = models.ForeignKey(
        User,
        verbose_name=_("bruger"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("inviteret af"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sendt"), default=timezone.now)
    expires_at = models.DateTimeField(_("udløber"))
    accepted_at = models.DateTimeField(_("taget i brug"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitationer")

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @classmethod
    def issue(cls, *, user, invited_by):
        """Create an invitation; return it with the plain token (stored only hashed)."""
        token, token_hash = new_token()
        invitation = cls.objects.create(
            user=user,
            invited_by=invited_by,
            token_hash=token_hash,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        return invitation, token

    @property
    def is_usable(self):
        return self.accepted_at is None and self.expires_at > timezone.now()
