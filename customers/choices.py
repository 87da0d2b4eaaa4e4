"""The archive's vocabularies (SPEC §1, §2, §6), as translatable choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CustomerKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    ENTERPRISE = "enterprise", _("Enterprise")


class LifecycleState(models.TextChoices):
    POTENTIAL = "potential", _("Potential")
    TARGET = "target", _("Target")
    CURRENT = "current", _("Current")
    LOYAL = "loyal", _("Loyal")
    LOST = "lost", _("Lost")
    NON_CUSTOMER = "non_customer", _("Non-customer")


class ServiceTier(models.TextChoices):
    SILVER = "silver", _("Silver card")
    GOLD = "gold", _("Gold card")
    ONE_TO_ONE = "one_to_one", _("One-to-one")


class AcquisitionSource(models.TextChoices):
    DOOR_TO_DOOR = "door_to_door", _("Door-to-door visit")
    MEETING = "meeting", _("Meetings and trade fairs")
    CLUB = "club", _("Clubs")
    FRIENDS = "friends", _("Friends and relatives")
    DIRECTORY = "directory", _("Directories and data lookup")
    CONSULTING = "consulting", _("Paid consulting")
    ASSISTANT = "assistant", _("Assistants (hound method)")
    REFERRAL = "referral", _("Referral by a customer")
    INFLUENCE_CENTRE = "influence_centre", _("Centre of influence")
    PHONE = "phone", _("Phone")
    OTHER = "other", _("Other")


class Industry(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Manufacturing")
    RETAIL = "retail", _("Retail and wholesale")
    FINANCE = "finance", _("Finance and insurance")
    TECHNOLOGY = "technology", _("Information technology")
    HEALTHCARE = "healthcare", _("Healthcare")
    EDUCATION = "education", _("Education")
    CONSTRUCTION = "construction", _("Construction and real estate")
    LOGISTICS = "logistics", _("Transport and logistics")
    HOSPITALITY = "hospitality", _("Hospitality and catering")
    ENERGY = "energy", _("Energy and utilities")
    AGRICULTURE = "agriculture", _("Agriculture")
    GOVERNMENT = "government", _("Public sector")
    PERSONAL = "personal", _("Private person")
    OTHER = "other", _("Other")


class PersonalityType(models.TextChoices):
    COMPOSED = "composed", _("Composed (从容不迫型)")
    INDECISIVE = "indecisive", _("Indecisive (优柔寡断型)")
    BOASTFUL = "boastful", _("Boastful (自我吹嘘型)")
    FORTHRIGHT = "forthright", _("Forthright (豪爽干练型)")
    TALKATIVE = "talkative", _("Talkative (喋喋不休型)")
    TACITURN = "taciturn", _("Taciturn (沉默寡言型)")
    NITPICKING = "nitpicking", _("Nitpicking (吹毛求疵型)")
    INSINCERE = "insincere", _("Insincere (虚情假意型)")
    COLD_ARROGANT = "cold_arrogant", _("Cold and arrogant (冷淡傲慢型)")
    IMPULSIVE = "impulsive", _("Impulsive (情感冲动型)")
    RESENTFUL = "resentful", _("Resentful (心怀怨恨型)")
    SLIPPERY = "slippery", _("Slippery (圆滑难缠型)")


class ValueClass(models.TextChoices):
    """ABC value class from the 80/20/30 profit analysis (written back nightly by analytics)."""

    A = "A", _("A — top profit contributors")
    B = "B", _("B — profitable")
    C = "C", _("C — unprofitable")


class DateKind(models.TextChoices):
    BIRTHDAY = "birthday", _("Birthday")
    ANNIVERSARY = "anniversary", _("Anniversary")
    HONOUR_DAY = "honour_day", _("Honour day")


class CalendarKind(models.TextChoices):
    SOLAR = "solar", _("Solar (Gregorian)")
    LUNAR = "lunar", _("Lunar (Chinese)")


class DecisionRole(models.TextChoices):
    DECISION_MAKER = "decision_maker", _("Decision maker")
    INFLUENCER = "influencer", _("Influencer")
    PURCHASER = "purchaser", _("Purchaser")
    USER = "user", _("User")
    GATEKEEPER = "gatekeeper", _("Gatekeeper")
    INITIATOR = "initiator", _("Initiator")


class InteractionChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    MESSAGING = "messaging", _("Messaging app")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("Visit")
    EVENT = "event", _("Event")
    LETTER = "letter", _("Letter or card")
    WEB = "web", _("Web")
    OTHER = "other", _("Other")


class AccessSurface(models.TextChoices):
    CUSTOMER_PAGE = "customer_page", _("Customer page")
    CUSTOMER_LIST = "customer_list", _("Customer list")
    API_DETAIL = "api_detail", _("API: one customer")
    API_LIST = "api_list", _("API: customer list")
    EXPORT = "export", _("Export")


class LifecycleCause(models.TextChoices):
    CREATED = "created", _("Customer created")
    MANUAL = "manual", _("Changed by hand")
    FIRST_ORDER = "first_order", _("First order")
    WIN_BACK = "win_back", _("Won back by a new order")
    AUTOMATIC = "automatic", _("Automatic rule")
