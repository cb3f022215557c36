"""`pip install .` (not editable) gives a kb that finds its vocabulary, constraints, Cypher and Maven pom anywhere.

The wheel is built from the checkout and installed into a fresh virtual environment
without its dependencies (they come from the test environment's site-packages, which
on PYTHONPATH do not bring the checkout's editable kb with them); kb then runs from
an empty folder outside the checkout.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE_DATA = [
    "kb/vocab/vocabulary.yaml",
    "kb/store/constraints.cypher",
    "kb/local/pom.xml",
    "kb/store/cypher/stats_for.cypher",
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    [built] = out.glob("casevignette_kb-*.whl")
    return built


def test_the_wheel_holds_what_kb_reads_at_run_time(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(PACKAGE_DATA) <= names
    product = {n for n in names if n.startswith("kb/store/cypher/")}
    assert len(product) == len(list((ROOT / "kb" / "store" / "cypher").glob("*.cypher")))
    assert not [n for n in names if n.startswith(("tests/", "bench/", "vignettes/"))]  # no test or bench Cypher


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "PYTHONPATH": sysconfig.get_paths()["purelib"],
        "HOME": str(tmp_path_factory.mktemp("home")),
        "COLUMNS": "200",
    }
    yield venv, env


def test_an_installed_kb_runs_from_any_folder(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    venv, env = installed
    probe = (
        "import kb, kb.settings as s\n"
        "from kb.vocab.vocabulary import load_vocabulary\n"
        "from kb.store.catalogue import PRODUCT\n"
        "from kb.store.migrate import schema_statements\n"
        "print(kb.__file__)\n"
        "print(len(load_vocabulary()), len(PRODUCT.queries), len(schema_statements()))\n"
        "print(s.Settings(_env_file=None).kb_neo4j_pom.is_file(), s.HOME)\n"
    )
    run = subprocess.run(
        [str(venv / "bin" / "python"), "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    location, counts, pom = run.stdout.splitlines()
    assert location.startswith(str(venv)), location  # the installed copy, not the checkout
    vocabulary, queries, statements = map(int, counts.split())
    assert vocabulary >= 100 and queries >= 40 and statements >= 10
    assert pom.startswith("True") and str(ROOT) not in pom  # the pom is found; kb keeps its data outside the checkout

    vignette = tmp_path / "donna.yaml"
    vignette.write_text((ROOT / "vignettes" / "donna.yaml").read_text())
    checked = subprocess.run(
        [str(venv / "bin" / "kb"), "validate", str(vignette)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr
    assert "1 vignettes valid" in checked.stdout
