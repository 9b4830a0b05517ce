"""The security review's attacks on content (issue 14): each one refused, nothing lost.

Every refusal is exit 2 with the file, the line where there is one, and a fix; a refused
ingest leaves the queue byte for byte as it was; the daemon and the desk run on.
"""

from __future__ import annotations

import fcntl
import io
import json
import logging
import re
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from scheduler.delivery.daemon import Daemon
from scheduler.errors import ConfigError, EssayFileError, QueueError
from scheduler.essays.reading import read_document
from scheduler.store.config_file import load_config
from scheduler.store.content import find_snippet, load_content
from scheduler.store.ingest import ingest, queue_path
from scheduler.store.project import Project, queue_lock
from scheduler.team import queue_edits as queue_changes
from tests.test_essays_formats import _minimal_pdf

BODY = (
    "Leiderschap vraagt moed. Een leider creëert ruimte voor anderen om te groeien. "
    "Wie zichzelf kent, kan de ander werkelijk zien. Kwetsbaarheid is een kracht.\n"
)


def queue_bytes(project: Project) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(project.queue_dir.iterdir()) if p.is_file()}


def essay(project: Project, name: str, front: str, body: str = BODY) -> Path:
    path = project.essays_dir / name
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    return path


def refused(result, name: str, line: int | None = None) -> str:
    """Exit 2, the file (and line) named, a fix, and no traceback."""
    assert result.exit_code == 2, result.output
    where = f"{name}:{line}:" if line else name
    assert where in result.output, result.output
    assert "fix:" in result.output and "Traceback" not in result.output
    return result.output


# ---- 1: a front-matter slug is a slug, never a path ---------------------------------------


@pytest.mark.parametrize(
    ("slug", "file"),
    [
        ("../../../pwned/owned", "pwned-owned.yaml"),
        ("/tmp/owned-absolute", "tmp-owned-absolute.yaml"),
        ("sub/dir", "sub-dir.yaml"),
        ("../..", "een-titel.yaml"),
    ],
)
def test_a_front_matter_slug_never_writes_outside_the_queue(run_cli, project, slug, file):
    essay(project, "evil.md", f"title: Een titel\nslug: {slug}\n")
    before = {p for p in project.root.parent.rglob("*") if p.is_file()}
    result = run_cli("ingest", "--json")
    assert result.exit_code == 0, result.output
    after = {p for p in project.root.parent.rglob("*") if p.is_file()}
    written = {p.relative_to(project.root) for p in after - before}
    state = {p for p in written if p.parts[0] == "var"}  # the ledger, which keeps the audit trail
    assert written - state == {Path("posts/queue") / file}
    snippets = json.loads(run_cli("queue", "--json").output)
    assert any(row["essay"] == file.removesuffix(".yaml") for row in snippets)


def test_the_queue_path_refuses_a_slug_that_would_leave_the_queue(project):
    with pytest.raises(QueueError, match="outside posts/queue"):
        queue_path(project, "../outside")
    assert queue_path(project, "een-titel").parent == project.queue_dir


def test_the_desk_reingest_slugifies_too(project, staff):
    client, csrf = staff
    essay(project, "evil.md", "title: Een titel\nslug: ../../../pwned/owned\n")
    client.post("/essays/ingest", data={"csrf_token": csrf})
    job = client.app.state.reingests.job
    job.finished.wait()
    assert not job.error and (project.queue_dir / "pwned-owned.yaml").is_file()
    assert not (project.root.parent.parent / "pwned").exists()


# ---- 2: every URL checked where it is read ------------------------------------------------


def _set_config(project: Project, old: str, new: str) -> int:
    text = project.config_path.read_text()
    assert old in text
    text = text.replace(old, new, 1)
    project.config_path.write_text(text)
    return text[: text.index(new)].count("\n") + 1


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://www.inspira.nl/x", "mailto:a@b.nl"])
def test_a_blog_url_that_is_not_http_is_refused_by_every_command(run_cli, project, url):
    line = _set_config(project, "url: http://www.inspira.nl/", f"url: '{url}' #")
    snippet_id = project.queue().snippets[0].id
    for command in (
        ["queue"],
        ["plan"],
        ["preview", snippet_id],
        ["publish", snippet_id, "--to", "twitter"],
        ["simulate", "--days", "2"],
        ["run", "--once", "--dry-run"],
        ["essays"],
    ):
        output = refused(run_cli(*command), "scheduler.yaml", line)
        assert "not a web address" in output, command


