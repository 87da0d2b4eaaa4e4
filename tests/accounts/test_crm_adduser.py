"""`manage.py crm_adduser` provisions a user with a role and a department (created if missing);
bad arguments fail with a clear CommandError and leave nothing behind."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Department, Role, User

STRONG = "Tea-and-biscuits-42"


def _adduser(username: str, **options: str) -> str:
    out = io.StringIO()
    call_command("crm_adduser", username, stdout=out, **options)
    return out.getvalue()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SUPERVISOR, Role.STAFF])
def test_creates_the_user_with_role_and_a_new_department(db, role):
    # when
    output = _adduser("wang.li", role=role, department="华东销售部", password=STRONG)

    # then
    user = User.objects.get(username="wang.li")
    assert (user.role, user.department) == (role, Department.objects.get(name="华东销售部"))
    assert user.check_password(STRONG)
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert "Created wang.li" in output


def test_joins_an_existing_department_instead_of_creating_another(db):
    # given
    service = Department.objects.create(name="Service")

    # when
    _adduser("a1", role="staff", department="Service", password=STRONG)
    _adduser("a2", role="supervisor", department=" Service ", password=STRONG)

    # then
    assert Department.objects.filter(name="Service").count() == 1
    assert set(User.objects.filter(department=service).values_list("username", flat=True)) == {
        "a1",
        "a2",
    }


def test_the_admin_role_gets_the_django_admin(db):
    # when
    _adduser("boss", role="admin", department="HQ", password=STRONG)

    # then
    boss = User.objects.get(username="boss")
    assert (boss.is_staff, boss.is_superuser, boss.is_admin_role) == (True, True, True)


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        pytest.param({"password": ""}, "password", id="empty password"),
        pytest.param({"password": "123"}, "password", id="short password"),
        pytest.param({"password": "password"}, "password", id="common password"),
        pytest.param({"password": "83920174659"}, "password", id="numeric password"),
        pytest.param({"password": "someone-x"}, "password", id="password like the username"),
        pytest.param({"department": "   "}, "department", id="blank department"),
        pytest.param({"department": "D" * 101}, "department", id="department over 100"),
        pytest.param({"email": "not-an-email"}, "email", id="malformed email"),
    ],
)
def test_bad_arguments_fail_naming_the_problem_and_write_nothing(db, arguments, field):
    # given
    options = {"role": "manager", "department": "New department", "password": STRONG, **arguments}

    # when
    with pytest.raises(CommandError) as error:
        _adduser("someone", **options)

    # then
    assert f"{field}:" in str(error.value)
    assert not User.objects.exists()
    assert not Department.objects.exists()


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param(["--role", "king"], id="unknown role"),
        pytest.param(["--role", ""], id="empty role"),
        pytest.param([], id="no role"),
    ],
)
def test_the_role_must_be_one_of_the_four(db, arguments):
    # when
    with pytest.raises(CommandError, match="role"):
        call_command(
            "crm_adduser", "x", *arguments, "--department", "New department", "--password", STRONG
        )

    # then
    assert not User.objects.exists()
    assert not Department.objects.exists()


def test_an_empty_username_is_refused(db):
    # when
    with pytest.raises(CommandError, match="username:"):
        _adduser("", role="manager", department="New department", password=STRONG)

    # then
    assert not User.objects.exists()
    assert not Department.objects.exists()


def test_a_taken_username_is_refused_and_the_existing_user_left_alone(db):
    # given
    _adduser("dup", role="manager", department="X", password=STRONG)

    # when
    with pytest.raises(CommandError, match="username:"):
        _adduser("dup", role="supervisor", department="Y", password="Another-strong-one-9")

    # then
    user = User.objects.get(username="dup")
    assert (user.role, user.department) == ("manager", Department.objects.get(name="X"))
    assert user.check_password(STRONG)
    assert not Department.objects.filter(name="Y").exists()


def test_createsuperuser_makes_an_admin_without_a_department(db):
    # when
    User.objects.create_superuser("root", "root@example.com", STRONG)

    # then
    root = User.objects.get(username="root")
    assert (root.role, root.department) == ("admin", None)


@pytest.mark.parametrize(
    ("first", "last", "shown"),
    [("娜", "李", "李娜"), ("Jing", "Chen", "Jing Chen"), ("", "", "uname")],
)
def test_user_names_read_in_their_own_order(db, first, last, shown):
    # given
    user = User(username="uname", first_name=first, last_name=last)

    # when
    name = str(user)

    # then
    assert name == shown


def test_an_admin_needs_no_department_and_everyone_else_one(db):
    # when the first administrator is created without a department, then a manager
    _adduser("root", role="admin", password=STRONG)
    with pytest.raises(CommandError, match="department:"):
        _adduser("lone", role="manager", password=STRONG)

    # then the admin is there without one, the manager not at all
    assert User.objects.get(username="root").department is None
    assert not User.objects.filter(username="lone").exists()
