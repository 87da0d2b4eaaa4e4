"""Reference data: the small tables other records point at (departments, regions and their
provinces, product categories, products), kept by administrators in the product's own pages
and API.

Each owning app declares its kinds once as a `ReferenceData` and names its services after
the declaration's methods (`region_create = REGIONS.create`, …), so every kind is created,
changed, deactivated and deleted by the same rules:

- only administrators write (403 otherwise);
- values are validated like a model form, unique fields included (400 with field errors);
- a row that anything points at is never deleted (409): it is deactivated instead, which
  keeps history intact and takes it out of the choices for new records;
- the key other systems know it by (a code, an SKU) does not change while it is in use (409).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .errors import IllegalStateChange, InvalidInput, NotAllowed


class Actor(Protocol):
    @property
    def is_admin_role(self) -> bool: ...


M = TypeVar("M", bound=models.Model)
# An entity's own rule: given the row about to be saved and the row as it was (None for a new
# one), the field errors (400), or it raises IllegalStateChange (409).
Rule = Callable[[M, M | None], dict[str, list[str]]]


def _no_rule(instance: Any, before: Any) -> dict[str, list[str]]:
    return {}


def uses_of(instance: models.Model) -> list[str]:
    """What points at this row, by the plural names of the models (empty: nothing). Hidden
    relations count too: order lines and rollups copy keys without a reverse accessor."""
    found = []
    for relation in instance._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue  # not a relation from another model to this one
        related = relation.related_model
        name = relation.field.name  # type: ignore[union-attr]
        if related._base_manager.filter(**{name: instance}).exists():  # type: ignore[union-attr]
            found.append(str(related._meta.verbose_name_plural))  # type: ignore[union-attr]
    return found


def deactivated_choices(
    instance: models.Model, before: models.Model | None, fields: Sequence[str]
) -> dict[str, list[str]]:
    """Field errors for rows of reference data newly chosen in these fields (foreign keys)
    although deactivated; a row chosen before stays acceptable."""
    errors: dict[str, list[str]] = {}
    for name in fields:
        chosen = getattr(instance, name)
        if chosen is None or getattr(chosen, "is_active", True):
            continue
        if before is not None and getattr(before, f"{name}_id") == chosen.pk:
            continue
        errors[name] = [_("“%(name)s” is deactivated: choose another.") % {"name": chosen}]
    return errors


@dataclass(frozen=True)
class ReferenceData(Generic[M]):
    model: type[M]
    fields: tuple[str, ...]  # what create and update may set
    key: str | None = None  # how other systems know a row; fixed while the row is in use
    rule: Rule[M] = _no_rule

    @property
    def deactivatable(self) -> bool:
        return "is_active" in self.fields

    @property
    def form_fields(self) -> tuple[str, ...]:
        """What a form edits: the fields but the active flag, which has its own action."""
        return tuple(name for name in self.fields if name != "is_active")

    def _require_admin(self, actor: Actor) -> None:
        if not actor.is_admin_role:
            raise NotAllowed(_("Only an administrator changes reference data."))

    def _save(self, instance: M, values: Mapping[str, Any], before: M | None) -> M:
        unknown = set(values) - set(self.fields)
        if unknown:
            raise InvalidInput(
                _("Unknown fields."), field_errors={name: [_("Unknown field.")] for name in unknown}
            )
        for name, value in values.items():
            setattr(instance, name, value)
        errors: dict[str, list[str]] = {}
        try:
            instance.full_clean()
        except ValidationError as exc:
            errors.update(exc.message_dict)
        errors.update(deactivated_choices(instance, before, self._choices()))
        errors.update(self.rule(instance, before))
        if errors:
            raise InvalidInput(
                _("The %(kind)s could not be saved.") % {"kind": self.model._meta.verbose_name},
                field_errors=errors,
            )
        if (
            before is not None
            and self.key
            and getattr(before, self.key) != getattr(instance, self.key)
        ):
            used = uses_of(before)
            if used:
                raise IllegalStateChange(
                    _("The %(field)s cannot change while %(uses)s refer to it.")
                    % {"field": self._label(self.key), "uses": ", ".join(used)},
                    field_errors={self.key: [_("In use: it cannot change.")]},
                )
        instance.save()
        return instance

    def _choices(self) -> list[str]:
        """The foreign keys among the fields."""
        return [name for name in self.fields if self.model._meta.get_field(name).many_to_one]

    def _label(self, name: str) -> str:
        return str(self.model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]

    @transaction.atomic
    def create(self, *, actor: Actor, values: Mapping[str, Any]) -> M:
        self._require_admin(actor)
        return self._save(self.model(), values, before=None)

    @transaction.atomic
    def update(self, *, actor: Actor, instance: M, values: Mapping[str, Any]) -> M:
        self._require_admin(actor)
        locked = self.model._default_manager.select_for_update().get(pk=instance.pk)
        return self._save(locked, values, before=copy.copy(locked))

    def deactivate(self, *, actor: Actor, instance: M) -> M:
        """Out of the choices for new records; everything that points at it stays."""
        if not self.deactivatable:
            raise IllegalStateChange(_("This kind of reference data is not deactivated."))
        return self.update(actor=actor, instance=instance, values={"is_active": False})

    @transaction.atomic
    def delete(self, *, actor: Actor, instance: M) -> None:
        """Only what nothing points at; anything else is deactivated instead."""
        self._require_admin(actor)
        locked = self.model._default_manager.select_for_update().get(pk=instance.pk)
        used = uses_of(locked)
        if not used:
            try:
                with transaction.atomic():
                    locked.delete()
                return
            except (ProtectedError, RestrictedError, IntegrityError):
                used = uses_of(locked)  # something came to point at it meanwhile
        advice = (
            _("Deactivate it instead.")
            if self.deactivatable
            else _("Change what refers to it first.")
        )
        raise IllegalStateChange(
            _("%(name)s is still referred to by %(uses)s. %(advice)s")
            % {"name": capfirst(str(locked)), "uses": ", ".join(used), "advice": advice}
        )
