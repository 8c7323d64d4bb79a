import pytest
from django.core.management import CommandError, call_command

from tests.wording import words

from .conftest import pdf_text, squeeze


def test_render_plan_writes_the_pdf_in_the_language_asked_for(plan_case, tmp_path, capsys):
    target = tmp_path / "plan-en.pdf"

    call_command("render_plan", str(plan_case.public_id), "--lang", "en", "-o", str(target))

    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    assert "DearHuabeicustomerservice" in pdf_text(data)
    assert str(target) in capsys.readouterr().out


def test_render_plan_defaults_to_the_letter_language_and_the_download_name(plan_case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    call_command("render_plan", str(plan_case.public_id))

    written = tmp_path / f"deferral-plan-huabei-{plan_case.due_date.isoformat()}.pdf"
    dear = words(
        "Dear %(lender)s customer service,",
        language=plan_case.letter_language,
        lender=plan_case.lender.name_zh,
    )
    assert squeeze(dear) in pdf_text(written.read_bytes())


@pytest.mark.parametrize("public_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_render_plan_refuses_an_unknown_case(db, public_id, tmp_path):
    with pytest.raises(CommandError):
        call_command("render_plan", public_id, "-o", str(tmp_path / "x.pdf"))


def test_render_plan_refuses_a_language_it_does_not_know(plan_case, tmp_path):
    with pytest.raises(CommandError):
        call_command("render_plan", str(plan_case.public_id), "--lang", "fr", "-o", str(tmp_path / "x.pdf"))