def test_an_essay_url_in_the_config_is_checked_with_its_line(project):
    text = project.config_path.read_text().replace(
        "essay_urls: {}",
        "essay_urls:\n    gelijkwaardigheid: https://www.inspira.nl/ok\n"
        "    kwaliteit-van-contact: ftp://www.inspira.nl/x",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(text, "config/scheduler.yaml")
    assert caught.value.line == text[: text.index("ftp://")].count("\n") + 1
    assert "essay_urls.kwaliteit-van-contact" in caught.value.problem


def test_a_bare_domain_is_completed_to_https(project):
    config = load_config(
        project.config_path.read_text().replace(
            "url: http://www.inspira.nl/inspiratie/inspiratie-tijdlijn/",
            "url: www.inspira.nl/blog/",
        )
    )
    assert config.blog_url == "https://www.inspira.nl/blog/"


def test_a_front_matter_url_is_checked_and_a_bare_domain_completed(run_cli, project):
    path = essay(project, "eigen.md", "title: Eigen essay\nurl: www.inspira.nl/blog/eigen\n")
    assert run_cli("ingest").exit_code == 0
    (snippet,) = [s for s in project.queue().snippets if s.essay == "eigen-essay"][:1]
    preview = run_cli("preview", snippet.id).output
    assert "https://www.inspira.nl/blog/eigen?utm_source" in preview
    before = queue_bytes(project)
    path.write_text(path.read_text().replace("www.inspira.nl/blog/eigen", "javascript:alert(1)"))
    refused(run_cli("ingest"), "eigen.md", 3)
    assert queue_bytes(project) == before


def test_a_url_edited_into_a_queue_file_is_refused_and_the_daemon_runs_on(run_cli, project):
    daemon = Daemon(project, dry_run=True)
    path = sorted(project.queue_dir.glob("*.yaml"))[0]
    text = path.read_text()
    path.write_text(text.replace("\nkind:", "\nurl: 'javascript:alert(1)'\nkind:", 1))
    line = path.read_text().split("\n").index("url: 'javascript:alert(1)'") + 1
    refused(run_cli("queue"), path.name, line)
    good = daemon.content
    assert daemon.reload() is False and daemon.content.queue == good.queue
    daemon.ledger.close()


def test_a_public_base_from_the_environment_is_checked(run_cli, project, monkeypatch):
    monkeypatch.setenv("SCHEDULER_PUBLIC_BASE", "javascript:alert(1)//")
    result = run_cli("queue")
    assert result.exit_code == 2 and "SCHEDULER_PUBLIC_BASE is not a web address" in result.output


def test_the_desk_shows_a_bad_url_instead_of_failing(project, staff):
    client, _ = staff
    _set_config(project, "url: http://www.inspira.nl/", "url: 'javascript:alert(1)' #")
    for page in ("/", "/calendar", "/essays", "/log"):
        answer = client.get(page)
        assert answer.status_code != 500 and "not a web address" in answer.text, page


# ---- 3: one queue file per essay file -----------------------------------------------------


def test_two_essays_with_one_title_get_distinct_stable_slugs(run_cli, project):
    essay(project, "a.md", "title: Zelfde titel\n", "Eerste essay. " + BODY)
    essay(project, "b.md", "title: Zelfde titel\n", "Tweede essay. De moed om te vragen. " + BODY)
    result = run_cli("ingest")
    assert result.exit_code == 0
    assert "b.md: the essay 'Zelfde titel' has the slug of an essay in a.md" in result.output
    queue = project.queue()
    sources = {e.slug: e.source for e in queue.essays if e.title == "Zelfde titel"}
    assert sources == {"zelfde-titel": "a.md", "zelfde-titel-b": "b.md"}
    edited = next(s for s in queue.snippets if s.essay == "zelfde-titel-b")
    assert run_cli("approve", edited.id).exit_code == 0
    for again in (["ingest"], ["ingest", str(project.essays_dir / "b.md")]):
        assert run_cli(*again).exit_code == 0
        queue = project.queue()
        assert {e.slug: e.source for e in queue.essays if e.title == "Zelfde titel"} == sources
        kept = queue.snippet(edited.id)
        assert kept is not None and kept.status == "approved" and not kept.orphaned


def test_an_essay_ingested_alone_never_takes_another_files_queue(run_cli, project):
    essay(project, "a.md", "title: Zelfde titel\n", "Eerste essay. " + BODY)
    assert run_cli("ingest", str(project.essays_dir / "a.md")).exit_code == 0
    first = project.queue_dir / "zelfde-titel.yaml"
    before = first.read_bytes()
    essay(project, "b.md", "title: Zelfde titel\n", "Tweede essay. " + BODY)
    result = run_cli("ingest", str(project.essays_dir / "b.md"))
    assert result.exit_code == 0 and "queued as zelfde-titel-b" in result.output
    assert first.read_bytes() == before


# ---- 5: YAML alias bombs ------------------------------------------------------------------


def _bomb(indent: str, levels: int = 6) -> str:
    """Nested aliases: nine of nine of nine…, 9**levels values once expanded."""
    lines = [f"{indent}a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, levels):
        lines.append(f"{indent}a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_in_the_config_is_refused_and_the_daemon_keeps_its_config(run_cli, project):
    daemon = Daemon(project, dry_run=True)
    text = project.config_path.read_text()
    bombed = text.replace("  vocabulary:\n", "  vocabulary:\n" + _bomb("    "), 1)
    project.config_path.write_text(bombed)
    line = bombed[: bombed.index("a5: &a5")].count("\n") + 1
    output = refused(run_cli("queue"), "scheduler.yaml", line)
    assert "aliases expand to more than" in output
    good = daemon.content.config
    assert daemon.reload() is False and daemon.content.config is good
    daemon.ledger.close()


def test_an_alias_bomb_in_a_queue_title_is_refused(run_cli, project):
    path = sorted(project.queue_dir.glob("*.yaml"))[0]
    text = re.sub(r"\ntitle: .*\n", lambda _: "\ntitle:\n" + _bomb("  "), path.read_text(), count=1)
    path.write_text(text)
    line = text[: text.index("a5: &a5")].count("\n") + 1
    assert "aliases expand to more than" in refused(run_cli("queue"), path.name, line)


def test_a_small_alias_is_still_fine():
    config = load_config(
        "slots: &weekly\n  - {days: weekdays, times: ['09:00']}\n"
        "accounts:\n  - {platform: twitter, handle: someone, slots: *weekly}\n"
    )
    assert config.accounts[0].schedule.weekly


def test_an_alias_bomb_in_essay_front_matter_is_refused(run_cli, project):
    before = queue_bytes(project)
    essay(project, "bom.md", "title: Bom\ntags:\n" + _bomb("  "))
    output = refused(run_cli("ingest"), "bom.md", 9)
    assert "aliases expand to more than" in output
    assert queue_bytes(project) == before


# ---- 9: files that are not what they seem -------------------------------------------------


def _aes_pdf() -> bytes:
    """A PDF encrypted the way Word and Acrobat do it (AES-128), with an empty user password.

    pypdf can only write AES with the cryptography package, so the RC4 file it writes gets
    the AES crypt filter: the key check (MD5, RC4) is the same, the streams need AES.
    """
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_minimal_pdf(["Titel", "Tekst."]))))
    writer.encrypt("", "owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    aes = b"/V 4 /CF << /StdCF << /AuthEvent /DocOpen /CFM /AESV2 /Length 16 >> >> "
    return (
        out.getvalue()
        .replace(b"/V 2", aes + b"/StmF /StdCF /StrF /StdCF")
        .replace(b"/R 3", b"/R 4")
    )


def test_an_encrypted_pdf_is_refused_by_name_and_the_others_are_read(run_cli, project):
    (project.essays_dir / "geheim.pdf").write_bytes(_aes_pdf())
    result = run_cli("ingest", "--json")
    assert result.exit_code == 2 and "Traceback" not in result.output
    report = json.loads(result.stdout)
    assert any("geheim.pdf" in e and "encrypted" in e for e in report["errors"])
    assert len(report["essays"]) == 9


@pytest.mark.parametrize("kind", ["dangling", "loop", "binary"])
def test_a_bad_entry_in_the_queue_folder_is_refused_by_name(run_cli, project, kind, caplog):
    daemon = Daemon(project, dry_run=True)
    entry = project.queue_dir / "zz-entry.yaml"
    if kind == "dangling":
        entry.symlink_to(project.root / "nowhere.yaml")
    elif kind == "loop":
        entry.symlink_to(project.queue_dir / "zz-other.yaml")
        (project.queue_dir / "zz-other.yaml").symlink_to(entry)
    else:
        entry.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe binary")
    for command in (["queue"], ["plan"], ["essays"]):
        refused(run_cli(*command), "zz-")
    good = daemon.content
    with caplog.at_level(logging.INFO):  # the housekeeping tick refuses it and runs on
        daemon.tick()
    assert "content refused" in caplog.text and "housekeeping failed" not in caplog.text
    assert daemon.content.queue == good.queue
    daemon.ledger.close()


def test_a_folder_named_like_a_queue_file_is_passed_by(run_cli, project):
    (project.queue_dir / "folder.yaml").mkdir()
    result = run_cli("queue", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)


def test_the_desk_shows_a_broken_queue_folder_instead_of_failing(project, staff):
    client, _ = staff
    (project.queue_dir / "zz-entry.yaml").symlink_to(project.root / "nowhere.yaml")
    answer = client.get("/")
    assert answer.status_code != 500 and "zz-entry.yaml" in answer.text


def test_card_output_must_be_one_png_or_a_folder(run_cli, project, tmp_path):
    snippet_id = project.queue().snippets[0].id
    existing = tmp_path / "existing.png"
    existing.write_bytes(b"old")
    output = refused(run_cli("card", snippet_id, "-o", str(existing)), "existing.png")
    assert "3 cards" in output and existing.read_bytes() == b"old"
    notes = tmp_path / "notes.txt"
    refused(run_cli("card", snippet_id, "-o", str(notes)), "notes.txt")
    assert not notes.exists()
    one = run_cli("card", snippet_id, "--platform", "twitter", "-o", str(existing))
    assert one.exit_code == 0 and existing.read_bytes().startswith(b"\x89PNG")
    folder = run_cli("card", snippet_id, "-o", str(tmp_path / "cards"))
    assert folder.exit_code == 0 and len(list((tmp_path / "cards").glob("*.png"))) == 3


# ---- 10: size limit, and the desk's re-ingest in the background ---------------------------


def test_an_essay_over_the_configured_size_is_refused_by_name(run_cli, project):
    _set_config(project, "rules:", "ingest: {max_essay_size: 2KB}\nrules:")
    before = queue_bytes(project)
    (project.essays_dir / "groot.txt").write_text("Titel\n\n" + "Een zin. " * 300)
    output = refused(run_cli("ingest"), "groot.txt")
    assert "larger than 0.002 MB" in output and queue_bytes(project) == before


def test_the_default_limit_refuses_a_50_mb_class_essay_by_name(tmp_path):
    big = tmp_path / "groot.txt"
    with big.open("w") as handle:  # about 5.5 MB: a 50 MB file ran for minutes
        handle.write("Titel\n\n" + "Een zin die terugkomt. " * 240_000)
    limit = load_config("").max_essay_bytes
    with pytest.raises(EssayFileError, match="larger than 5 MB") as caught:
        read_document(big, max_bytes=limit)
    assert caught.value.path == str(big) and "max_essay_size" in (caught.value.hint or "")


def test_a_bad_size_limit_is_refused_with_its_line(project):
    with pytest.raises(ConfigError, match="not a size") as caught:
        load_config("ingest:\n  max_essay_size: lots\n")
    assert caught.value.line == 2


def test_the_desk_reingest_runs_outside_the_request(project, staff):
    client, csrf = staff
    with queue_lock(project):  # a writer holds the queue: the request must still answer
        answer = client.post("/essays/ingest", data={"csrf_token": csrf})
        assert answer.status_code == 200 and "Re-ingesting" in answer.text
        assert "Re-ingesting" in client.get("/essays/ingest").text
        again = client.post("/essays/ingest", data={"csrf_token": csrf})
        assert again.status_code == 200
    job = client.app.state.reingests.job
    job.finished.wait()
    progress = client.get("/essays/ingest").text
    assert "Ingested 9 essays" in progress and "hx-trigger" not in progress
    assert (job.done, job.total) == (1, 1)  # the bundled essays are one file


def test_the_queue_stays_open_for_changes_while_ingest_reads_the_essays(project):
    """The desk says so while it re-ingests: a change made meanwhile neither waits for the
    whole ingest nor is lost by it."""
    snippet_id = next(s.id for s in load_content(project).queue.snippets if s.status == "new")
    free: list[bool] = []

    def reading(_name: str) -> None:
        with open(project.var_dir / "queue.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                free.append(False)
                return
            fcntl.flock(handle, fcntl.LOCK_UN)
        free.append(True)
        queue_changes.approve(project, [snippet_id])  # as the desk would, meanwhile

    ingest(project, progress=reading)
    assert free == [True]
    assert find_snippet(load_content(project), snippet_id).status == "approved"


# ---- 11: a folder of essays ---------------------------------------------------------------


def test_ingest_reads_the_essays_in_a_folder(run_cli, project, tmp_path):
    folder = tmp_path / "nieuw"
    folder.mkdir()
    (folder / "een.md").write_text("---\ntitle: Uit een map\n---\n\n" + BODY)
    (folder / "notities.odt").write_bytes(b"not an essay")
    result = run_cli("ingest", "--json", str(folder))
    assert result.exit_code == 0, result.output
    assert [e["title"] for e in json.loads(result.stdout)["essays"]] == ["Uit een map"]


def test_ingest_of_the_essays_folder_reads_them_all(project):
    report = ingest(project, [project.essays_dir])
    assert len(report.essays) == 9 and not report.errors


def test_a_refused_reload_keeps_all_of_the_last_good_content(project):
    _set_config(project, "  public_base:", "  public_base: https://go.inspira.nl")
    daemon = Daemon(project, dry_run=True)
    good = daemon.content
    _set_config(project, "timezone: Europe/Amsterdam", "timezone: Mars/Base")
    assert daemon.reload() is False
    assert daemon.content.config is good.config and daemon.content.short_code is good.short_code
    daemon.ledger.close()
