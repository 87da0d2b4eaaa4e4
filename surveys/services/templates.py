"""Questionnaire templates: drafts are edited, published versions are frozen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.errors import IllegalStateChange, InvalidInput, NotAllowed

from ..choices import QuestionKind, TemplateStatus
from ..models import Question, SurveyTemplate

if TYPE_CHECKING:
    from accounts.models import User

TEMPLATE_FIELDS = ("title_en", "title_zh", "intro_en", "intro_zh")
QUESTION_FIELDS = (
    "kind",
    "text_en",
    "text_zh",
    "required",
    "options",
    "measures",
    "section_en",
    "section_zh",
)
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
MAX_QUESTIONS = 60


def _may_design(user: User) -> None:
    if not (user.is_admin_role or user.is_supervisor):
        raise NotAllowed(_("Supervisors and administrators design survey templates."))


def _validated_questions(
    questions: Sequence[Mapping[str, Any]],
) -> tuple[list[Question], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    built: list[Question] = []
    if not questions:
        errors["questions"] = [_("A survey needs at least one question.")]
    if len(questions) > MAX_QUESTIONS:
        errors["questions"] = [_("At most %(count)d questions.") % {"count": MAX_QUESTIONS}]
    for index, values in enumerate(questions):
        prefix = f"questions[{index}]."
        unknown = set(values) - set(QUESTION_FIELDS)
        if unknown:
            errors[f"{prefix}{sorted(unknown)[0]}"] = [_("Unknown field.")]
            continue
        kind = values.get("kind")
        if kind not in QuestionKind.values:
            errors[f"{prefix}kind"] = [_("Choose a question kind.")]
        text_en, text_zh = (
            str(values.get("text_en", "")).strip(),
            str(values.get("text_zh", "")).strip(),
        )
        if not text_en or not text_zh:
            errors[f"{prefix}text"] = [_("Write the question in English and in Chinese.")]
        if len(text_en) > 500 or len(text_zh) > 500:
            errors[f"{prefix}text"] = [_("At most 500 characters.")]
        options = values.get("options") or []
        if kind in CHOICE_KINDS:
            if not isinstance(options, list) or len(options) < 2 or len(options) > 20:
                errors[f"{prefix}options"] = [_("Give between 2 and 20 options.")]
            else:
                seen = set()
                for option in options:
                    if (
                        not isinstance(option, Mapping)
                        or not str(option.get("value", "")).strip()
                        or not (option.get("en") and option.get("zh"))
                    ):
                        errors[f"{prefix}options"] = [
                            _("Each option needs a value and both labels.")
                        ]
                        break
                    if str(option["value"]) in seen:
                        errors[f"{prefix}options"] = [_("Option values must differ.")]
                        break
                    seen.add(str(option["value"]))
        elif options:
            errors[f"{prefix}options"] = [_("Only choice questions have options.")]
        built.append(
            Question(
                position=index + 1,
                kind=kind or "",
                text_en=text_en,
                text_zh=text_zh,
                required=bool(values.get("required", True)),
                options=[
                    {
                        "value": str(o["value"]).strip(),
                        "en": str(o["en"]).strip(),
                        "zh": str(o["zh"]).strip(),
                    }
                    for o in options
                    if isinstance(o, Mapping)
                ]
                if kind in CHOICE_KINDS
                else [],
                measures=str(values.get("measures") or ""),
                section_en=str(values.get("section_en") or "")[:200],
                section_zh=str(values.get("section_zh") or "")[:200],
            )
        )
    return built, errors


def _template_errors(fields: Mapping[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name in ("title_en", "title_zh"):
        value = str(fields.get(name, "")).strip()
        if not value:
            errors[name] = [_("This field is required.")]
        elif len(value) > 200:
            errors[name] = [_("At most 200 characters.")]
    for name in ("intro_en", "intro_zh"):
        if len(str(fields.get(name, ""))) > 4000:
            errors[name] = [_("At most 4000 characters.")]
    return errors


@transaction.atomic
def template_create(
    *, actor: User, fields: Mapping[str, Any], questions: Sequence[Mapping[str, Any]]
) -> SurveyTemplate:
    _may_design(actor)
    errors = _template_errors(fields)
    built, question_errors = _validated_questions(questions)
    errors.update(question_errors)
    key = slugify(str(fields.get("key") or fields.get("title_en") or ""))[:60]
    if not key:
        errors.setdefault("key", [_("Give the template a key or an English title.")])
    elif SurveyTemplate.objects.filter(key=key).exists():
        errors["key"] = [_("A template with this key exists; make a new version of it instead.")]
    if errors:
        raise InvalidInput(_("The template could not be saved."), field_errors=errors)
    template = SurveyTemplate.objects.create(
        key=key,
        version=1,
        created_by=actor,
        **{name: str(fields.get(name, "")).strip() for name in TEMPLATE_FIELDS},
    )
    for question in built:
        question.template = template
    Question.objects.bulk_create(built)
    return template


@transaction.atomic
def template_update(
    *,
    template: SurveyTemplate,
    actor: User,
    fields: Mapping[str, Any],
    questions: Sequence[Mapping[str, Any]],
) -> SurveyTemplate:
    """Replace a draft's texts and questions. A published version is frozen (409)."""
    _may_design(actor)
    locked = SurveyTemplate.objects.select_for_update().get(pk=template.pk)
    if locked.is_frozen:
        raise IllegalStateChange(
            _("A published template is frozen; make a new version to change it.")
        )
    errors = _template_errors(fields)
    built, question_errors = _validated_questions(questions)
    errors.update(question_errors)
    if errors:
        raise InvalidInput(_("The template could not be saved."), field_errors=errors)
    for name in TEMPLATE_FIELDS:
        setattr(locked, name, str(fields.get(name, "")).strip())
    locked.save(update_fields=list(TEMPLATE_FIELDS))
    locked.questions.all().delete()
    for question in built:
        question.template = locked
    Question.objects.bulk_create(built)
    return locked


@transaction.atomic
def template_publish(*, template: SurveyTemplate, actor: User) -> SurveyTemplate:
    _may_design(actor)
    locked = SurveyTemplate.objects.select_for_update().get(pk=template.pk)
    if locked.status != TemplateStatus.DRAFT:
        raise IllegalStateChange(_("Only a draft can be published."))
    if not locked.questions.exists():
        raise InvalidInput(
            _("A survey needs at least one question."),
            field_errors={"questions": [_("Add a question.")]},
        )
    SurveyTemplate.objects.filter(key=locked.key, status=TemplateStatus.PUBLISHED).update(
        status=TemplateStatus.RETIRED
    )
    locked.status = TemplateStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at"])
    return locked


@transaction.atomic
def template_new_version(*, template: SurveyTemplate, actor: User) -> SurveyTemplate:
    """A new draft copied from `template`; old responses stay with the version they answered."""
    _may_design(actor)
    if SurveyTemplate.objects.filter(key=template.key, status=TemplateStatus.DRAFT).exists():
        raise IllegalStateChange(_("This template already has a draft version; edit that one."))
    latest = SurveyTemplate.objects.filter(key=template.key).order_by("-version").first()
    draft = SurveyTemplate.objects.create(
        key=template.key,
        version=(latest.version if latest else template.version) + 1,
        created_by=actor,
        **{name: getattr(template, name) for name in TEMPLATE_FIELDS},
    )
    Question.objects.bulk_create(
        [
            Question(
                template=draft,
                **{name: getattr(q, name) for name in (*QUESTION_FIELDS, "position")},
            )
            for q in template.questions.all()
        ]
    )
    return draft
