"""Languages built side by side in worker processes: the same site as one after the other, their
failures and log lines reported by the parent, a published site kept when one language fails."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from befund.build import BuildError, build_site
from befund.workers import available_cores, peek_codebook, peek_languages, planned_workers

from minimal import every_file, site_with_templates

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1709208000"


def test_workers_build_the_same_bytes_as_one_language_after_the_other(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site = tmp_path / "study"
    shutil.copytree(REPO, site, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "build",
                                                                 ".*cache", ".hypothesis", ".benchmarks"))
    assert build_site(site / "mkdocs.yml", tmp_path / "one", jobs=1) == ["de", "en"]
    assert build_site(site / "mkdocs.yml", tmp_path / "two", jobs=2) == ["de", "en"]
    one, two = every_file(tmp_path / "one"), every_file(tmp_path / "two")
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    assert "en/categories/grenzminimierungen/index.html" in two


def test_a_language_failing_in_its_worker_fails_the_build_and_keeps_the_published_site(tmp_path: Path) -> None:
    site = site_with_templates(tmp_path / "study")
    published = tmp_path / "public"
    assert build_site(site / "mkdocs.yml", published, jobs=2) == ["de", "en"]
    before = every_file(published)
    (site / "page-templates" / "home.md.j2").write_text(  # fails in English only, found building, not checking
        "{% if lang == 'en' %}{{ no_such_value }}{% endif %}# Start\n", "utf-8")
    with pytest.raises(BuildError, match=r"(?s)building 'en' failed.*home\.md\.j2.*no_such_value"):
        build_site(site / "mkdocs.yml", published, jobs=2)
    assert every_file(published) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging folder left


def test_the_workers_log_lines_reach_this_process(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site = site_with_templates(tmp_path / "study")
    # the levels the workers get are the parent's loggers' (a CLI run earlier in the session may
    # have set mkdocs to WARNING), so this test sets them itself
    with caplog.at_level(logging.INFO), caplog.at_level(logging.INFO, logger="mkdocs"), \
            caplog.at_level(logging.INFO, logger="befund"):
        build_site(site / "mkdocs.yml", tmp_path / "public", jobs=2)
    said = [(r.name, r.getMessage()) for r in caplog.records]
    for lang in ("de", "en"):
        assert any(name == "befund" and f"building '{lang}'" in message for name, message in said), said
    assert any(name.startswith("mkdocs") and "Documentation built" in message for name, message in said), said


def test_one_job_builds_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import befund.workers

    def no_workers(*args: object, **kwargs: object) -> None:
        raise AssertionError("jobs=1 must not start worker processes")

    monkeypatch.setattr(befund.workers.WorkerPool, "__init__", no_workers)
    site = site_with_templates(tmp_path / "study")
    assert build_site(site / "mkdocs.yml", tmp_path / "public", jobs=1) == ["de", "en"]
    assert build_site(site / "mkdocs.yml", tmp_path / "public", jobs=4, languages=["en"]) == ["en"]


def test_workers_started_during_a_failing_check_are_gone_when_it_fails(tmp_path: Path) -> None:
    site = site_with_templates(tmp_path / "study")
    categories = site / "codebook" / "categories"
    broken = next(categories.glob("*.yaml"))
    broken.write_text(broken.read_text("utf-8") + "\nno_such_field: 1\n", "utf-8")
    with pytest.raises(BuildError, match="nothing was built"):
        build_site(site / "mkdocs.yml", tmp_path / "public", jobs=2)
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "public").exists()


def test_the_languages_to_build_are_peeked_from_study_yaml(tmp_path: Path) -> None:
    codebook = site_with_templates(tmp_path / "study") / "codebook"
    assert peek_languages(codebook, None) == ["de", "en"]
    assert peek_languages(codebook, ["en", "fr"]) == ["en"]
    (codebook / "study.yaml").write_text("languages: [de, en\n", "utf-8")  # the check reports it, not the peek
    assert peek_languages(codebook, None) == []
    assert peek_languages(tmp_path / "nowhere", None) == []


def test_the_codebook_folder_is_peeked_from_mkdocs_yml(tmp_path: Path) -> None:
    """``befund build`` starts its workers before MkDocs reads mkdocs.yml: a lenient peek finds the
    codebook (any tag read as nothing), and says nothing when it cannot tell."""
    config = tmp_path / "mkdocs.yml"
    cases = {
        "plugins:\n  - search\n  - befund\n": tmp_path / "codebook",
        "plugins:\n  - befund:\n      codebook: data/cb\n": tmp_path / "data" / "cb",
        "plugins:\n  befund: {codebook: other}\n  search: {}\n": tmp_path / "other",
        "site_url: !ENV [SITE_URL, 'https://example.org/']\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\nplugins: [befund]\n":
            tmp_path / "codebook",
        "plugins:\n  - search\n": None,
        "INHERIT: base.yml\nplugins: [befund]\n": None,  # the codebook may be the base's: MkDocs tells
        "plugins: [befund\n": None,
        "plugins:\n  - befund:\n      codebook: [a]\n": None,
    }
    for text, expected in cases.items():
        config.write_text(text, "utf-8")
        assert peek_codebook(config) == expected, text
    assert peek_codebook(tmp_path / "missing.yml") is None


def test_the_workers_planned_follow_languages_jobs_and_cores(tmp_path: Path) -> None:
    site = site_with_templates(tmp_path / "study")
    config = site / "mkdocs.yml"
    assert planned_workers(config, None, 4) == 2
    assert planned_workers(config, ["en"], 4) == 1
    assert planned_workers(config, None, 1) == 1
    assert planned_workers(config, None, None) == min(2, available_cores())
    assert planned_workers(tmp_path / "nowhere.yml", None, None) == 0


def _build_probe(site: Path, out: Path, host_thread: bool) -> list[str]:
    """``befund build -j 2`` as its own process, saying when a spawned pool starts and whether a build
    forks; *host_thread*: with a thread running, as in a host that embeds befund."""
    probe = (
        "import sys, threading\n"
        + ("threading.Thread(target=threading.Event().wait, daemon=True).start()\n" if host_thread else "")
        + "from befund import workers\n"
        "started = workers.WorkerPool.__init__\n"
        "def spy(self, count):\n"
        "    print('pool', count, 'befund.build' in sys.modules, 'mkdocs.commands.build' in sys.modules)\n"
        "    started(self, count)\n"
        "workers.WorkerPool.__init__ = spy\n"
        "forked = workers.run_forked\n"
        "def spy_fork(tasks, at_once):\n"
        "    print('fork', len(tasks), at_once, 'befund.check' in sys.modules, flush=True)\n"
        "    return forked(tasks, at_once)\n"
        "workers.run_forked = spy_fork\n"
        "from befund import cli\n"
        "finish = cli._finish\n"
        "def spy_finish(code):\n"
        "    print('finish', 'mkdocs.commands.build' in sys.modules, flush=True)\n"
        "    finish(code)\n"
        "cli._finish = spy_finish\n"
        "from befund.cli import run\n"
        f"sys.argv = ['befund', 'build', '-f', {str(site / 'mkdocs.yml')!r}, '-d', {str(out)!r}, '-j', '2']\n"
        "run()\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**os.environ, "BEFUND_CACHE_DIR": "off"})
    assert done.returncode == 0, done.stderr
    assert (out / "en" / "index.html").is_file()
    return done.stdout.splitlines()


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_befund_build_forks_its_workers_after_the_check(tmp_path: Path) -> None:
    """A worker forked from the process that checked the site starts building at once: nothing to
    import again, no model to pickle (on the real study a fifth less CPU than spawned workers)."""
    said = _build_probe(site_with_templates(tmp_path / "study"), tmp_path / "out", host_thread=False)
    assert said[0] == "fork 2 2 True"  # no spawned pool was started
    assert said[-1] == "finish False"  # the workers build; this process never needed MkDocs' build


def test_befund_build_in_a_threaded_host_spawns_its_workers_before_it_imports_mkdocs(tmp_path: Path) -> None:
    """Where a fork could copy a lock another thread holds, workers are spawned, first thing, so that
    they import MkDocs and befund while the parent imports its own (cli.build): a pool started after
    ``befund.build`` was imported would wait for the parent's imports (0.15 s of 1.4 s on the real
    study). The workers import what their builds need while warming up."""
    said = _build_probe(site_with_templates(tmp_path / "study"), tmp_path / "out", host_thread=True)
    assert said[0] == "pool 2 False False"
    assert not any(line.startswith("fork") for line in said)
    assert said[-1] == "finish False"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_befund_build_as_its_own_process_ends_cleanly(tmp_path: Path, jobs: str) -> None:
    """The build process ends at once (cli._finish) but runs its exit handlers first: without them
    multiprocessing's resource tracker warned of the log queue's leaked semaphores after every build."""
    site = site_with_templates(tmp_path / "study")
    done = subprocess.run([sys.executable, "-m", "befund", "build", "-f", str(site / "mkdocs.yml"), "-d",
                           str(tmp_path / "out"), "-j", jobs], capture_output=True, text=True,
                          env={**os.environ, "BEFUND_CACHE_DIR": "off"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == f"befund: built de, en into {tmp_path / 'out'}"
    assert "Traceback" not in done.stderr and "resource_tracker" not in done.stderr, done.stderr
    assert "leaked" not in done.stderr, done.stderr


def test_a_worker_warms_up_with_what_its_build_imports() -> None:
    wanted = ["befund.build", "befund.citations", "befund.plugin", "befund.render.blocks", "befund.render.renderer",
              "befund.templatecache", "citeproc", "jinja2", "mkdocs.commands.build"]
    probe = ("import sys\nfrom befund.workers import _warm_up\n_warm_up()\n"
             f"print(sorted(m for m in {wanted!r} if m in sys.modules))\n"
             "print('befund.anon.patterns' in sys.modules)")  # a build lints nothing: the rule table stays out
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [repr(wanted), "False"]


def test_a_refused_mkdocs_yml_ends_the_early_workers_too(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from befund.cli import main

    site = site_with_templates(tmp_path / "study")
    config = site / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nuse_directory_urls: maybe\n", "utf-8")
    assert planned_workers(config, None, 2) == 2  # the peek is fine; MkDocs refuses the file
    result = CliRunner().invoke(main, ["build", "-f", str(config), "-d", str(tmp_path / "out"), "-j", "2"])
    assert result.exit_code == 2, result.output
    assert "use_directory_urls" in result.output
    assert multiprocessing.active_children() == []


def _running(pid: int) -> bool:
    """Whether *pid* runs (a zombie has ended: nobody may reap it in a container)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _kill_parent_and_see_its_workers_end(probe: str, pids: Path) -> None:
    """Run *probe*, which writes its two workers' pids to *pids* and kills itself; its workers end."""
    # no pipes: workers that outlive the parent would hold them open
    subprocess.run([sys.executable, "-c", probe], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    workers = [int(pid) for pid in pids.read_text().split()]
    assert len(workers) == 2
    waited = 0.0
    while any(_running(pid) for pid in workers) and waited < 15:
        time.sleep(0.1)
        waited += 0.1
    assert not any(_running(pid) for pid in workers)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc (Linux)")
def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    """A parent killed alone cannot tell its workers to stop: they watch it (workers._end_with)."""
    probe = ("import multiprocessing, os, time\n"
             "from befund.workers import WorkerPool\n"
             "pool = WorkerPool(2)\n"
             "busy = [pool.submit(time.sleep, 120) for _ in range(2)]\n"
             "while len(multiprocessing.active_children()) < 2 or not all(f.running() for f in busy):\n"
             "    time.sleep(0.05)\n"
             "pids = ' '.join(str(p.pid) for p in multiprocessing.active_children())\n"
             f"open({str(tmp_path / 'pids')!r}, 'w').write(pids)\n"
             "os.kill(os.getpid(), 9)\n")
    _kill_parent_and_see_its_workers_end(probe, tmp_path / "pids")


def test_befund_build_reads_the_sites_mkdocs_yml_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``befund build`` reads mkdocs.yml before building (a refused file exits 2) and hands what it
    read to the build; only each language's own configuration is read again."""
    from click.testing import CliRunner

    from befund import build, siteconfig
    from befund.cli import main

    site = site_with_templates(tmp_path / "study")
    reads: list[bool] = []
    real = siteconfig.read_site

    def counted(config_file: Path, **overrides: object) -> siteconfig.Site:
        reads.append(bool(overrides))
        return real(config_file, **overrides)

    monkeypatch.setattr(siteconfig, "read_site", counted)
    monkeypatch.setattr(build, "read_site", counted)
    result = CliRunner().invoke(main, ["build", "-f", str(site / "mkdocs.yml"), "-d", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert reads == [False, True, True]  # the site, then de and en


def _probe(scenario: str, folder: Path) -> Any:
    """What ``tests/forkprobe.py`` finds in a fresh interpreter (this one may run threads)."""
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("forkprobe.py")), scenario, str(folder)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_forked_workers_say_what_they_raised_and_logged(tmp_path: Path) -> None:
    found = _probe("outcomes", tmp_path)
    assert found["outcomes"] == [None, ["BuildError", "no luck"], ["RuntimeError", found["outcomes"][2][1]],
                                 ["ChildProcessError", "a worker ended with exit status 3"]]
    assert "_Unpicklable: odd" in found["outcomes"][2][1]  # an exception that cannot be pickled: its traceback
    assert found["heard"] == [["befund", "WARNING", "said in a worker: hello"]]
    assert found["children"] == 0


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_forked_workers_run_at_most_at_once_together(tmp_path: Path) -> None:
    assert _probe("overlap", tmp_path) == {"1": 1, "2": 2}


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_workers_are_not_forked_while_any_other_thread_runs(tmp_path: Path) -> None:
    """A fork copies the locks another thread holds, and only this thread goes on in the copy: with
    any other thread, also one Python's threading module does not know of (a C library's), workers
    are spawned."""
    assert _probe("threads", tmp_path) == ["fork", "spawn", "fork", "spawn", "fork"]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="forks on Linux and reads process states from /proc")
def test_forked_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    probe = ("import os, signal, time, multiprocessing\n"
             "from befund.workers import run_forked\n"
             "def killed(*_):\n"
             f"    open({str(tmp_path / 'pids')!r}, 'w').write(' '.join(str(p.pid) for p in "
             "multiprocessing.active_children()))\n"
             "    os.kill(os.getpid(), 9)\n"
             "signal.signal(signal.SIGALRM, killed)\n"
             "signal.alarm(2)\n"
             "run_forked([(time.sleep, (120,)), (time.sleep, (120,))], 2)\n")
    _kill_parent_and_see_its_workers_end(probe, tmp_path / "pids")
