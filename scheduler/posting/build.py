"""From a queued snippet to the post one account publishes: link, hashtags, text, checks."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from scheduler.errors import ConfigError, QueueError
from scheduler.model.platforms import PLATFORMS
from scheduler.model.post import Post
from scheduler.model.settings import Account, Config, Schedule
from scheduler.model.snippets import Queue, Snippet
from scheduler.posting.compose import PLATFORM_LIMITS, Piece, Rendered, alt_text, length_on, render
from scheduler.posting.hashtags import ranked_tags
from scheduler.posting.tracking import link_for_essay, short_url, tag_url
from scheduler.urls import URL_HINT, web_url

PUBLIC_BASE_VARIABLE = "SCHEDULER_PUBLIC_BASE"
ShortCode = Callable[[Snippet, str, str], str]  # (snippet, platform, target) -> code


def public_base(config: Config) -> str | None:
    value = os.environ.get(PUBLIC_BASE_VARIABLE)
    if not value:
        return config.public_base
    url = web_url(value)
    if url is None:
        raise ConfigError(
            f"{PUBLIC_BASE_VARIABLE} is not a web address (http or https): {value!r}",
            hint=URL_HINT,
        )
    return url


def essay_url(snippet: Snippet, queue: Queue, config: Config) -> str | None:
    essay = queue.essay(snippet.essay)
    if essay is not None and essay.url:
        return essay.url
    if not config.blog_url:
        return config.essay_urls.get(snippet.essay)
    return link_for_essay(snippet.essay, blog_url=config.blog_url, essay_urls=config.essay_urls)


def post_link(
    snippet: Snippet,
    account: Account,
    queue: Queue,
    config: Config,
    short_code: ShortCode | None = None,
) -> str | None:
    """The tagged essay link, or its short link when a public base is set."""
    url = essay_url(snippet, queue, config)
    if url is None:
        return None
    if account.utm:
        url = tag_url(
            url, platform=account.platform, essay_slug=snippet.essay, snippet_id=snippet.id
        )
    base = public_base(config)
    if base and short_code is not None:
        return short_url(base, short_code(snippet, account.platform, url))
    return url


def placed_link(
    snippet: Snippet,
    account: Account,
    queue: Queue,
    config: Config,
    short_code: ShortCode | None = None,
    *,
    place: str,
) -> str | None:
    """The link where `place` ("post": the post's own text; "comment": its first comment)
    carries it, or None when the account puts it elsewhere. link: comment leaves it out of the
    post (no link card either) and carries it to the first comment; link: none leaves it out.
    The link is made only for its one place: a short link is a row in the ledger."""
    if account.link != place:
        return None
    return post_link(snippet, account, queue, config, short_code)


def render_for(
    snippet: Snippet,
    account: Account,
    link: str | None,
    config: Config | None = None,
    *,
    variant: int = 0,
) -> Rendered:
    """The post's text for this account; `variant` n is the snippet's n-th repeat there, in
    another frame (context, intro, wording, tags) around the same quote."""
    piece = Piece(
        quote=snippet.quote,
        essay_title=snippet.essay_title,
        link=link,
        hashtags=quote_hashtags(snippet, config),
        attribution=snippet.attribution,
        intro=snippet.intro,
        context_before=snippet.context_before,
        context_after=snippet.context_after,
        author=config.author if config else None,
        fixed_hashtags=account.fixed_hashtags,
    )
    return render(
        account.platform,
        piece,
        max_hashtags=account.hashtags,
        own_voice=account.kind == "person",
        variant=variant,
    )


def quote_hashtags(snippet: Snippet, config: Config | None) -> tuple[str, ...]:
    """The staff's tags for this snippet, or those the quote's words call for, best first."""
    if snippet.hashtags or config is None:
        return snippet.hashtags
    return tuple(
        ranked_tags(
            snippet.quote,
            paragraph=f"{snippet.context_before} {snippet.context_after}",
            title=snippet.essay_title,
            vocabulary=config.hashtag_vocabulary,
            weights=config.hashtag_weights,
        )
    )


def build_post(
    snippet: Snippet,
    account: Account,
    queue: Queue,
    config: Config,
    short_code: ShortCode | None = None,
    *,
    variant: int = 0,
) -> Post:
    """`variant`: how many times this account posted the snippet before (see compose.render)."""
    in_post = placed_link(snippet, account, queue, config, short_code, place="post")
    in_comment = placed_link(snippet, account, queue, config, short_code, place="comment")
    rendered = render_for(snippet, account, in_post, config, variant=variant)
    image = card_png(snippet, account.platform, config) if account.cards else None
    return Post(
        snippet_id=snippet.id,
        platform=account.platform,
        handle=account.handle,
        text=rendered.text,
        link=in_post,
        title=snippet.essay_title,
        quote=snippet.quote,
        image=image,
        alt_text=alt_text(snippet.quote, config.author, snippet.attribution) if image else None,
        comment=link_comment(snippet.essay_title, in_comment),
    )


def link_comment(essay_title: str, link: str | None) -> str | None:
    """The first comment that carries the link: the essay's title, then the link."""
    return f"{essay_title}\n{link}" if link else None


def card_png(snippet: Snippet, platform: str, config: Config) -> bytes:
    """The quote card for a platform, in the config's colours; PostingError when it cannot be
    made (no author set, or a quote too long for any type size)."""
    from scheduler.posting.cards import CardStyle, render_card

    options: dict[str, object] = {k: v for k, v in config.card_style.items() if k != "logo"}
    if config.card_style.get("logo"):
        options["logo"] = Path(config.path).parent.parent / config.card_style["logo"]
    quote = f"{snippet.quote} — {snippet.attribution}" if snippet.attribution else snippet.quote
    return render_card(
        quote,
        author=config.author,
        title=snippet.essay_title,
        platform=platform,
        style=CardStyle(**options),
    )


def carries_link(snippet: Snippet, account: Account, queue: Queue, config: Config) -> bool:
    """Whether the account's post of this snippet has a URL in it: X charges more for those."""
    return essay_url(snippet, queue, config) is not None


def post_fits(post: Post) -> bool:
    return length_on(post.platform, post.text) <= PLATFORM_LIMITS[post.platform]


def fits(snippet: Snippet, account: Account) -> bool:
    # X weighs every link 23 whatever its length, and the other limits are far away, so a
    # stand-in link decides fit exactly on X and safely elsewhere.
    return render_for(snippet, account, "https://example.org/" + "x" * 200).fits


def fit_key(snippet: Snippet, account: Account) -> tuple[object, ...]:
    """What `fits` depends on: accounts alike in these share the answer (10,000 accounts on
    three platforms need a few renders per snippet, not 10,000)."""
    return (snippet.id, snippet.quote, account.platform, account.kind, account.hashtags,
            account.fixed_hashtags)  # fmt: skip


def platform_accounts(config: Config) -> dict[str, Account]:
    """One account per platform for previews: the configured one, or a default stand-in."""
    chosen = {}
    for platform in PLATFORMS:
        account = next((a for a in config.accounts if a.platform == platform), None)
        chosen[platform] = account or Account(
            platform=platform,
            handle="",
            url="",
            kind="person",
            schedule=Schedule(timezone=config.timezone),
            hashtags=0,
        )
    return chosen


def check_edits_fit(queue: Queue, config: Config) -> None:
    """An edited quote that no longer fits an account it goes to is refused, not truncated."""
    for snippet in queue.snippets:
        if not snippet.edited or snippet.status == "skipped":
            continue
        for account in config.accounts:
            if not fits(snippet, account):
                limit = PLATFORM_LIMITS[account.platform]
                length = render_for(snippet, account, "https://example.org/").length
                raise QueueError(
                    f"the edited quote of snippet {snippet.id} is too long for "
                    f"{account.platform} ({length} of {limit}, link included)",
                    path=snippet.file,
                    line=snippet.line,
                    hint="shorten the quote (it is never truncated), or set status: skipped",
                )
