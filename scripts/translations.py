#!/usr/bin/env python3
"""Keep the zh-hans and en catalogues complete.

    translations.py update          extract strings (makemessages), fill en, compile
    translations.py apply FILE.json extract, then set zh-hans translations from {msgid: msgstr}
                                     (a list of strings for plural entries), compile
    translations.py check           fail when an entry is untranslated, fuzzy, or its placeholders differ

Message ids are English; the en catalogue repeats them so that both catalogues hold every string.
A lock file serialises concurrent runs.
"""

import fcntl
import json
import re
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
ZH = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
EN = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MANAGE = [sys.executable, str(ROOT / "manage.py")]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfi]|\{(\w*)\}|%[sdfi]")
# Top-level scripts/ only: a bare "scripts" would also skip templates/requests_app/scripts/.
IGNORE = [
    "--ignore=.venv",
    "--ignore=var",
    "--ignore=tests",
    "--ignore=scripts/*.py",
    "--ignore=static/vendor",
]


def run(*args):
    subprocess.run([*MANAGE, *args], check=True, cwd=ROOT, env={"DJANGO_DEBUG": "True", **_env()})


def _env():
    import os

    return dict(os.environ)


def extract():
    run("makemessages", "-l", "zh_Hans", "-l", "en", "--no-obsolete", "--no-location", "-v0", *IGNORE)
    en = polib.pofile(str(EN))
    for entry in en:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    en.metadata["Language"] = "en"
    en.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    en.save()
    zh = polib.pofile(str(ZH))
    zh.metadata["Language"] = "zh-Hans"
    zh.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    zh.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    zh.save()


def compile_():
    run("compilemessages", "-v0", "--ignore=.venv")


def apply(path: str):
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    zh = polib.pofile(str(ZH))
    unknown = []
    for msgid, msgstr in translations.items():
        entry = zh.find(msgid)
        if entry is None:
            unknown.append(msgid)
            continue
        if entry.msgid_plural:
            values = msgstr if isinstance(msgstr, list) else [msgstr]
            entry.msgstr_plural = {0: values[0]}
        else:
            entry.msgstr = msgstr
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    zh.save()
    for msgid in unknown:
        print(f"not in the catalogue (is the string marked and spelled the same?): {msgid!r}")


def placeholders(text: str) -> set[str]:
    return {m.group(0) for m in PLACEHOLDER.finditer(text)}


def check() -> int:
    problems = []
    zh = polib.pofile(str(ZH))
    en = polib.pofile(str(EN))
    for catalogue, name in ((zh, "zh_Hans"), (en, "en")):
        for entry in catalogue:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                problems.append(f"{name}: fuzzy: {entry.msgid!r}")
            translated = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
            if not all(translated):
                problems.append(f"{name}: untranslated: {entry.msgid!r}")
                continue
            for text in translated:
                if placeholders(text) != placeholders(entry.msgid):
                    problems.append(f"{name}: placeholders differ: {entry.msgid!r} -> {text!r}")
    missing = {e.msgid for e in zh if not e.obsolete} ^ {e.msgid for e in en if not e.obsolete}
    problems += [f"only in one catalogue: {m!r}" for m in sorted(missing)]
    for line in problems:
        print(line)
    print(f"{len(zh)} messages; {len(problems)} problems")
    return 1 if problems else 0


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "check":
        return check()
    LOCALE.mkdir(exist_ok=True)
    with open(ROOT / ".translations.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        extract()
        if command == "apply":
            apply(sys.argv[2])
        compile_()
    return 0


if __name__ == "__main__":
    sys.exit(main())
