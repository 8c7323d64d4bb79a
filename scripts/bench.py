#!/usr/bin/env python3
"""`make bench`: run every benchmark in benchmarks/ and print its figures. Times are printed, never asserted."""

import importlib
import os
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deferral_site.settings")

import django  # noqa: E402

django.setup()

import benchmarks  # noqa: E402


def main() -> int:
    only = set(sys.argv[1:])
    for module_info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda m: m.name):
        if only and module_info.name not in only:
            continue
        module = importlib.import_module(f"benchmarks.{module_info.name}")
        print(f"== {module_info.name}: {module.__doc__.strip().splitlines()[0]}")
        for label, value in module.run():
            print(f"   {label:<58} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
