"""Bad input gets exit 2 and a message naming the file, the line and the fix; nothing is lost."""

from __future__ import annotations

import re

import pytest

from scheduler.errors import ConfigError, QueueError
from scheduler.store.config_file import load_config
from scheduler.store.queue_files import load_queue

GOOD = """\
timezone: Europe/Amsterdam
blog: {url: https://example.org/blog/}
slots:
  - {days: weekdays, times: ['09:00']}
accounts:
  - platform: twitter
    handle: someone
"""


def error_for(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(text, "config/scheduler.yaml")
    return caught.value


@pytest.mark.parametrize(
    ("replace", "by", "line", "words"),
    [
        ("timezone: Europe/Amsterdam", "timezone: Europe/Amsterdamm", 1, "does not exist"),
        ("times: ['09:00']", "times: ['25:99']", 4, "not a time of day"),
        ("platform: twitter", "platform: myspace", 6, "unknown platform"),
        ("blog: {url", "blogg: {url", 2, "unknown key 'blogg'"),
        ("days: weekdays", "days: someday", 4, "unknown day"),
        ("    handle: someone", "    handle: someone\n    hashtag: 2", 8, "unknown key"),
    ],
)
def test_a_bad_config_value_names_the_line_and_the_fix(replace, by, line, words):
    error = error_for(GOOD.replace(replace, by))
    assert error.line == line
    assert words in error.problem
    assert error.hint
    assert error.path == "config/scheduler.yaml"


def test_a_negative_gap_is_refused():
    error = error_for(GOOD + "rules: {essay_spacing: -2d}\n")
    assert "negative" in error.problem and error.line == 8


@pytest.mark.parametrize("gap", ["3661d", "9999999999d", "9" * 400 + "w"])
def test_a_gap_beyond_ten_years_is_refused_not_a_traceback(gap):
    error = error_for(GOOD + f"rules: {{stagger: {gap}}}\n")
    assert "longer than ten years" in error.problem and error.line == 8
    assert error.hint


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ("Moed: 5", "the words of 'Moed' must be a list of words"),
        ("Moed: [[moed]]", "the words of 'Moed' must be a list of words"),
        ("Moed: ['']", "the words of 'Moed' must be a list of words"),
        ("Moed: {words: [moed], weight: .nan}", "the weight of 'Moed' must be a number"),
        ("Moed: {words: [moed], weight: .inf}", "the weight of 'Moed' must be a number"),
    ],
)
def test_a_bad_hashtag_vocabulary_entry_names_its_line(entry, words):
    error = error_for(GOOD + f"hashtags:\n  vocabulary:\n    {entry}\n")
    assert words in error.problem and error.line == 10
    assert error.hint


@pytest.mark.parametrize("cost", [".nan", ".inf"])
def test_a_cost_that_is_no_finite_number_is_refused(cost):
    error = error_for(GOOD + f"    cost_per_post: {cost}\n")
    assert "'cost_per_post' must be a number of 0 or more" in error.problem and error.line == 8


def test_a_duplicate_account_is_refused():
    error = error_for(GOOD + "  - platform: twitter\n    handle: someone\n")
    assert "twice" in error.problem and error.line == 8


def test_yaml_that_does_not_parse_names_its_line():
    error = error_for(GOOD.replace("slots:", "slots: [unclosed"))
    assert "does not parse" in error.problem and error.line is not None


def test_a_good_config_loads():
    config = load_config(GOOD)
    assert config.accounts[0].key == "twitter:someone"
    assert config.timezone.key == "Europe/Amsterdam"


QUEUE = """\
essay: an-essay
title: An essay
snippets:
  - id: 0123456789
    status: new
    quote: Kwetsbaarheid is een senior capaciteit.
"""


def test_an_unknown_status_in_a_queue_file_names_the_line():
    with pytest.raises(QueueError) as caught:
        load_queue({"posts/queue/an-essay.yaml": QUEUE.replace("status: new", "status: maybe")})
    assert caught.value.line == 5 and "unknown status" in caught.value.problem


def test_a_duplicated_snippet_id_is_refused():
    twice = QUEUE + "  - id: 0123456789\n    quote: Nog een keer.\n"
    with pytest.raises(QueueError) as caught:
        load_queue({"posts/queue/an-essay.yaml": twice})
    assert "used twice" in caught.value.problem and caught.value.line == 7


