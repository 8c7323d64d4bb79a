"""Counselors enter the admin with a code from an authenticator app (TOTP) besides the password."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests_app.services.review import REVIEWER_GROUP
from requests_app.services.second_factor import authenticator_enrol
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-counselor-password-1"


@pytest.fixture
def counselor(db):
    user = UserFactory(username="counselor", is_staff=True, password=PASSWORD)
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    return user


def current_code(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def admin_log_in(client, username, **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": PASSWORD, "next": reverse("admin:index"), **extra},
    )


def test_a_password_alone_does_not_open_the_admin_to_a_counselor(client, counselor):
    client.force_login(counselor)  # signed in on the site, but no second factor confirmed
    response = client.get(reverse("admin:requests_app_case_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_log_in_form_asks_for_the_code(client, counselor):
    authenticator_enrol(user=counselor)
    response = admin_log_in(client, "counselor")
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["__all__"][0].code == "token_required"
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_is_refused(client, counselor):
    authenticator_enrol(user=counselor)
    wrong = f"{(int(current_code(counselor)) + 1) % 1000000:06d}"
    response = admin_log_in(client, "counselor", otp_token=wrong)
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["__all__"][0].code == "invalid_token"
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_right_code_opens_the_review_desk(client, counselor):
    authenticator_enrol(user=counselor)
    response = admin_log_in(client, "counselor", otp_token=current_code(counselor))
    assert response.status_code == 302
    assert client.get(reverse("admin:requests_app_case_changelist")).status_code == 200


def test_a_counselor_without_an_authenticator_is_told_how_to_get_one(client, counselor):
    response = admin_log_in(client, "counselor", otp_token="123456")
    assert response.status_code == 200
    error = response.context["form"].errors.as_data()["__all__"][0]
    assert error.code == "second_factor_not_enrolled"
    assert "enrol_authenticator counselor" in response.content.decode()


def test_staff_without_case_access_need_no_code(client):
    editor = UserFactory(username="editor", is_staff=True, password=PASSWORD)
    editor.user_permissions.add(*Permission.objects.filter(codename__endswith="_lender"))
    response = admin_log_in(client, "editor")
    assert response.status_code == 302
    assert client.get(reverse("admin:requests_app_lender_changelist")).status_code == 200


def test_enrolling_prints_the_secret_and_replaces_the_old_authenticator(counselor, capsys):
    authenticator_enrol(user=counselor)
    call_command("enrol_authenticator", "counselor")
    out = capsys.readouterr().out
    device = TOTPDevice.objects.get(user=counselor)  # only one left
    assert "otpauth://totp/Deferral%20Desk%3Acounselor" in out
    assert device.config_url in out


@override_settings(DEBUG=True)
def test_the_development_code_command_gives_the_code_that_logs_in(client, counselor, capsys):
    authenticator_enrol(user=counselor)
    call_command("authenticator_code", "counselor")
    code = capsys.readouterr().out.strip()
    assert admin_log_in(client, "counselor", otp_token=code).status_code == 302


def test_the_development_code_command_is_refused_in_production(counselor):
    authenticator_enrol(user=counselor)
    with pytest.raises(CommandError):
        call_command("authenticator_code", "counselor")