@pytest.mark.parametrize(
    ("replace", "by", "line", "words"),
    [
        ("title: An essay", "title: An essay\npost: no", 3, "'post' must be true or false"),
        ("status: new", "status: new\n    score: high", 6, "score 'high' is not a number"),
        ("status: new", "status: new\n    paragraph: x", 6, "paragraph 'x' is not a paragraph"),
        ("status: new", "status: new\n    paragraph: -1", 6, "paragraph -1 is not a paragraph"),
        ("status: new", "status: new\n    orphaned: yes", 6, "'orphaned' must be true or false"),
    ],
)
def test_a_bad_flag_or_number_in_a_queue_file_names_the_line(replace, by, line, words):
    # YAML 1.2 reads 'no' and 'yes' as text: taken for true, 'post: no' would keep posting
    with pytest.raises(QueueError) as caught:
        load_queue({"posts/queue/an-essay.yaml": QUEUE.replace(replace, by)})
    assert caught.value.line == line and words in caught.value.problem
    assert caught.value.hint


def test_queue_flags_and_numbers_that_are_right_load():
    text = QUEUE.replace("title: An essay", "title: An essay\npost: false").replace(
        "status: new", "status: new\n    score: 4.5\n    paragraph: 2\n    orphaned:"
    )
    queue = load_queue({"posts/queue/an-essay.yaml": text})
    (snippet,) = queue.snippets
    assert (snippet.postable, snippet.score, snippet.paragraph, snippet.orphaned) == (
        False,
        4.5,
        2,
        False,
    )


def _config_path(project):
    return project.config_path


def test_commands_exit_2_on_an_invalid_config_and_say_where(run_cli, project):
    path = _config_path(project)
    path.write_text(path.read_text().replace("timezone: Europe/Amsterdam", "timezone: Mars/Base"))
    for command in (["queue"], ["plan"], ["essays"], ["simulate", "--days", "1"]):
        result = run_cli(*command)
        assert result.exit_code == 2, command
        assert re.search(r"scheduler\.yaml:\d+: timezone 'Mars/Base' does not exist", result.output)
        assert "Traceback" not in result.output


def test_an_over_long_edited_quote_is_refused_with_file_and_line(run_cli, project):
    path = sorted(project.queue_dir.glob("kwetsbaarheid*.yaml"))[0]
    text = path.read_text()
    first_quote = re.search(r"    quote: (.+)\n", text).group(1)
    path.write_text(text.replace(f"quote: {first_quote}", "quote: " + "Lang woord " * 40, 1))
    result = run_cli("queue")
    assert result.exit_code == 2
    assert f"{path.name}:" in result.output and "too long for twitter" in result.output


def test_a_failed_ingest_leaves_the_queue_as_it_was(run_cli, project):
    broken = sorted(project.queue_dir.glob("*.yaml"))[2]
    broken.write_text(broken.read_text() + "snippets: [oops\n")
    before = {p: p.read_bytes() for p in project.queue_dir.glob("*.yaml")}
    result = run_cli("ingest")
    assert result.exit_code == 2
    assert broken.name in result.output
    assert {p: p.read_bytes() for p in project.queue_dir.glob("*.yaml")} == before


def test_essays_in_cp1252_latin1_empty_or_binary(run_cli, project):
    essays = project.essays_dir
    body = "Leiderschap vraagt moed. Een leider creëert ruimte voor anderen om te groeien.\n"
    (essays / "cp1252.md").write_bytes(f"---\ntitle: Eén blog\n---\n\n„{body}“\n".encode("cp1252"))
    (essays / "latin1.md").write_bytes(f"---\ntitle: Naïef\n---\n\n{body}".encode("latin-1"))
    (essays / "empty.md").write_bytes(b"")
    (essays / "binary.md").write_bytes(b"\x00\x01\x02PK\x00")
    result = run_cli("ingest", "--json")
    assert result.exit_code == 2
    assert "empty.md" in result.output and "binary.md" in result.output
    titles = {e["title"] for e in __import__("json").loads(result.output)["essays"]}
    assert {"Eén blog", "Naïef"} <= titles
